/**
 * Where deals are lost: stage × reason, count and value, for deals lost in the period. A count
 * opens the list of the deals behind it, each linking to its card.
 */
import { useState } from 'preact/hooks';
import type { EpochMs } from '../../../core/brand';
import type { Pipeline } from '../../../core/domain';
import { useUi } from '../../ui/context';
import { formatDateTime } from '../../ui/format';
import { LoadingState } from '../../ui/LoadingState';
import { useAsync } from '../../ui/use-async';
import { useAppEnv } from '../app-env';
import type { AnalyticsApi, LossDealsResponse } from './api';
import { DEFAULT_PERIOD, periodKey, PeriodPicker, periodQuery, PipelinePicker, type PeriodChoice } from './controls';
import { DataTable } from './DataTable';
import { describeFailure } from './failure';
import { currencySymbol, formatMoney } from './format';
import { buildLossesTable, parseLossCell } from './losses-table';
import { numberCell, textCell, type TableModel } from './table';

export interface LossesViewProps { api: AnalyticsApi; pipelines: readonly Pipeline[]; revision?: number }

interface Picked { lostFromStatusId: number | 'none'; reasonId: number | 'none'; stage: string; reason: string }

const DEALS_LIMIT = 200;

export function LossesView({ api, pipelines, revision = 0 }: LossesViewProps) {
  const { t, dates } = useUi();
  const env = useAppEnv();
  const [pipelineId, setPipelineId] = useState<number | null>(null);
  const [choice, setChoice] = useState<PeriodChoice>(DEFAULT_PERIOD);
  const [picked, setPicked] = useState<Picked | null>(null);
  const [period] = useState(() => ({ at: env.now() }));
  const range = periodQuery(choice, period.at);
  const key = periodKey(choice);
  const [state] = useAsync(async () => (range === null ? null : api.losses({ ...range, ...(pipelineId === null ? {} : { pipelineId }) })), [api, pipelineId, key, revision]);
  // The deal list reads the period the table was built for (the service's resolved from/to).
  const shown = state.kind === 'ready' && state.value !== null ? { from: state.value.from, to: state.value.to } : null;
  const [deals] = useAsync(async () => (picked === null || shown === null ? null : api.lossDeals({
    ...shown, ...(pipelineId === null ? {} : { pipelineId }), lostFromStatusId: picked.lostFromStatusId, reasonId: picked.reasonId, limit: DEALS_LIMIT,
  })), [api, picked, pipelineId, shown?.from, shown?.to]);
  const stem = `${pipelineId ?? 'all'}-${key}`;
  const table = state.kind === 'ready' && state.value !== null ? buildLossesTable(state.value, t, dates.language, stem) : null;
  const pick = (rowKey: string, columnId: string) => {
    const cell = parseLossCell(rowKey, columnId);
    if (cell === null || table === null) return;
    const stage = table.rows.find((r) => r.key === rowKey)?.cells[0]?.text ?? '';
    const reason = table.columns.find((c) => c.id === columnId)?.group ?? '';
    setPicked({ ...cell, stage, reason });
  };
  return (
    <div data-fr-an-view="losses">
      <div class="fr-an-bar">
        <PipelinePicker pipelines={pipelines} value={pipelineId} onChange={(id) => { setPipelineId(id); setPicked(null); }} allowAll />
        <PeriodPicker value={choice} onChange={(c) => { setChoice(c); setPicked(null); }} />
      </div>
      {state.kind === 'loading' && <LoadingState />}
      {state.kind === 'failed' && <p class="fr-an-error" role="alert">{describeFailure(t, state.error)}</p>}
      {state.kind === 'ready' && state.value !== null && table !== null && (
        <>
          <p class="fr-an-note">
            {t('analytics.losses.summary', { count: state.value.total.count, value: formatMoney(state.value.total.value, state.value.currency, dates.language) })}
            {' '}{t('analytics.losses.clickHint')}
          </p>
          <DataTable table={table} name="losses" onCellClick={pick} clickable={(row, column) => parseLossCell(row, column) !== null} />
          {picked !== null && deals.kind === 'loading' && <LoadingState />}
          {picked !== null && deals.kind === 'failed' && <p class="fr-an-error" role="alert">{describeFailure(t, deals.error)}</p>}
          {picked !== null && deals.kind === 'ready' && deals.value !== null && (
            <DataTable name="loss-deals" table={buildLossDealsTable(deals.value, picked, state.value.currency, t, dates, stem)}
              note={deals.value.total > deals.value.items.length ? <p class="fr-an-note">{t('analytics.losses.more', { shown: deals.value.items.length, total: deals.value.total })}</p> : undefined} />
          )}
        </>
      )}
    </div>
  );
}

function buildLossDealsTable(
  response: LossDealsResponse, picked: Picked, currency: string, t: ReturnType<typeof useUi>['t'], dates: ReturnType<typeof useUi>['dates'], stem: string,
): TableModel {
  return {
    id: `lost-deals-${stem}-${picked.lostFromStatusId}-${picked.reasonId}`,
    title: t('analytics.losses.dealsTitle', { stage: picked.stage, reason: picked.reason }),
    columns: [
      { id: 'deal', label: t('analytics.losses.deal'), text: true },
      { id: 'manager', label: t('analytics.losses.manager'), text: true },
      { id: 'value', label: t('analytics.valueIn', { currency: currencySymbol(currency, dates.language) }) },
      { id: 'closed', label: t('analytics.losses.closedAt') },
    ],
    rows: response.items.map((item) => ({
      key: `d${item.leadId}`,
      cells: [
        textCell(item.leadName, { href: item.link }),
        textCell(item.managerName),
        numberCell('money', item.value, dates.language),
        textCell(formatDateTime((item.closedAt * 1000) as EpochMs, dates)),
      ],
    })),
  };
}
