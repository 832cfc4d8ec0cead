/**
 * Median days in stage come from pre-sorted runs per stage, manager and 30-day bin
 * (src/service/analytics/stage-times.ts). They must equal the plain definition — the median of
 * the finished visits (core deriveStagePath) that left the stage in the period, per current
 * responsible and for the team — and stay equal after an incremental sync changes leads.
 */
import { sql } from 'kysely';
import { expect, it } from 'vitest';
import { asEpochMs, type StatusId, type UnixSeconds, type UserId } from '../../src/core/brand';
import { computeMedian, deriveStagePath, groupChangesByLead, selectFunnelStages } from '../../src/core/analytics';
import type { Deal, Pipeline } from '../../src/core/domain';
import type { FunnelResponse } from '../../src/contract/analytics';
import { rebuildStageTimeBins } from '../../src/service/analytics/stage-times';
import { runSync } from '../../src/service/analytics/sync';
import { forEachStore } from '../support/service-store';
import { ADMIN, PIPELINE, startAnalyticsHarness, type AnalyticsHarness } from '../support/service-analytics';

const DAY = 86_400;
const NOW_MS = Math.floor(Date.now() / 1000) * 1000;
const now = Math.floor(NOW_MS / 1000) as UnixSeconds;

type Medians = Array<[statusId: number, userId: number | null, medianDays: number | null, visits: number]>;

/** The definition, over what amoCRM holds: every finished visit of a stage of the pipeline that ended in [from, to). */
async function coreMedians(h: AnalyticsHarness, period: { from: number; to: number }): Promise<Medians> {
  const [deals, changes, pipelines] = await Promise.all([h.amo.listLeads({}), h.amo.listStatusChanges({}), h.amo.listPipelines()]);
  const stages = selectFunnelStages(pipelines.find((p) => p.id === PIPELINE) as Pipeline);
  const byLead = groupChangesByLead(changes);
  const seconds = new Map<string, number[]>();
  const add = (key: string, value: number): void => { seconds.set(key, [...(seconds.get(key) ?? []), value]); };
  for (const deal of deals as Deal[]) {
    for (const visit of deriveStagePath(deal, byLead.get(deal.id) ?? [], now)) {
      if (visit.leftAt === null || visit.pipelineId !== PIPELINE || !stages.includes(visit.statusId)) continue;
      if (visit.leftAt < period.from || visit.leftAt >= period.to) continue;
      add(`${visit.statusId}|${deal.responsibleUserId}`, visit.leftAt - visit.enteredAt);
      add(`${visit.statusId}|team`, visit.leftAt - visit.enteredAt);
    }
  }
  return [...seconds].map(([key, values]): Medians[number] => {
    const [statusId, who] = key.split('|');
    return [Number(statusId), who === 'team' ? null : Number(who), (computeMedian(values) as number) / DAY, values.length];
  });
}

const served = (res: FunnelResponse): Medians => res.stageTimes.flatMap((s) => [
  ...(s.teamVisits === 0 ? [] : [[s.statusId, null, s.teamMedianDays, s.teamVisits] as Medians[number]]),
  ...s.managers.map((m): Medians[number] => [s.statusId, m.userId, m.medianDays, m.visits]),
]);
const sorted = (rows: Medians): Medians => [...rows].sort((a, b) => a[0] - b[0] || (a[1] ?? 0) - (b[1] ?? 0));

forEachStore('median days in stage', (fixture) => {
  it('equal the median of the visits that left in the period, before and after an incremental sync moves and reassigns leads', async () => {
    const store = fixture.store();
    const h = await startAnalyticsHarness(store, { scenario: 'demo', sandboxNow: NOW_MS, now: () => NOW_MS });
    try {
      await h.get(ADMIN, '/api/v1/analytics/status');
      await h.jobs.drain();
      // Edges in the middle of a 30-day bin: the edge bins are filtered visit by visit.
      const periods = [{ from: now - 125 * DAY + 3_600, to: now - 10 * DAY - 7_200 }, { from: 0, to: now + 1 }];
      const funnel = async (p: { from: number; to: number }) =>
        (await h.get<FunnelResponse>(ADMIN, `/api/v1/analytics/funnel?pipelineId=${PIPELINE}&from=${p.from}&to=${p.to}`)).body;
      for (const p of periods) expect(sorted(served(await funnel(p)))).toEqual(sorted(await coreMedians(h, p)));
      expect((await coreMedians(h, periods[0] as { from: number; to: number })).filter((m) => m[1] !== null).length).toBeGreaterThan(5);

      // amoCRM changes: open deals move on a stage, one is handed to another manager (all its visits change owner).
      const deals = await h.amo.listLeads({});
      const pipeline = (await h.amo.listPipelines()).find((p) => p.id === PIPELINE) as Pipeline;
      const stages = selectFunnelStages(pipeline);
      const open = deals.filter((d) => d.pipelineId === PIPELINE && stages.slice(0, -1).includes(d.statusId)).slice(0, 6);
      const moved = open.slice(1).map((d) => ({ id: d.id, statusId: stages[stages.indexOf(d.statusId) + 1] as StatusId }));
      const handedOver = open[0] as Deal;
      const other = [...new Set(deals.map((d) => d.responsibleUserId))].find((u) => u !== handedOver.responsibleUserId) as UserId;
      await h.amo.updateLeads([...moved, { id: handedOver.id, responsibleUserId: other }]);
      const before = await funnel(periods[1] as { from: number; to: number });
      await runSync({ db: store.db, amoFor: async () => h.amo, clock: { now: () => asEpochMs(NOW_MS) }, schedule: async () => {} }, h.accountId, 1);

      const after = await funnel(periods[1] as { from: number; to: number });
      expect(sorted(served(after))).not.toEqual(sorted(served(before)));
      for (const p of periods) expect(sorted(served(await funnel(p)))).toEqual(sorted(await coreMedians(h, p)));
      // And the bins the sync kept equal a rebuild from scratch, byte for byte.
      const bins = async () => (await sql<Record<string, unknown>>`
        SELECT pipeline_id, bin, status_id, owner_id, visits, encode(seconds, 'hex') AS s, encode(left_offsets, 'hex') AS l
        FROM analytics_stage_time_bins ORDER BY 1, 2, 3, 4`.execute(store.db)).rows;
      const kept = await bins();
      await rebuildStageTimeBins(store.db, h.accountId, null);
      expect(kept).toEqual(await bins());
    } finally {
      await h.close();
    }
  }, 120_000);
});
