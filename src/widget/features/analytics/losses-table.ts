/** Where deals are lost: stage (rows) × reason (column pairs: deals, value), plus totals; counts shaded by size. */
import type { Translate } from '../../i18n';
import type { UiLanguage } from '../../ui/format';
import type { LossesResponse } from './api';
import { currencySymbol } from './format';
import { numberCell, textCell, type Cell, type Column, type Row, type TableModel } from './table';

type Key = number | 'none';
const keyOf = (id: number | null): Key => id ?? 'none';

interface Sum { count: number; value: number }

export function buildLossesTable(response: LossesResponse, t: Translate, language: UiLanguage, stem: string): TableModel {
  const stages = new Map<Key, { name: string; sum: Sum }>();
  const reasons = new Map<Key, { name: string; sum: Sum }>();
  const cells = new Map<string, Sum>();
  for (const cell of response.cells) {
    const s = keyOf(cell.lostFromStatusId);
    const r = keyOf(cell.reasonId);
    const stage = stages.get(s) ?? { name: cell.stageName ?? (s === 'none' ? t('analytics.unknownStage') : t('analytics.removed')), sum: { count: 0, value: 0 } };
    const reason = reasons.get(r) ?? { name: cell.reasonName ?? (r === 'none' ? t('analytics.noReason') : t('analytics.removed')), sum: { count: 0, value: 0 } };
    stage.sum.count += cell.count; stage.sum.value += cell.value;
    reason.sum.count += cell.count; reason.sum.value += cell.value;
    stages.set(s, stage);
    reasons.set(r, reason);
    cells.set(`${s}|${r}`, { count: cell.count, value: cell.value });
  }
  const byCount = <T extends { sum: Sum }>(a: [Key, T], b: [Key, T]) => b[1].sum.count - a[1].sum.count || b[1].sum.value - a[1].sum.value;
  const stageList = [...stages].sort(byCount);
  const reasonList = [...reasons].sort(byCount);
  const max = Math.max(1, ...[...cells.values()].map((c) => c.count));
  const money = currencySymbol(response.currency, language);
  const columns: Column[] = [{ id: 'stage', label: t('analytics.losses.stage'), text: true }];
  for (const [r, reason] of reasonList) {
    columns.push({ id: `r${r}.count`, group: reason.name, label: t('analytics.losses.count') });
    columns.push({ id: `r${r}.value`, group: reason.name, label: money });
  }
  columns.push({ id: 'total.count', group: t('analytics.losses.total'), label: t('analytics.losses.count') });
  columns.push({ id: 'total.value', group: t('analytics.losses.total'), label: money });
  const pair = (sum: Sum | undefined, heat: boolean): Cell[] => [
    numberCell('int', sum?.count ?? null, language, heat && sum !== undefined ? { heat: sum.count / max } : {}),
    numberCell('money', sum?.value ?? null, language),
  ];
  const rows: Row[] = stageList.map(([s, stage]) => ({
    key: `s${s}`,
    cells: [textCell(stage.name), ...reasonList.flatMap(([r]) => pair(cells.get(`${s}|${r}`), true)), ...pair(stage.sum, false)],
  }));
  if (stageList.length > 0) {
    rows.push({ key: 'total', total: true, cells: [textCell(t('analytics.losses.total')), ...reasonList.flatMap(([, reason]) => pair(reason.sum, false)), ...pair(response.total, false)] });
  }
  return { id: `losses-${stem}`, title: t('analytics.losses.title'), columns, rows };
}

/** A clicked count cell → the stage and reason filters of /losses/deals; null for the totals. */
export function parseLossCell(rowKey: string, columnId: string): { lostFromStatusId: Key; reasonId: Key } | null {
  const row = /^s(none|\d+)$/.exec(rowKey);
  const column = /^r(none|\d+)\.count$/.exec(columnId);
  if (row === null || column === null) return null;
  const parse = (text: string): Key => (text === 'none' ? 'none' : Number(text));
  return { lostFromStatusId: parse(row[1] ?? 'none'), reasonId: parse(column[1] ?? 'none') };
}
