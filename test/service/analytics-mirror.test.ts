import { afterEach, expect, it } from 'vitest';
import type { MirrorStatus } from '../../src/contract/analytics';
import { forEachStore } from '../support/service-store';
import { ADMIN, startAnalyticsHarness, type AnalyticsHarness } from '../support/service-analytics';

forEachStore('analytics mirror', (fixture) => {
  let h: AnalyticsHarness | undefined;
  afterEach(async () => { await h?.close(); h = undefined; });

  it('backfills leads, status changes and tasks from the sandbox with visible progress', async () => {
    h = await startAnalyticsHarness(fixture.store());
    const first = await h.get<MirrorStatus>(ADMIN, '/api/v1/analytics/status');
    expect(first.status).toBe(200);
    expect(first.body.state).toBe('backfilling');
    await h.jobs.drain();
    const done = await h.get<MirrorStatus>(ADMIN, '/api/v1/analytics/status');
    const leads = await h.amo.listLeads({});
    const tasks = await h.amo.listTasks({});
    const changes = await h.amo.listStatusChanges({});
    expect(done.body.state).toBe('ready');
    expect(done.body.counts).toEqual({ leads: leads.length, statusChanges: changes.length, tasks: tasks.length });
    expect(done.body.progress.leads).toMatchObject({ done: leads.length, finished: true });
    expect(done.body.snapshotsSince).not.toBeNull();
  });
});

forEachStore('analytics mirror deletion', (fixture) => {
  let h: AnalyticsHarness | undefined;
  afterEach(async () => { await h?.close(); h = undefined; });

  it('disconnecting the account deletes its mirror rows, the stage-time bins derived from them, snapshots and sync state', async () => {
    h = await startAnalyticsHarness(fixture.store());
    await h.get(ADMIN, '/api/v1/analytics/status');
    await h.jobs.drain();
    const db = fixture.store().db;
    const tables = ['analytics_leads', 'analytics_status_changes', 'analytics_tasks', 'analytics_stage_time_bins', 'analytics_snapshots', 'analytics_sync'] as const;
    const count = async (table: (typeof tables)[number]) =>
      Number((await db.selectFrom(table).select((eb) => eb.fn.countAll<number>().as('n')).where('account_id', '=', h?.accountId ?? 0).executeTakeFirst())?.n);
    for (const table of tables) expect([table, await count(table)]).not.toEqual([table, 0]);
    const response = await h.app.inject({ method: 'POST', url: '/api/v1/account/disconnect', headers: await h.headers(ADMIN) });
    expect(response.statusCode).toBe(200);
    for (const table of tables) expect([table, await count(table)]).toEqual([table, 0]);
  });
});
