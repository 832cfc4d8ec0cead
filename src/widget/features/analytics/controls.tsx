/** The pickers the analytics views share: pipeline, period, a segmented choice. */
import type { Pipeline } from '../../../core/domain';
import { useUi } from '../../ui/context';

const PERIOD_DAYS = [30, 90, 180, 365] as const;
export type PeriodDays = (typeof PERIOD_DAYS)[number];

/** The last `days` days up to now, in Unix seconds, [from, to). */
export function periodOf(days: number, nowMs: number): { from: number; to: number } {
  const to = Math.floor(nowMs / 1000) + 1;
  return { from: to - 1 - days * 86_400, to };
}

export function PeriodPicker({ days, onChange }: { days: PeriodDays; onChange(days: PeriodDays): void }) {
  const { t } = useUi();
  return (
    <label>
      {t('analytics.period.label')}
      <select data-fr-an-period="" value={String(days)} onChange={(e) => onChange((PERIOD_DAYS.find((d) => d === Number(e.currentTarget.value)) ?? 90))}>
        {PERIOD_DAYS.map((d) => <option key={d} value={String(d)}>{t('analytics.period.days', { days: d })}</option>)}
      </select>
    </label>
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
