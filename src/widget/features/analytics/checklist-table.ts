/**
 * The weekly checklist as tables: per manager and the team total, each metric this week, last
 * week and the change, cells outside their target band marked; and losses by reason.
 */
import type { Translate } from '../../i18n';
import type { UiLanguage } from '../../ui/format';
import type { ChecklistMetric, ChecklistResponse, ChecklistRow, MetricTarget } from './api';
import { currencySymbol, formatNumber, type NumberKind } from './format';
import { numberCell, sparkCell, textCell, type Cell, type Column, type Row, type TableModel } from './table';

export const CHECKLIST_METRICS: readonly ChecklistMetric[] = [
  'openDeals', 'withoutTask', 'withOverdueTask', 'onTimeShare', 'matureConversion', 'losses', 'leadsReceived',
];

export const isShareMetric = (metric: ChecklistMetric): boolean => metric === 'onTimeShare' || metric === 'matureConversion';
export const metricKind = (metric: ChecklistMetric): NumberKind => (isShareMetric(metric) ? 'percent' : 'int');
const changeKind = (metric: ChecklistMetric): NumberKind => (isShareMetric(metric) ? 'deltaPercent' : 'delta');

/** Which way is better: more tasks on time is good, more deals without a task is bad; open deals just are. */
const POLARITY: Record<ChecklistMetric, 1 | -1 | 0> = {
  openDeals: 0, withoutTask: -1, withOverdueTask: -1, onTimeShare: 1, matureConversion: 1, losses: -1, leadsReceived: 1,
};

export interface ChecklistTableInput {
  response: ChecklistResponse;
  /** The metric whose weekly sparkline is the last column. */
  trendMetric: ChecklistMetric;
  t: Translate;
  language: UiLanguage;
  /** For the file name. */
  weekLabel: string;
}

function rowCells(row: ChecklistRow, metrics: readonly ChecklistMetric[], trend: ChecklistMetric, language: UiLanguage): Cell[] {
  const cells: Cell[] = [textCell(row.name)];
  for (const metric of metrics) {
    const out = row.outOfBand.includes(metric);
    cells.push(numberCell(metricKind(metric), row.current[metric], language, out ? { tone: 'bad' } : {}));
    cells.push(numberCell(metricKind(metric), row.previous[metric], language));
    cells.push(numberCell(changeKind(metric), row.change[metric], language, { polarity: POLARITY[metric] }));
  }
  cells.push(sparkCell(row.history.map((point) => point.values[trend])));
  return cells;
}

export function buildChecklistTable({ response, trendMetric, t, language, weekLabel }: ChecklistTableInput): TableModel {
  const metrics = CHECKLIST_METRICS.filter((m) => response.metrics.includes(m));
  const columns: Column[] = [{ id: 'manager', label: t('analytics.checklist.manager'), text: true }];
  for (const metric of metrics) {
    const group = t(`analytics.metrics.${metric}`);
    columns.push({ id: `${metric}.current`, group, label: t('analytics.checklist.current') });
    columns.push({ id: `${metric}.previous`, group, label: t('analytics.checklist.previous') });
    columns.push({ id: `${metric}.change`, group, label: isShareMetric(metric) ? t('analytics.checklist.changePoints') : t('analytics.checklist.change') });
  }
  // Short: the picked card says which metric; the table must fit 1280 px.
  columns.push({ id: 'trend', label: t('analytics.checklist.trendShort') });
  const rows: Row[] = response.rows.map((row) => ({ key: `u${row.userId ?? 0}`, cells: rowCells(row, metrics, trendMetric, language) }));
  if (response.total !== null) rows.push({ key: 'total', total: true, cells: rowCells({ ...response.total, name: t('analytics.checklist.team') }, metrics, trendMetric, language) });
  return { id: `checklist-${weekLabel}`, title: t('analytics.checklist.title'), columns, rows };
}

/** Losses by reason this week against last week, for the team (or the manager's own row). */
export function buildLossReasonsTable(row: ChecklistRow, currency: string, t: Translate, language: UiLanguage, weekLabel: string): TableModel {
  const previous = new Map(row.previous.lossesByReason.map((r) => [r.reasonId, r]));
  const ids = [...new Set([...row.current.lossesByReason.map((r) => r.reasonId), ...row.previous.lossesByReason.map((r) => r.reasonId)])];
  const current = new Map(row.current.lossesByReason.map((r) => [r.reasonId, r]));
  const money = currencySymbol(currency, language);
  const rows: Row[] = ids.map((id) => {
    const now = current.get(id);
    const before = previous.get(id);
    const name = now?.reasonName ?? before?.reasonName ?? (id === null ? t('analytics.noReason') : t('analytics.removed'));
    return {
      key: `r${id ?? 'none'}`,
      cells: [
        textCell(name),
        numberCell('int', now?.count ?? 0, language),
        numberCell('money', now?.value ?? 0, language),
        numberCell('int', before?.count ?? 0, language),
        numberCell('delta', (now?.count ?? 0) - (before?.count ?? 0), language, { polarity: -1 }),
      ],
    };
  }).sort((a, b) => ((b.cells[1]?.kind === 'int' ? b.cells[1].value ?? 0 : 0) - (a.cells[1]?.kind === 'int' ? a.cells[1].value ?? 0 : 0)));
  return {
    id: `losses-by-reason-${weekLabel}`,
    title: t('analytics.checklist.lossesTitle'),
    columns: [
      { id: 'reason', label: t('analytics.losses.reason'), text: true },
      { id: 'count', label: t('analytics.checklist.current') },
      { id: 'value', label: t('analytics.valueIn', { currency: money }) },
      { id: 'previous', label: t('analytics.checklist.previous') },
      { id: 'change', label: t('analytics.checklist.change') },
    ],
    rows,
  };
}

/** "≥ 90,0 % ± 5,0 %" / "≤ 0 ± 5": a target as the KPI cards show it. */
export function describeTarget(target: MetricTarget, language: UiLanguage): string {
  const kind = metricKind(target.metric);
  const sign = target.direction === 'at_least' ? '≥' : '≤';
  return `${sign} ${formatNumber(kind, target.value, language)} ± ${formatNumber(kind, target.allowedDeviation, language)}`;
}

/** The target the cards show: the account-wide one, or the only group's when all rows share a group. */
export function pickTarget(targets: readonly MetricTarget[], metric: ChecklistMetric, groupId: number | null): MetricTarget | null {
  const own = targets.filter((target) => target.metric === metric);
  return own.find((target) => target.groupId === groupId) ?? own.find((target) => target.groupId === null) ?? null;
}
