/**
 * The cohort funnel as tables: a row per creation week (or month) — leads, the share that
 * reached each stage (shaded: the heat map) and the step conversion into it, won, lost, lead →
 * sale — and the mature total. Immature cohorts get a table of their own, never the total.
 */
import type { Translate } from '../../i18n';
import { INTL_LOCALE, type UiLanguage } from '../../ui/format';
import type { CohortGranularity, CohortRowDto, CohortsResponse, CohortTotals } from './api';
import { numberCell, textCell, type Cell, type Column, type Row, type TableModel } from './table';


/** "23 нояб. 2026" for a week, "ноябрь 2026" for a month, in the account's zone. */
function cohortLabel(start: number, by: CohortGranularity, language: UiLanguage, timeZone: string): string {
  const options: Intl.DateTimeFormatOptions = by === 'week'
    ? { day: 'numeric', month: 'short', year: 'numeric', timeZone }
    : { month: 'long', year: 'numeric', timeZone };
  return new Intl.DateTimeFormat(INTL_LOCALE[language], options).format(new Date(start * 1000));
}

function columnsOf(response: CohortsResponse, first: string, t: Translate): Column[] {
  const columns: Column[] = [{ id: 'cohort', label: first, text: true }, { id: 'created', label: t('analytics.cohorts.created') }];
  for (const stage of response.stages) {
    columns.push({ id: `s${stage.statusId}.share`, group: stage.name, label: t('analytics.cohorts.reached') });
    columns.push({ id: `s${stage.statusId}.step`, group: stage.name, label: t('analytics.cohorts.step') });
  }
  columns.push({ id: 'won', label: t('analytics.cohorts.won') }, { id: 'lost', label: t('analytics.cohorts.lost') }, { id: 'leadToSale', label: t('analytics.cohorts.leadToSale') });
  return columns;
}

function funnelCells(response: CohortsResponse, row: CohortTotals, language: UiLanguage, heat: boolean): Cell[] {
  const byStage = new Map<number, CohortTotals['stages'][number]>(row.stages.map((s) => [s.statusId, s]));
  return [
    numberCell('int', row.created, language),
    ...response.stages.flatMap((stage) => {
      const cell = byStage.get(stage.statusId);
      const share = cell?.share ?? null;
      return [
        numberCell('percent', share, language, heat && share !== null ? { heat: share } : {}),
        numberCell('percent', cell?.stepConversion ?? null, language),
      ];
    }),
    numberCell('int', row.won, language),
    numberCell('int', row.lost, language),
    numberCell('percent', row.leadToSale, language),
  ];
}

export interface CohortTableContext { t: Translate; language: UiLanguage; timeZone: string; stem: string }

export function buildCohortTable(response: CohortsResponse, ctx: CohortTableContext): TableModel {
  const { t, language, timeZone } = ctx;
  const rows: Row[] = response.cohorts.map((cohort: CohortRowDto) => ({
    key: `c${cohort.start}`,
    cells: [textCell(cohortLabel(cohort.start, response.by, language, timeZone)), ...funnelCells(response, cohort, language, true)],
  }));
  if (response.cohorts.length > 0) rows.push({ key: 'total', total: true, cells: [textCell(t('analytics.cohorts.total')), ...funnelCells(response, response.totals, language, false)] });
  return { id: `cohorts-${ctx.stem}`, title: t('analytics.cohorts.title'), columns: columnsOf(response, t('analytics.cohorts.cohort'), t), rows };
}

export function buildImmatureTable(response: CohortsResponse, ctx: CohortTableContext): TableModel {
  const { t, language, timeZone } = ctx;
  return {
    id: `cohorts-immature-${ctx.stem}`,
    title: t('analytics.cohorts.immatureTitle', { cohorts: response.immature.length, leads: response.immatureLeads }),
    columns: columnsOf(response, t('analytics.cohorts.cohort'), t),
    rows: response.immature.map((cohort) => ({
      key: `c${cohort.start}`,
      cells: [textCell(cohortLabel(cohort.start, response.by, language, timeZone)), ...funnelCells(response, cohort, language, false)],
    })),
  };
}

export function buildSlicesTable(response: CohortsResponse, sliceLabel: string, ctx: CohortTableContext): TableModel {
  const { t, language } = ctx;
  return {
    id: `cohorts-slices-${ctx.stem}`,
    title: t('analytics.cohorts.slicesTitle', { slice: sliceLabel }),
    columns: columnsOf(response, t('analytics.cohorts.key'), t),
    rows: (response.slices ?? []).map((slice) => ({ key: `k${slice.key}`, cells: [textCell(slice.label), ...funnelCells(response, slice.totals, language, true)] })),
  };
}
