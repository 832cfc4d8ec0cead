/** The stage funnel and the days-in-stage comparison as tables. */
import type { Translate } from '../../i18n';
import type { UiLanguage } from '../../ui/format';
import type { FunnelResponse } from './api';
import { numberCell, textCell, type Row, type TableModel } from './table';

export function buildFunnelTable(response: FunnelResponse, t: Translate, language: UiLanguage, stem: string): TableModel {
  return {
    id: `funnel-${stem}`,
    title: t('analytics.funnel.title'),
    columns: [
      { id: 'stage', label: t('analytics.funnel.stage'), text: true },
      { id: 'entered', label: t('analytics.funnel.entered') },
      { id: 'progressed', label: t('analytics.funnel.progressed') },
      { id: 'lost', label: t('analytics.funnel.lost') },
      { id: 'rate', label: t('analytics.funnel.rate') },
    ],
    rows: response.stages.map((stage) => ({
      key: `s${stage.statusId}`,
      cells: [
        textCell(stage.name),
        numberCell('int', stage.entered, language),
        numberCell('int', stage.progressed, language),
        numberCell('int', stage.lost, language),
        numberCell('percent', stage.progressRate, language),
      ],
    })),
  };
}

/** Managers down, stages across: each manager's median days beside the team's (last row); outliers marked. */
export function buildStageTimesTable(response: FunnelResponse, t: Translate, language: UiLanguage, stem: string): TableModel {
  const managers = new Map<number, string>();
  for (const stage of response.stageTimes) for (const m of stage.managers) managers.set(m.userId, m.name);
  const rows: Row[] = [...managers].sort(([, a], [, b]) => a.localeCompare(b)).map(([userId, name]) => ({
    key: `u${userId}`,
    cells: [textCell(name), ...response.stageTimes.map((stage) => {
      const own = stage.managers.find((m) => m.userId === userId);
      return numberCell('days', own?.medianDays ?? null, language, own?.outlier ? { tone: 'outlier' } : {});
    })],
  }));
  rows.push({ key: 'team', total: true, cells: [textCell(t('analytics.funnel.teamMedian')), ...response.stageTimes.map((s) => numberCell('days', s.teamMedianDays, language))] });
  return {
    id: `stage-days-${stem}`,
    title: t('analytics.funnel.timesTitle'),
    columns: [{ id: 'manager', label: t('analytics.checklist.manager'), text: true }, ...response.stageTimes.map((s) => ({ id: `s${s.statusId}`, label: s.name }))],
    rows,
  };
}
