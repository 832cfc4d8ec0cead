/**
 * The service's SQL numbers against the core functions that define them, over the same rows: the
 * sandbox's demo account (600 deals over six months with their status history and tasks), read by
 * the backfill into the mirror and, independently, straight from the sandbox for the core.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { StatusId, UnixSeconds, UserId } from '../../src/core/brand';
import { STATUS_LOST, STATUS_WON } from '../../src/core/brand';
import {
  computeCohortTable, computeLossesByStageAndReason, computeManagerMetrics, computeStageConversion, deriveMatureWindow,
  deriveWeekBoundaries, selectDealsWithDistantNextTask, selectStuckDeals,
} from '../../src/core/analytics';
import type { Deal, Pipeline, StatusChange, Task } from '../../src/core/domain';
import type {
  ChecklistResponse, CohortsResponse, DistantTasksResponse, FunnelResponse, LossesResponse, StuckResponse,
} from '../../src/contract/analytics';
import { forEachStore } from '../support/service-store';
import { ADMIN, PIPELINE, startAnalyticsHarness, type AnalyticsHarness } from '../support/service-analytics';

const DAY = 86_400;
// Now, not a fixed date: the one-time tokens the tests sign carry the real time.
const NOW_MS = Math.floor(Date.now() / 1000) * 1000;
const now = Math.floor(NOW_MS / 1000) as UnixSeconds;

// One store for the suite: the backfill is shared by every comparison.
forEachStore('analytics numbers equal the core functions over the same rows', (fixture) => {
  let h: AnalyticsHarness;
  let deals: Deal[];
  let changes: StatusChange[];
  let tasks: Task[];
  let pipeline: Pipeline;
  let timezone: string;

  beforeAll(async () => {
    h = await startAnalyticsHarness(fixture.store(), { scenario: 'demo', sandboxNow: NOW_MS, now: () => NOW_MS });
    await h.get(ADMIN, '/api/v1/analytics/status');
    await h.jobs.drain();
    [deals, changes, tasks] = await Promise.all([h.amo.listLeads({}), h.amo.listStatusChanges({}), h.amo.listTasks({})]);
    pipeline = (await h.amo.listPipelines()).find((p) => p.id === PIPELINE) as Pipeline;
    timezone = (await h.amo.getAccount()).timezone;
  }, 120_000);
  afterAll(async () => { await h.close(); });

  it('the data set has what the comparisons need', () => {
    expect(deals.length).toBeGreaterThan(500);
    expect(deals.some((d) => d.statusId === STATUS_WON)).toBe(true);
    expect(deals.some((d) => d.statusId === STATUS_LOST && d.lossReasonId !== null)).toBe(true);
    expect(changes.length).toBeGreaterThan(deals.length);
  });

  for (const policy of ['visited_only', 'assume_passed'] as const) {
    it(`stage funnel (${policy}) = core computeStageConversion over deals created in the period`, async () => {
      const period = { from: now - 120 * DAY, to: now - 10 * DAY };
      const res = await h.get<FunnelResponse>(ADMIN, `/api/v1/analytics/funnel?pipelineId=${PIPELINE}&from=${period.from}&to=${period.to}&policy=${policy}`);
      expect(res.status).toBe(200);
      const inPeriod = deals.filter((d) => d.createdAt >= period.from && d.createdAt < period.to);
      const core = computeStageConversion(pipeline, inPeriod, changes, policy);
      expect(res.body.stages.map((s) => [s.statusId, s.entered, s.progressed, s.lost]))
        .toEqual(core.rows.map((r) => [r.statusId, r.entered, r.progressed, r.lost]));
      expect([res.body.deals, res.body.won]).toEqual([core.deals, core.won]);
      expect(core.rows.some((r) => r.entered > 0)).toBe(true);
    });
  }

  it('the two policies differ on this account (deals skip stages)', async () => {
    const q = `pipelineId=${PIPELINE}&from=${now - 180 * DAY}&to=${now}`;
    const a = await h.get<FunnelResponse>(ADMIN, `/api/v1/analytics/funnel?${q}&policy=visited_only`);
    const b = await h.get<FunnelResponse>(ADMIN, `/api/v1/analytics/funnel?${q}&policy=assume_passed`);
    expect(a.body.stages.map((s) => s.entered)).not.toEqual(b.body.stages.map((s) => s.entered));
  });

  it('losses by stage × reason = core computeLossesByStageAndReason', async () => {
    const period = { from: now - 90 * DAY, to: now };
    const res = await h.get<LossesResponse>(ADMIN, `/api/v1/analytics/losses?from=${period.from}&to=${period.to}`);
    const core = computeLossesByStageAndReason(deals, changes, period as never);
    const key = (c: { lostFromStatusId: number | null; reasonId: number | null; count: number; value: number }) => `${c.lostFromStatusId}|${c.reasonId}|${c.count}|${c.value}`;
    expect(res.body.cells.map(key).sort()).toEqual(core.map(key).sort());
    expect(core.length).toBeGreaterThan(2);
  });

  it('cohort funnel = core computeCohortTable with the same weeks and cut-off', async () => {
    const res = await h.get<CohortsResponse>(ADMIN, `/api/v1/analytics/cohorts?pipelineId=${PIPELINE}&maturityDays=30`);
    expect(res.status).toBe(200);
    const core = computeCohortTable(pipeline, deals, changes, { boundaries: deriveWeekBoundaries(timezone, now, 26), now, maturityDays: 30, policy: 'visited_only' });
    const strip = (r: { start?: number; created: number; won: number; lost: number; stages: Array<{ reached: number }> }) => [r.start, r.created, r.won, r.lost, r.stages.map((s) => s.reached)];
    expect(res.body.cohorts.map(strip)).toEqual(core.cohorts.map(strip));
    expect(res.body.immature.map(strip)).toEqual(core.immature.map(strip));
    expect(res.body.totals).toEqual(core.totals);
    expect(res.body.immatureLeads).toBe(core.immatureLeads);
    expect(core.cohorts.length).toBeGreaterThan(10);
  });

  it('stuck deals by date entered stage = core selectStuckDeals', async () => {
    const stages = pipeline.statuses.filter((s) => s.kind === 'open').map((s) => s.id);
    const limits = Object.fromEntries(stages.map((s, i) => [String(s), 5 + 3 * i]));
    const put = await h.app.inject({ method: 'PUT', url: '/api/v1/analytics/settings', headers: await h.headers(ADMIN), payload: { stuckLimitDays: limits, taskGapDays: 10, maturityDaysOverride: null } });
    expect(put.statusCode).toBe(200);
    const res = await h.get<StuckResponse>(ADMIN, '/api/v1/analytics/control/stuck?limit=500');
    const core = selectStuckDeals(deals, changes, new Map(Object.entries(limits).map(([s, d]) => [Number(s) as StatusId, d])), now);
    expect(res.body.total).toBe(core.length);
    expect(new Set(res.body.items.map((d) => d.leadId))).toEqual(new Set(core.map((s) => s.deal.id)));
    expect(res.body.items[0]?.link).toMatch(/\/leads\/detail\/\d+$/);
    expect(core.length).toBeGreaterThan(0);

    const distant = await h.get<DistantTasksResponse>(ADMIN, '/api/v1/analytics/control/distant-tasks?limit=500');
    const coreDistant = selectDealsWithDistantNextTask(deals, 10, now);
    expect(distant.body.items.map((d) => d.leadId)).toEqual(coreDistant.map((d) => d.deal.id));
  });

  it('checklist current week = core computeManagerMetrics per manager', async () => {
    const res = await h.get<ChecklistResponse>(ADMIN, '/api/v1/analytics/checklist?weeks=4');
    expect(res.status).toBe(200);
    const week = { from: res.body.weekStart as UnixSeconds, to: (res.body.weekStart + 7 * DAY) as UnixSeconds };
    expect(res.body.weekStart).toBe(deriveWeekBoundaries(timezone, now, 1)[0]);
    const managers = [...new Set(deals.map((d) => d.responsibleUserId))];
    expect(managers.length).toBeGreaterThan(3);
    for (const userId of managers) {
      const row = res.body.rows.find((r) => r.userId === userId);
      const m = computeManagerMetrics(userId as UserId, { deals, tasks, now, period: week, maturityDays: res.body.maturityDays });
      const mature = computeManagerMetrics(userId as UserId, { deals, tasks, now: week.to, period: deriveMatureWindow(week, res.body.maturityDays), maturityDays: res.body.maturityDays });
      expect(row?.current).toMatchObject({
        openDeals: m.openDeals, withoutTask: m.withoutTask, withOverdueTask: m.withOverdueTask, tasksDue: m.tasksDue, tasksOnTime: m.tasksOnTime,
        matureLeads: mature.matureLeads, matureWon: mature.matureWon, losses: m.lossesByReason.reduce((n, r) => n + r.count, 0),
      });
    }
    const total = res.body.total;
    expect(total?.current.openDeals).toBe(res.body.rows.reduce((n, r) => n + (r.current.openDeals ?? 0), 0));
  });
}, { fresh: 'per-suite' });
