/**
 * Builders for the analytics widget tests: the wire shapes of the contract
 * (src/contract/analytics.ts) with hand-picked numbers, a scripted AnalyticsApi, and a render helper.
 */
import { render } from '@testing-library/preact';
import type { ComponentChildren } from 'preact';
import { vi } from 'vitest';
import type { PipelineId, StatusId, UserId } from '../../src/core/brand';
import type { Pipeline } from '../../src/core/domain';
import type {
  ChecklistMetric, ChecklistResponse, ChecklistRow, ChecklistValues, CohortRowDto, CohortsResponse, FunnelResponse, LossesResponse,
  MirrorStatus,
} from '../../src/contract/analytics';
import type { AnalyticsApi } from '../../src/widget/features/analytics/api';
import { AppEnvContext, type AppEnv } from '../../src/widget/features/app-env';
import { createTranslator } from '../../src/widget/i18n';
import { UiContext } from '../../src/widget/ui/context';
import type { UiLanguage } from '../../src/widget/ui/format';
import { LANGS } from './fake-host';
import { buildAppEnv, buildUser } from './helpers/app-env';

const WEEK = Date.UTC(2026, 10, 23, 0, 0) / 1000 - 3 * 3600; // Monday 23 Nov 2026 00:00 Moscow
export const ANNA = buildUser({ id: 101 as UserId, name: 'Анна Менеджер' });
export const BORIS = buildUser({ id: 102 as UserId, name: 'Борис Продавец' });
export const HEAD = buildUser({ id: 201 as UserId, name: 'Елена Руководитель' });
export const PIPELINE = 7001;

export const PIPELINES: Pipeline[] = [{
  id: PIPELINE as PipelineId, name: 'Продажи', sort: 1, isMain: true, isArchive: false,
  statuses: [
    { id: 70011 as StatusId, pipelineId: PIPELINE as PipelineId, name: 'Первичный контакт', sort: 10, color: '#fff', kind: 'open' },
    { id: 70012 as StatusId, pipelineId: PIPELINE as PipelineId, name: 'Переговоры', sort: 20, color: '#fff', kind: 'open' },
    { id: 70013 as StatusId, pipelineId: PIPELINE as PipelineId, name: 'Счёт выставлен', sort: 30, color: '#fff', kind: 'open' },
  ],
}];

export const MIRROR_READY: MirrorStatus = {
  state: 'ready', phase: null,
  progress: { leads: { done: 500, pages: 2, finished: true }, events: { done: 900, pages: 9, finished: true }, tasks: { done: 300, pages: 2, finished: true } },
  startedAt: WEEK - 86_400, finishedAt: WEEK - 86_000, lastSyncAt: WEEK, error: null,
  counts: { leads: 500, statusChanges: 900, tasks: 300 }, snapshotsSince: '2026-10-01',
};

export function values(overrides: Partial<ChecklistValues> = {}): ChecklistValues {
  return {
    openDeals: 40, withoutTask: 3, withOverdueTask: 5, tasksDue: 20, tasksOnTime: 18, onTimeShare: 0.9, matureLeads: 50, matureWon: 3,
    matureConversion: 0.06, losses: 4, lossesValue: 120_000,
    lossesByReason: [{ reasonId: 501, reasonName: 'Дорого', count: 3, value: 90_000 }, { reasonId: null, reasonName: null, count: 1, value: 30_000 }],
    leadsReceived: 12, ...overrides,
  };
}

const METRICS: ChecklistMetric[] = ['openDeals', 'withoutTask', 'withOverdueTask', 'onTimeShare', 'matureConversion', 'losses', 'leadsReceived'];

export function checklistRow(userId: number | null, name: string, current: ChecklistValues, previous: ChecklistValues, outOfBand: ChecklistMetric[] = []): ChecklistRow {
  const change = Object.fromEntries(METRICS.map((m) => {
    const a = current[m];
    const b = previous[m];
    return [m, a === null || b === null ? null : a - b];
  })) as Record<ChecklistMetric, number | null>;
  const pick = (v: ChecklistValues) => Object.fromEntries(METRICS.map((m) => [m, v[m]])) as Record<ChecklistMetric, number | null>;
  return {
    userId, name, groupId: 1, current, previous, change, outOfBand,
    history: [
      { weekStart: WEEK - 14 * 86_400, values: { ...pick(previous), withoutTask: 9 } },
      { weekStart: WEEK - 7 * 86_400, values: pick(previous) },
      { weekStart: WEEK, values: pick(current) },
    ],
  };
}

export function checklist(overrides: Partial<ChecklistResponse> = {}): ChecklistResponse {
  const anna = checklistRow(ANNA.id, ANNA.name, values({ withoutTask: 7 }), values({ withoutTask: 4 }), ['withoutTask']);
  const boris = checklistRow(BORIS.id, BORIS.name, values({ openDeals: 1250, onTimeShare: 0.825 }), values({ onTimeShare: 0.9 }));
  return {
    timezone: 'Europe/Moscow', currency: 'RUB', weekStart: WEEK, previousWeekStart: WEEK - 7 * 86_400, maturityDays: 90,
    metrics: METRICS, rows: [anna, boris],
    total: checklistRow(null, 'Итого', values({ openDeals: 1290, withoutTask: 10, onTimeShare: 0.85 }), values({ withoutTask: 7 })),
    targets: [{ metric: 'withoutTask', groupId: null, value: 5, allowedDeviation: 1, direction: 'at_most', updatedBy: HEAD.id, updatedAt: WEEK }],
    mirror: MIRROR_READY,
    ...overrides,
  };
}

function funnel(policy: FunnelResponse['policy'] = 'visited_only'): FunnelResponse {
  return {
    pipelineId: PIPELINE, from: WEEK - 90 * 86_400, to: WEEK, policy, deals: 100, won: 12, lost: 40,
    stages: [
      { statusId: 70011, name: 'Первичный контакт', entered: 100, progressed: 60, lost: 25, progressRate: 0.6 },
      { statusId: 70012, name: 'Переговоры', entered: policy === 'visited_only' ? 45 : 60, progressed: 30, lost: 10, progressRate: policy === 'visited_only' ? 30 / 45 : 0.5 },
      { statusId: 70013, name: 'Счёт выставлен', entered: 30, progressed: 12, lost: 5, progressRate: 0.4 },
    ],
    stageTimes: [
      { statusId: 70011, name: 'Первичный контакт', teamMedianDays: 2, teamVisits: 80, managers: [
        { userId: ANNA.id, name: ANNA.name, medianDays: 2.5, visits: 40, outlier: false },
        { userId: BORIS.id, name: BORIS.name, medianDays: 6, visits: 40, outlier: true },
      ] },
      { statusId: 70012, name: 'Переговоры', teamMedianDays: 7, teamVisits: 40, managers: [
        { userId: ANNA.id, name: ANNA.name, medianDays: 7.25, visits: 20, outlier: false },
      ] },
    ],
    mirror: MIRROR_READY,
  };
}

function losses(): LossesResponse {
  return {
    from: WEEK - 90 * 86_400, to: WEEK, currency: 'RUB', mirror: MIRROR_READY,
    cells: [
      { lostFromStatusId: 70012, stageName: 'Переговоры', reasonId: 501, reasonName: 'Дорого', count: 6, value: 600_000 },
      { lostFromStatusId: 70012, stageName: 'Переговоры', reasonId: null, reasonName: null, count: 1, value: 50_000 },
      { lostFromStatusId: 70013, stageName: 'Счёт выставлен', reasonId: 501, reasonName: 'Дорого', count: 2, value: 1_250_000 },
      { lostFromStatusId: null, stageName: null, reasonId: 502, reasonName: 'Ушёл к конкуренту', count: 1, value: 10_000 },
    ],
    total: { count: 10, value: 1_910_000 },
  };
}

const stageCells = (created: number, reached: number[]) => reached.map((n, i) => ({
  statusId: [70011, 70012, 70013][i] as StatusId, reached: n, share: created === 0 ? null : n / created,
  stepConversion: i === 0 ? n / created : (reached[i - 1] ?? 0) === 0 ? null : n / (reached[i - 1] as number),
}));

function cohortRow(start: number, created: number, reached: number[], won: number, lost: number, mature: boolean): CohortRowDto {
  return { start, created, stages: stageCells(created, reached), won, lost, open: created - won - lost, leadToSale: won / created, mature };
}

export function cohorts(overrides: Partial<CohortsResponse> = {}): CohortsResponse {
  const mature = [cohortRow(WEEK - 20 * 7 * 86_400, 40, [40, 20, 10], 4, 30, true), cohortRow(WEEK - 19 * 7 * 86_400, 60, [60, 30, 12], 6, 40, true)];
  return {
    pipelineId: PIPELINE, by: 'week', policy: 'visited_only',
    cutoff: { days: 84, basis: 'p80_time_to_win', wonDeals: 57 },
    stages: PIPELINES[0]!.statuses.map((s) => ({ statusId: s.id, name: s.name })),
    cohorts: mature,
    immature: [cohortRow(WEEK - 7 * 86_400, 80, [80, 10, 1], 0, 5, false), cohortRow(WEEK, 70, [70, 2, 0], 0, 1, false)],
    immatureLeads: 150,
    totals: { created: 100, stages: stageCells(100, [100, 50, 22]), won: 10, lost: 70, open: 20, leadToSale: 0.1 },
    mirror: MIRROR_READY,
    ...overrides,
  };
}

export type ScriptedApi = { [K in keyof AnalyticsApi]: ReturnType<typeof vi.fn<AnalyticsApi[K]>> };

export function scriptedApi(): ScriptedApi {
  const unscripted = (name: string) => async () => { throw new Error(`analytics.${name} not scripted`); };
  return {
    status: vi.fn<AnalyticsApi['status']>(async () => MIRROR_READY),
    startBackfill: vi.fn<AnalyticsApi['startBackfill']>(unscripted('startBackfill')),
    checklist: vi.fn<AnalyticsApi['checklist']>(async () => checklist()),
    targets: vi.fn<AnalyticsApi['targets']>(async () => ({ targets: checklist().targets })),
    saveTargets: vi.fn<AnalyticsApi['saveTargets']>(unscripted('saveTargets')),
    settings: vi.fn<AnalyticsApi['settings']>(unscripted('settings')),
    saveSettings: vi.fn<AnalyticsApi['saveSettings']>(unscripted('saveSettings')),
    funnel: vi.fn<AnalyticsApi['funnel']>(async (q) => funnel(q.policy ?? 'visited_only')),
    losses: vi.fn<AnalyticsApi['losses']>(async () => losses()),
    lossDeals: vi.fn<AnalyticsApi['lossDeals']>(unscripted('lossDeals')),
    cohorts: vi.fn<AnalyticsApi['cohorts']>(async () => cohorts()),
    tags: vi.fn<AnalyticsApi['tags']>(async () => ({ tags: [{ name: 'VIP', deals: 12 }, { name: 'Сайт', deals: 7 }] })),
    stuck: vi.fn<AnalyticsApi['stuck']>(unscripted('stuck')),
    distantTasks: vi.fn<AnalyticsApi['distantTasks']>(unscripted('distantTasks')),
  };
}

export function analyticsEnv(overrides: Partial<AppEnv> = {}): AppEnv {
  return buildAppEnv({ user: HEAD, managers: [ANNA, BORIS, HEAD], ...overrides });
}

export function renderAnalytics(children: ComponentChildren, options: { env?: AppEnv; language?: UiLanguage } = {}) {
  const language = options.language ?? 'en';
  return render(
    <UiContext.Provider value={{ t: createTranslator(LANGS[language]), dates: { language, timeZone: 'Europe/Moscow' } }}>
      <AppEnvContext.Provider value={options.env ?? analyticsEnv()}>{children}</AppEnvContext.Provider>
    </UiContext.Provider>,
  );
}

/** Screen text of every body row of a drawn table, cell by cell. */
export function tableText(name: string): string[][] {
  const table = document.querySelector(`[data-fr-an-table="${name}"] table`);
  if (table === null) throw new Error(`no table ${name}`);
  return [...table.querySelectorAll('tbody tr')].map((tr) => [...tr.querySelectorAll('td')].map((td) => td.textContent ?? ''));
}
