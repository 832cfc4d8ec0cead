/** The pickers the analytics views share: pipeline, period, a segmented choice. */
import type { Pipeline } from '../../../core/domain';
import { useUi } from '../../ui/context';
import type { CalendarPeriod, PeriodQuery } from './api';

const PERIOD_DAYS = [30, 90, 180, 365] as const;
const CALENDAR: readonly CalendarPeriod[] = ['this_week', 'last_week', 'this_month', 'last_month', 'this_quarter', 'last_quarter'];

/** What the period picker holds: the last N days, a calendar period or a custom range of local days (YYYY-MM-DD). */
export type PeriodChoice =
  | { kind: 'days'; days: number }
  | { kind: 'calendar'; name: CalendarPeriod }
  | { kind: 'range'; fromDay: string; toDay: string }
  /** Only where the view has its own default (the cohorts' last 26 weeks / 12 months). */
  | { kind: 'default' };

export const DEFAULT_PERIOD: PeriodChoice = { kind: 'days', days: 90 };

/** The last `days` days up to now, in Unix seconds, [from, to). */
function periodOf(days: number, nowMs: number): { from: number; to: number } {
  const to = Math.floor(nowMs / 1000) + 1;
  return { from: to - 1 - days * 86_400, to };
}

/**
 * The query for a choice: calendar periods and day ranges are resolved by the service in the
 * account's zone; an unfinished custom range (one day missing) asks for nothing yet (null).
 */
export function periodQuery(choice: PeriodChoice, nowMs: number): PeriodQuery | null {
  if (choice.kind === 'days') return periodOf(choice.days, nowMs);
  if (choice.kind === 'calendar') return { period: choice.name };
  if (choice.kind === 'default') return {};
  if (choice.fromDay === '' || choice.toDay === '' || choice.fromDay > choice.toDay) return null;
  return { fromDay: choice.fromDay, toDay: choice.toDay };
}

/** A short key for file names and effect dependencies. */
export const periodKey = (choice: PeriodChoice): string =>
  choice.kind === 'days' ? `${choice.days}d` : choice.kind === 'calendar' ? choice.name : choice.kind === 'range' ? `${choice.fromDay}_${choice.toDay}` : 'default';

const optionValue = (choice: PeriodChoice): string => (choice.kind === 'range' ? 'range' : periodKey(choice));

function choiceOf(value: string, current: PeriodChoice): PeriodChoice {
  if (value === 'default') return { kind: 'default' };
  if (value === 'range') return current.kind === 'range' ? current : { kind: 'range', fromDay: '', toDay: '' };
  const calendar = CALENDAR.find((c) => c === value);
  if (calendar !== undefined) return { kind: 'calendar', name: calendar };
  return { kind: 'days', days: PERIOD_DAYS.find((d) => `${d}d` === value) ?? 90 };
}

export function PeriodPicker({ value, onChange, withDefault = false }: { value: PeriodChoice; onChange(choice: PeriodChoice): void; withDefault?: boolean }) {
  const { t } = useUi();
  return (
    <>
      <label>
        {t('analytics.period.label')}
        <select data-fr-an-period="" value={optionValue(value)} onChange={(e) => onChange(choiceOf(e.currentTarget.value, value))}>
          {withDefault && <option value="default">{t('analytics.period.default')}</option>}
          {PERIOD_DAYS.map((d) => <option key={d} value={`${d}d`}>{t('analytics.period.days', { days: d })}</option>)}
          {CALENDAR.map((c) => <option key={c} value={c}>{t(`analytics.period.${c}`)}</option>)}
          <option value="range">{t('analytics.period.range')}</option>
        </select>
      </label>
      {value.kind === 'range' && (
        <>
          <label>
            {t('analytics.period.fromDay')}
            <input type="date" data-fr-an-from-day="" value={value.fromDay} onChange={(e) => onChange({ ...value, fromDay: e.currentTarget.value })} />
          </label>
          <label>
            {t('analytics.period.toDay')}
            <input type="date" data-fr-an-to-day="" value={value.toDay} onChange={(e) => onChange({ ...value, toDay: e.currentTarget.value })} />
          </label>
        </>
      )}
    </>
  );
}

export interface PipelinePickerProps {
  pipelines: readonly Pipeline[];
  value: number | null;
  onChange(id: number | null): void;
  /** Offers "all pipelines" (value null). */
  allowAll?: boolean;
}

export function PipelinePicker({ pipelines, value, onChange, allowAll = false }: PipelinePickerProps) {
  const { t } = useUi();
  return (
    <label>
      {t('analytics.pipeline')}
      <select data-fr-an-pipeline="" value={value === null ? '' : String(value)} onChange={(e) => onChange(e.currentTarget.value === '' ? null : Number(e.currentTarget.value))}>
        {allowAll && <option value="">{t('analytics.allPipelines')}</option>}
        {pipelines.filter((p) => !p.isArchive).map((p) => <option key={p.id} value={String(p.id)}>{p.name}</option>)}
      </select>
    </label>
  );
}

export interface SegmentedProps<T extends string> {
  label: string;
  value: T;
  options: ReadonlyArray<{ value: T; label: string }>;
  onChange(value: T): void;
  name: string;
}

export function Segmented<T extends string>({ label, value, options, onChange, name }: SegmentedProps<T>) {
  return (
    <div class="fr-an-field">
      <span>{label}</span>
      <span class="fr-an-seg" role="group" aria-label={label} data-fr-an-seg={name}>
        {options.map((o) => (
          <button key={o.value} type="button" aria-pressed={o.value === value} data-value={o.value} onClick={() => onChange(o.value)}>{o.label}</button>
        ))}
      </span>
    </div>
  );
}

/** The main pipeline first, then by the board's order. */
export const defaultPipeline = (pipelines: readonly Pipeline[]): number | null =>
  (pipelines.find((p) => p.isMain && !p.isArchive) ?? pipelines.find((p) => !p.isArchive))?.id ?? null;
