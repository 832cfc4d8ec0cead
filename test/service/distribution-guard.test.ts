/**
 * Issue 10 item 1: a forged Digital Pipeline webhook reassigns nothing. The lead is read from the
 * sandbox and distributed only when its state calls for it: open, never distributed by us, and
 * in a stage where the pool's DP action sits. (Item 4, a deal a head returned, is in
 * ./distribution-return.test.ts.)
 */
import { afterAll, beforeAll, beforeEach, expect, it } from 'vitest';
import type { EpochMs, UserId } from '../../src/core/brand';
import { forEachStore } from '../support/service-store';
import { NOW } from '../support/time';
import type { Availability } from '../../src/core/distribution/availability';
import { upsertConnectedAccount } from '../../src/service/accounts/repository';
import { saveConfig } from '../../src/service/config/repository';
import { accountConfigSchema } from '../../src/service/config/schema';
import { guardTriggerHandler } from '../../src/service/distribution/triggers';
import { createJobRunner } from '../../src/service/jobs/runner';
import { ACCOUNT, configure, createLeads, decisionsOf, dpPending, pool, responsibleOf, startWorld, trigger, type World } from '../support/service-distribution';

let world: World;
beforeAll(async () => { world = await startWorld(); });
afterAll(async () => { await world.sb.close(); });

forEachStore('distribution: no effect on the word of a payload', (fixture) => {
  const db = () => fixture.store().db;
  beforeEach(async () => {
    await fetch(`${world.sb.url}/_emulator/reset`, { method: 'POST' });
    for (const user of world.sb.users) world.availability.set(user.id as UserId, { kind: 'available' });
    world.clock.now = new Date(NOW);
  });

  it('ignores a DP webhook without status_id for deals sitting in another stage («Дожим»)', async () => {
    await configure(db(), { pools: [pool(world)] });
    const deals = await createLeads(world, Array.from({ length: 6 }, () => ({ statusId: world.otherStatusId })));
    const forged = dpPending(world, deals).map((entry) => ({ ...entry, expectedStatusId: null }));
    const outcome = await trigger(world, db(), forged);
    expect(outcome).toMatchObject({ assigned: 0, ignored: 6 });
    expect(await responsibleOf(world, deals)).toEqual(deals.map(() => world.admin));
  });

  it('ignores a DP webhook naming the deal\'s own stage when the DP action is not on that stage', async () => {
    await configure(db(), { pools: [pool(world)] });
    const deals = await createLeads(world, [{ statusId: world.otherStatusId }, { statusId: world.otherStatusId }]);
    const outcome = await trigger(world, db(), dpPending(world, deals, world.otherStatusId));
    expect(outcome).toMatchObject({ assigned: 0, ignored: 2 });
    expect((await decisionsOf(db())).map((row) => row.why)).toEqual(['not_dp_stage', 'not_dp_stage']);
    expect(await responsibleOf(world, deals)).toEqual([world.admin, world.admin]);
  });

  it('distributes in a configured DP stage other than the first one', async () => {
    await configure(db(), { pools: [pool(world, { triggers: { digitalPipeline: true, dpStatusIds: [world.otherStatusId] } })] });
    const [deal] = await createLeads(world, [{ statusId: world.otherStatusId }]);
    const outcome = await trigger(world, db(), dpPending(world, [deal ?? 0], world.otherStatusId));
    expect(outcome).toMatchObject({ assigned: 1 });
  });

  it('never re-rolls a lead it distributed before, however long ago', async () => {
    await configure(db(), { pools: [pool(world)] });
    const [deal] = await createLeads(world, [{}]);
    await trigger(world, db(), dpPending(world, [deal ?? 0]), 'first');
    const [owner] = await responsibleOf(world, [deal ?? 0]);
    expect(world.managers).toContain(owner);
    // A day later the deal still sits in the DP stage; someone replays (or forges) the DP webhook.
    world.clock.now = new Date(NOW + 86_400_000);
    const replay = dpPending(world, [deal ?? 0]).map((entry) => ({ ...entry, arrivedAt: world.clock.now.getTime() as EpochMs }));
    const outcome = await trigger(world, db(), replay, 'replay');
    expect(outcome).toMatchObject({ assigned: 0, ignored: 1 });
    expect(await responsibleOf(world, [deal ?? 0])).toEqual([owner]);
  });
});

forEachStore('distribution guard mode and heads', (fixture) => {
  it('does not fight a head who gives a lead to a manager in focus, but still guards against others', async () => {
    const { db } = fixture.store();
    const T0 = NOW;
    const runner = createJobRunner({ db, clock: { now: () => T0 as EpochMs } });
    const availability = new Map<UserId, Availability>([[3 as UserId, { kind: 'focus', since: 0 as EpochMs }]]);
    runner.register('amo.lead.responsible', guardTriggerHandler({ db, jobs: runner, availability: async () => availability, accountTimezone: async () => 'Europe/Moscow' }));
    await upsertConnectedAccount(db, { id: ACCOUNT, subdomain: 'demo', baseUrl: 'http://127.0.0.1' }, new Date(T0));
    const config = accountConfigSchema.parse({
      heads: [{ groupId: 10, userIds: [8] }],
      distribution: { pools: [{ pipelineId: 7, participants: [{ userId: 3 }, { userId: 4 }], guard: true }] },
    });
    await saveConfig(db, ACCOUNT, { baseVersion: 0, config, by: 1 as UserId, at: new Date(T0) });
    const item = (id: number, modifiedBy: string) => ({ event: 'responsible_lead', item: { id: String(id), pipeline_id: '7', responsible_user_id: '3', modified_user_id: modifiedBy } });
    await runner.enqueue({ accountId: ACCOUNT, type: 'amo.lead.responsible', payload: item(21, '8') });
    await runner.enqueue({ accountId: ACCOUNT, type: 'amo.lead.responsible', payload: item(22, '0') });
    await runner.drain();
    const pending = await db.selectFrom('distribution_pending').select(['lead_id', 'trigger']).orderBy('lead_id').execute();
    expect(pending.map((row) => [row.lead_id, row.trigger])).toEqual([[22, 'guard']]);
  });
});
