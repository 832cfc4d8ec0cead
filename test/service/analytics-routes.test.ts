import { afterEach, expect, it } from 'vitest';
import { derivePeriod } from '../../src/core/analytics/periods';
import type { UnixSeconds, UserId } from '../../src/core/brand';
import { loadConfig, saveConfig } from '../../src/service/config/repository';
import type {
  ChecklistResponse, FunnelResponse, TagsResponse, LossDealsResponse, LossesResponse, StuckResponse, TargetsResponse,
} from '../../src/contract/analytics';
import { forEachStore } from '../support/service-store';
import { ADMIN, GROUP, HEAD, MANAGER, PIPELINE, startAnalyticsHarness, type AnalyticsHarness } from '../support/service-analytics';

// The small sandbox: group 412001 = HEAD (configured head), MANAGER and 9100004; group 412002 = 9100005 and 9100006.
const SAME_GROUP_MANAGER = 9100004;
const OTHER_GROUP_MANAGER = 9100006;
const OTHER_GROUP = 412002;
const DAY = 86_400;

forEachStore('analytics routes', (fixture) => {
  let h: AnalyticsHarness | undefined;
  afterEach(async () => { await h?.close(); h = undefined; });

  const ready = async (): Promise<AnalyticsHarness> => {
    const harness = await startAnalyticsHarness(fixture.store());
    await harness.get(ADMIN, '/api/v1/analytics/status');
    await harness.jobs.drain();
    return harness;
  };
  const period = () => { const now = Math.floor(Date.now() / 1000); return `from=${now - 365 * DAY}&to=${now + DAY}`; };

  it('a head sees their group, an admin everyone, a manager only their own checklist row', async () => {
    h = await ready();
    const admin = await h.get<ChecklistResponse>(ADMIN, '/api/v1/analytics/checklist');
    const head = await h.get<ChecklistResponse>(HEAD, '/api/v1/analytics/checklist');
    const manager = await h.get<ChecklistResponse>(MANAGER, '/api/v1/analytics/checklist');
    expect(admin.body.rows.map((r) => r.userId)).toEqual(expect.arrayContaining([MANAGER, SAME_GROUP_MANAGER, OTHER_GROUP_MANAGER]));
    expect(head.body.rows.map((r) => r.userId).sort()).toEqual([HEAD, MANAGER, SAME_GROUP_MANAGER].sort());
    expect(manager.body.rows.map((r) => r.userId)).toEqual([MANAGER]);
    expect(manager.body.total).toBeNull();
    // The manager's own row is the same row the head sees.
    expect(manager.body.rows[0]?.current).toEqual(head.body.rows.find((r) => r.userId === MANAGER)?.current);
    expect(admin.body.total?.current.openDeals).toBeGreaterThan(head.body.total?.current.openDeals ?? Infinity);
  });

  it('a manager gets 403 on every team view; a head gets 403 for another group or its manager', async () => {
    h = await ready();
    for (const url of [
      `/api/v1/analytics/funnel?pipelineId=${PIPELINE}&${period()}`, `/api/v1/analytics/losses?${period()}`,
      `/api/v1/analytics/cohorts?pipelineId=${PIPELINE}`, '/api/v1/analytics/control/stuck', '/api/v1/analytics/targets',
    ]) {
      const res = await h.get<{ error: string }>(MANAGER, url);
      expect([url, res.status, res.body.error]).toEqual([url, 403, 'heads_only']);
    }
    const other = await h.get<{ error: string }>(HEAD, `/api/v1/analytics/losses?${period()}&managerId=${OTHER_GROUP_MANAGER}`);
    expect([other.status, other.body.error]).toEqual([403, 'out_of_scope']);
    const otherGroup = await h.get<{ error: string }>(HEAD, `/api/v1/analytics/checklist?groupId=${OTHER_GROUP}`);
    expect(otherGroup.status).toBe(403);
    const asAdmin = await h.get(ADMIN, `/api/v1/analytics/losses?${period()}&managerId=${OTHER_GROUP_MANAGER}`);
    expect(asAdmin.status).toBe(200);
  });

  it("a head's losses and deal lists hold only their group's deals", async () => {
    h = await ready();
    const head = await h.get<LossesResponse>(HEAD, `/api/v1/analytics/losses?${period()}`);
    const admin = await h.get<LossesResponse>(ADMIN, `/api/v1/analytics/losses?${period()}`);
    expect(head.body.total.count).toBeGreaterThan(0);
    expect(admin.body.total.count).toBeGreaterThan(head.body.total.count);
    const cell = head.body.cells[0];
    const q = `lostFromStatusId=${cell?.lostFromStatusId ?? 'none'}&reasonId=${cell?.reasonId ?? 'none'}`;
    const deals = await h.get<LossDealsResponse>(HEAD, `/api/v1/analytics/losses/deals?${period()}&${q}`);
    expect(deals.body.total).toBe(cell?.count);
    expect(deals.body.items.every((d) => [MANAGER, SAME_GROUP_MANAGER, HEAD].includes(d.managerId))).toBe(true);
    const stuck = await h.get<StuckResponse>(HEAD, '/api/v1/analytics/control/stuck');
    expect(stuck.body.items.every((d) => d.managerId !== OTHER_GROUP_MANAGER)).toBe(true);
  });

  it('heads set targets for their own group only; a cell outside the allowed deviation is highlighted', async () => {
    h = await ready();
    const harness = h;
    const put = async (userId: number, payload: Record<string, unknown>) =>
      harness.app.inject({ method: 'PUT', url: '/api/v1/analytics/targets', headers: await harness.headers(userId), payload });
    const target = { metric: 'withoutTask', value: 0, allowedDeviation: 0, direction: 'at_most' };
    expect((await put(HEAD, { groupId: null, targets: [target] })).statusCode).toBe(403);
    expect((await put(HEAD, { groupId: OTHER_GROUP, targets: [target] })).statusCode).toBe(403);
    expect((await put(MANAGER, { groupId: GROUP, targets: [target] })).statusCode).toBe(403);
    const bad = await put(HEAD, { groupId: GROUP, targets: [{ ...target, direction: 'sideways' }] });
    expect(bad.statusCode).toBe(400);
    expect(JSON.stringify(bad.json())).toContain('targets.0.direction');
    const ok = await put(HEAD, { groupId: GROUP, targets: [target] });
    expect(ok.statusCode).toBe(200);
    expect(ok.json<TargetsResponse>().targets).toMatchObject([{ metric: 'withoutTask', groupId: GROUP, updatedBy: HEAD }]);

    const checklist = await h.get<ChecklistResponse>(HEAD, '/api/v1/analytics/checklist');
    const withGaps = checklist.body.rows.filter((r) => (r.current.withoutTask ?? 0) > 0);
    const clean = checklist.body.rows.filter((r) => r.current.withoutTask === 0);
    expect(withGaps.length + clean.length).toBe(checklist.body.rows.length);
    expect(withGaps.length).toBeGreaterThan(0);
    expect(withGaps.every((r) => r.outOfBand.includes('withoutTask'))).toBe(true);
    expect(clean.every((r) => !r.outOfBand.includes('withoutTask'))).toBe(true);
    // The other group's manager (seen by the admin) has no target, so nothing is highlighted.
    const admin = await h.get<ChecklistResponse>(ADMIN, '/api/v1/analytics/checklist');
    expect(admin.body.rows.find((r) => r.userId === OTHER_GROUP_MANAGER)?.outOfBand).toEqual([]);
  });

  it("lists the tags on the deals the caller may see (the cohort view's tag picker)", async () => {
    h = await ready();
    const deals = await h.amo.listLeads({});
    const tally = (ds: typeof deals) => {
      const counts = new Map<string, number>();
      for (const d of ds) for (const tag of d.tags) counts.set(tag, (counts.get(tag) ?? 0) + 1);
      return Object.fromEntries(counts);
    };
    const admin = await h.get<TagsResponse>(ADMIN, '/api/v1/analytics/tags');
    const head = await h.get<TagsResponse>(HEAD, '/api/v1/analytics/tags');
    expect(Object.fromEntries(admin.body.tags.map((t) => [t.name, t.deals]))).toEqual(tally(deals));
    expect(Object.fromEntries(head.body.tags.map((t) => [t.name, t.deals])))
      .toEqual(tally(deals.filter((d) => [HEAD, MANAGER, SAME_GROUP_MANAGER].includes(d.responsibleUserId))));
    expect(admin.body.tags.length).toBeGreaterThan(1);
    expect(admin.body.tags.map((t) => t.deals)).toEqual([...admin.body.tags.map((t) => t.deals)].sort((a, b) => b - a));
    expect((await h.get(MANAGER, '/api/v1/analytics/tags')).status).toBe(403);
  });

  it("calendar periods and whole-day ranges are read in the account's zone", async () => {
    h = await ready();
    const zone = (await h.amo.getAccount()).timezone;
    const clock = (): UnixSeconds => Math.floor(Date.now() / 1000) as UnixSeconds;
    const now = clock();
    const base = `/api/v1/analytics/funnel?pipelineId=${PIPELINE}`;
    for (const name of ['this_week', 'last_week', 'this_month', 'last_month', 'this_quarter', 'last_quarter'] as const) {
      const before = clock();
      const named = await h.get<FunnelResponse>(ADMIN, `${base}&period=${name}`);
      const after = clock();
      const expected = derivePeriod(zone, before, { kind: 'calendar', name });
      expect(named.body.from).toBe(expected.from);
      // A running period ends at the request's now.
      if (name.startsWith('this_')) expect(named.body.to - 1).toBeGreaterThanOrEqual(before);
      if (name.startsWith('this_')) expect(named.body.to - 1).toBeLessThanOrEqual(after);
      else expect(named.body.to).toBe(expected.to);
      const explicit = await h.get<FunnelResponse>(ADMIN, `${base}&from=${named.body.from}&to=${named.body.to}`);
      expect(named.body.stages).toEqual(explicit.body.stages);
    }
    const days = await h.get<LossesResponse>(ADMIN, '/api/v1/analytics/losses?fromDay=2026-01-01&toDay=2026-03-31');
    expect([days.body.from, days.body.to]).toEqual(Object.values(derivePeriod(zone, now, { kind: 'days', first: { year: 2026, month: 1, day: 1 }, last: { year: 2026, month: 3, day: 31 } })));
    const cohorts = await h.get<{ cohorts: Array<{ start: number }>; immature: Array<{ start: number }> }>(ADMIN, `/api/v1/analytics/cohorts?pipelineId=${PIPELINE}&period=last_quarter&by=month`);
    const quarter = derivePeriod(zone, now, { kind: 'calendar', name: 'last_quarter' });
    expect([...cohorts.body.cohorts, ...cohorts.body.immature].every((c) => c.start >= quarter.from && c.start < quarter.to)).toBe(true);
    for (const bad of ['period=this_week&from=1&to=2', 'fromDay=2026-03-01&toDay=2026-01-01', 'period=yesterday', 'fromDay=2026-01-01']) {
      expect((await h.get(ADMIN, `${base}&${bad}`)).status).toBe(400);
    }
  });

  it('reads periods and weeks in the zone an admin set, over the account\'s amoCRM zone', async () => {
    h = await ready();
    // UTC+14: no calendar day starts at the same instant as in the account's own (Moscow) zone.
    const adminZone = 'Pacific/Kiritimati';
    const { config, version } = await loadConfig(fixture.store().db, h.accountId);
    await saveConfig(fixture.store().db, h.accountId, { baseVersion: version, by: ADMIN as UserId, at: new Date(), config: { ...config, general: { ...config.general, timezone: adminZone } } });
    const now = Math.floor(Date.now() / 1000) as UnixSeconds;
    const days = await h.get<LossesResponse>(ADMIN, '/api/v1/analytics/losses?fromDay=2026-01-01&toDay=2026-03-31');
    expect([days.body.from, days.body.to]).toEqual(Object.values(derivePeriod(adminZone, now, { kind: 'days', first: { year: 2026, month: 1, day: 1 }, last: { year: 2026, month: 3, day: 31 } })));
    const checklist = await h.get<ChecklistResponse>(ADMIN, '/api/v1/analytics/checklist');
    expect(checklist.body.timezone).toBe(adminZone);
  });

  it('bad queries get a 400 with the field path', async () => {
    h = await ready();
    const reversed = await h.get<{ errors: Array<{ path: string }> }>(HEAD, `/api/v1/analytics/funnel?pipelineId=${PIPELINE}&from=200&to=100`);
    expect(reversed.status).toBe(400);
    expect(reversed.body.errors.map((e) => e.path)).toContain('to');
    const policy = await h.get<{ errors: Array<{ path: string }> }>(HEAD, `/api/v1/analytics/funnel?pipelineId=${PIPELINE}&${period()}&policy=all`);
    expect(policy.body.errors.map((e) => e.path)).toContain('policy');
    const unknownPipeline = await h.get<FunnelResponse>(HEAD, `/api/v1/analytics/funnel?pipelineId=1&${period()}`);
    expect(unknownPipeline.status).toBe(404);
  });
});
