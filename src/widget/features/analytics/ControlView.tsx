/**
 * Control lists: deals stuck in their stage beyond its limit (measured from the day they entered
 * it — an "invoice sent" deal with a task for tomorrow can be two months old), and deals whose
 * next task is more than N days away. Every row links to the deal.
 */
import { useState } from 'preact/hooks';
import type { EpochMs } from '../../../core/brand';
import type { Pipeline } from '../../../core/domain';
import type { Translate } from '../../i18n';
import { useUi } from '../../ui/context';
import { formatDateTime, type DateFormatSettings } from '../../ui/format';
import { LoadingState } from '../../ui/LoadingState';
import { useAsync } from '../../ui/use-async';
import type { AnalyticsApi, DistantTasksResponse, StuckResponse } from './api';
import { PipelinePicker } from './controls';
import { DataTable } from './DataTable';
import { describeFailure } from './failure';
import { currencySymbol } from './format';
import { numberCell, textCell, type Cell, type Column, type TableModel } from './table';
import { SettingsEditor } from './SettingsEditor';
import { parseNumber } from './TargetsEditor';

export interface ControlViewProps {
  api: AnalyticsApi;
  pipelines: readonly Pipeline[];
  currency: string;
  /** Admins set the stage limits (the service checks again). */
  canEditSettings?: boolean;
  revision?: number;
}

const LIMIT = 200;

function stageNamer(pipelines: readonly Pipeline[]): (statusId: number) => string | null {
  const names = new Map<number, string>();
  for (const p of pipelines) for (const s of p.statuses) if (!names.has(s.id)) names.set(s.id, s.name);
  return (id) => names.get(id) ?? null;
}

const at = (seconds: number, dates: DateFormatSettings): string => formatDateTime((seconds * 1000) as EpochMs, dates);

interface DealRow { leadId: number; leadName: string; link: string; statusId: number; managerName: string; value: number }

interface TableContext { stage: (id: number) => string | null; currency: string; t: Translate; dates: DateFormatSettings }

/**
 * A control table: the deal, its stage and its manager first, the deal's value last, and between
 * them the list's own columns (how long it is stuck, how far its next task is).
 */
function dealTable<I extends DealRow>(
  id: string, title: string, items: readonly I[], { stage, currency, t, dates }: TableContext,
  own: { columns: Column[]; cells: (item: I) => Cell[] },
): TableModel {
  return {
    id,
    title,
    columns: [
      { id: 'deal', label: t('analytics.control.deal'), text: true },
      { id: 'stage', label: t('analytics.control.stage'), text: true },
      { id: 'manager', label: t('analytics.control.manager'), text: true },
      ...own.columns,
      { id: 'value', label: t('analytics.valueIn', { currency: currencySymbol(currency, dates.language) }) },
    ],
    rows: items.map((item) => ({
      key: `d${item.leadId}`,
      cells: [
        textCell(item.leadName, { href: item.link }),
        textCell(stage(item.statusId) ?? t('analytics.removed')),
        textCell(item.managerName),
        ...own.cells(item),
        numberCell('money', item.value, dates.language),
      ],
    })),
  };
}

function buildStuckTable(response: StuckResponse, context: TableContext, stem: string): TableModel {
  const { t, dates } = context;
  return dealTable(`stuck-${stem}`, t('analytics.control.stuckTitle'), response.items, context, {
    columns: [
      { id: 'since', label: t('analytics.control.since') },
      { id: 'days', label: t('analytics.control.inStage') },
      { id: 'limit', label: t('analytics.control.limit') },
    ],
    cells: (item) => [
      textCell(at(item.enteredAt, dates)),
      numberCell('days', item.daysInStage, dates.language, item.daysInStage >= 2 * item.limitDays ? { tone: 'bad' } : {}),
      numberCell('int', item.limitDays, dates.language),
    ],
  });
}

function buildDistantTable(response: DistantTasksResponse, context: TableContext, stem: string): TableModel {
  const { t, dates } = context;
  return dealTable(`next-task-${stem}-${response.days}d`, t('analytics.control.distantTitle'), response.items, context, {
    columns: [
      { id: 'next', label: t('analytics.control.nextTask') },
      { id: 'away', label: t('analytics.control.away') },
    ],
    cells: (item) => [textCell(at(item.nextTaskAt, dates)), numberCell('days', item.daysAway, dates.language)],
  });
}

export function ControlView({ api, pipelines, currency, canEditSettings = false, revision = 0 }: ControlViewProps) {
  const { t, dates } = useUi();
  const [editing, setEditing] = useState(false);
  const [saved, setSaved] = useState(0);
  const [pipelineId, setPipelineId] = useState<number | null>(null);
  const [days, setDays] = useState<number | null>(null);
  const [daysText, setDaysText] = useState('');
  const scope = pipelineId === null ? {} : { pipelineId };
  const [stuck] = useAsync(() => api.stuck({ ...scope, limit: LIMIT }), [api, pipelineId, revision, saved]);
  const [distant] = useAsync(() => api.distantTasks({ ...scope, limit: LIMIT, ...(days === null ? {} : { days }) }), [api, pipelineId, days, revision, saved]);
  const stage = stageNamer(pipelines);
  const context: TableContext = { stage, currency, t, dates };
  const stem = String(pipelineId ?? 'all');
  const applyDays = () => {
    const n = parseNumber(daysText);
    if (n !== null && n >= 0) setDays(Math.round(n));
  };
  const limits = stuck.kind === 'ready'
    ? Object.entries(stuck.value.limits).map(([id, d]) => `${stage(Number(id)) ?? id} — ${d}`).join(', ')
    : '';
  return (
    <div data-fr-an-view="control">
      <div class="fr-an-bar">
        <PipelinePicker pipelines={pipelines} value={pipelineId} onChange={setPipelineId} allowAll />
        <span style={{ flex: 1 }} />
        {canEditSettings && (
          <button type="button" class="fr-an-btn" aria-expanded={editing} data-fr-an-edit-settings="" onClick={() => setEditing(!editing)}>{t('analytics.settings.edit')}</button>
        )}
      </div>
      {editing && (
        <SettingsEditor api={api} pipelines={pipelineId === null ? pipelines : pipelines.filter((p) => p.id === pipelineId)}
          onCancel={() => setEditing(false)} onSaved={() => { setEditing(false); setSaved((n) => n + 1); }} />
      )}
      {stuck.kind === 'loading' && <LoadingState />}
      {stuck.kind === 'failed' && <p class="fr-an-error" role="alert">{describeFailure(t, stuck.error)}</p>}
      {stuck.kind === 'ready' && (
        <DataTable table={buildStuckTable(stuck.value, context, stem)} name="stuck" note={(
          <p class="fr-an-note">
            {t('analytics.control.stuckNote')}{' '}
            {limits === '' ? t('analytics.control.noLimits') : t('analytics.control.limits', { limits })}
            {stuck.value.total > stuck.value.items.length && <> {t('analytics.control.more', { shown: stuck.value.items.length, total: stuck.value.total })}</>}
          </p>
        )} />
      )}
      <div class="fr-an-bar">
        <label>
          {t('analytics.control.days')}
          <input type="number" min={0} value={daysText} data-fr-an-gap=""
            placeholder={distant.kind === 'ready' ? String(distant.value.days) : ''}
            onInput={(e) => setDaysText(e.currentTarget.value)} onKeyDown={(e) => { if (e.key === 'Enter') applyDays(); }} onBlur={applyDays} />
        </label>
      </div>
      {distant.kind === 'loading' && <LoadingState />}
      {distant.kind === 'failed' && <p class="fr-an-error" role="alert">{describeFailure(t, distant.error)}</p>}
      {distant.kind === 'ready' && (
        <DataTable table={buildDistantTable(distant.value, context, stem)} name="distant-tasks"
          note={distant.value.total > distant.value.items.length ? <p class="fr-an-note">{t('analytics.control.more', { shown: distant.value.items.length, total: distant.value.total })}</p> : undefined} />
      )}
    </div>
  );
}
