import { afterAll, beforeAll, beforeEach, expect, it } from 'vitest';
import type { EpochMs, UserId } from '../../src/core/brand';
import { runBatch } from '../../src/service/distribution/engine';
import { addPending, countHeld } from '../../src/service/distribution/repository';
import { forEachStore } from '../support/service-store';
import { NOW } from '../support/time';
import {
  ACCOUNT, configure, createContact, createLeads, decisionsOf, dpPending, engineDeps, pool, responsibleOf, startWorld, trigger, type World,
} from '../support/service-distribution';

let world: World;
beforeAll(async () => { world = await startWorld(); });
afterAll(async () => { await world.sb.close(); });

forEachStore('distribution engine', (fixture) => {
  const db = () => fixture.store().db;
  beforeEach(async () => {
    await fetch(`${world.sb.url}/_emulator/reset`, { method: 'POST' });
    for (const user of world.sb.users) world.availability.set(user.id as UserId, { kind: 'available' });
    world.clock.now = new Date(NOW);
  });

  it('goes round the participants and logs every candidate', async () => {
    await configure(db(), { pools: [pool(world)] });
    const leads = await createLeads(world, [{}, {}, {}, {}]);
    const outcome = await trigger(world, db(), dpPending(world, leads));
    expect(outcome).toMatchObject({ claimed: 4, assigned: 4, held: 0, applied: { leads: 4 } });
    const [a, b, c] = world.managers;
    expect(await responsibleOf(world, leads)).toEqual([a, b, c, a]);
    const [first] = await decisionsOf(db());
    expect(first).toMatchObject({ kind: 'assigned', why: 'round_robin', trigger: 'new_lead', user_id: a, from_user_id: world.admin });
    expect(first?.candidates).toEqual([
      { userId: a, status: 'chosen' }, { userId: b, status: 'eligible' }, { userId: c, status: 'eligible' },
    ]);
    expect(first?.applied_at).not.toBeNull();
  });

  it('skips a manager in focus and gives no catch-up burst when they come back', async () => {
    await configure(db(), { pools: [pool(world)] });
    const [a, b, c] = world.managers as [number, number, number];
    world.availability.set(b as UserId, { kind: 'focus', since: 0 as EpochMs });
    const during = await createLeads(world, [{}, {}, {}, {}]);
    await trigger(world, db(), dpPending(world, during));
    expect(await responsibleOf(world, during)).toEqual([a, c, a, c]);
    const skipped = (await decisionsOf(db()))[0]?.candidates as Array<{ userId: number; status: string; reason?: { code: string } }>;
    expect(skipped.find((candidate) => candidate.userId === b)).toEqual({ userId: b, status: 'skipped', reason: { code: 'in_focus' } });

    world.availability.set(b as UserId, { kind: 'available' });
    const after = await createLeads(world, [{}, {}, {}]);
    await trigger(world, db(), dpPending(world, after), 'after');
    // The pointer was on c: b takes one turn like everyone else, not the four it missed.
    expect(await responsibleOf(world, after)).toEqual([a, b, c]);
  });

  it('ignores a Digital Pipeline trigger for a lead that is no longer in the stage, with a log entry', async () => {
    await configure(db(), { pools: [pool(world)] });
    const [moved] = await createLeads(world, [{ statusId: world.otherStatusId }]);
    const outcome = await trigger(world, db(), dpPending(world, [moved ?? 0, 99_999_999]));
    expect(outcome).toMatchObject({ ignored: 2, assigned: 0 });
    expect((await decisionsOf(db())).map((row) => [row.lead_id, row.kind, row.why])).toEqual([
      [moved, 'ignored', 'not_in_stage'], [99_999_999, 'ignored', 'lead_not_found'],
    ]);
    expect(await responsibleOf(world, [moved ?? 0])).toEqual([world.admin]);
  });

  it('gives the lead to its contact\'s responsible and moves the previous responsible\'s open tasks', async () => {
    const [, b] = world.managers as [number, number];
    await configure(db(), { pools: [pool(world, { stickyOwner: true })] });
    const contact = await createContact(world, b);
    const [lead] = await createLeads(world, [{ contactId: contact }]);
    const created = await world.amo.createTasks([
      { leadId: lead as never, responsibleUserId: world.admin as UserId, taskTypeId: 1 as never, text: 'Позвонить', completeTill: 1_900_000_000 as never },
    ]);
    await trigger(world, db(), dpPending(world, [lead ?? 0]));
    expect(await responsibleOf(world, [lead ?? 0])).toEqual([b]);
    const [decision] = await decisionsOf(db());
    expect(decision).toMatchObject({ why: 'sticky_owner', user_id: b, move_tasks: false });
    const tasks = await world.amo.listTasks({ ids: created.map((task) => task.id) });
    expect(tasks.map((task) => task.responsibleUserId)).toEqual([b]);
  });

  it('skips a manager at their cap of open deals in the load stages', async () => {
    const [a, b] = world.managers as [number, number];
    await configure(db(), { pools: [pool(world, { participants: [{ userId: a, cap: 2 }, { userId: b }], loadStatusIds: [world.otherStatusId] })] });
    await createLeads(world, [{ statusId: world.otherStatusId, responsible: a }, { statusId: world.otherStatusId, responsible: a }]);
    const leads = await createLeads(world, [{}, {}]);
    await trigger(world, db(), dpPending(world, leads));
    expect(await responsibleOf(world, leads)).toEqual([b, b]);
    const candidates = (await decisionsOf(db()))[0]?.candidates as Array<{ userId: number; reason?: unknown }>;
    expect(candidates.find((candidate) => candidate.userId === a)?.reason).toEqual({ code: 'at_cap', cap: 2, load: 2 });
  });

  it('skips managers outside the pool\'s working hours in the account time zone', async () => {
    await configure(db(), { pools: [pool(world, { hours: { days: { 5: [{ start: 780, end: 1080 }] } }, whenNobodyAvailable: { kind: 'on_duty', userId: world.admin } })] });
    // 12:00 in Moscow (09:00 UTC): before 13:00, so every participant is outside hours.
    const leads = await createLeads(world, [{}]);
    await trigger(world, db(), dpPending(world, leads));
    const [decision] = await decisionsOf(db());
    expect(decision).toMatchObject({ kind: 'assigned', why: 'on_duty', user_id: world.admin });
    expect((decision?.candidates as Array<{ reason?: { code: string } }>).every((candidate) => candidate.reason?.code === 'outside_hours')).toBe(true);
  });

  it('holds leads when nobody is available and hands them out in arrival order when someone comes back', async () => {
    await configure(db(), { pools: [pool(world)] });
    for (const manager of world.managers) world.availability.set(manager as UserId, { kind: 'focus', since: 0 as EpochMs });
    const leads = await createLeads(world, [{}, {}, {}]);
    const outcome = await trigger(world, db(), dpPending(world, leads));
    expect(outcome).toMatchObject({ held: 3, assigned: 0 });
    expect(await countHeld(db(), ACCOUNT)).toBe(3);
    expect((await decisionsOf(db())).map((row) => row.kind)).toEqual(['held', 'held', 'held']);

    const [, b] = world.managers as [number, number];
    world.availability.set(b as UserId, { kind: 'available' });
    // A newer lead arrives in the same batch as the release: the held ones go first.
    const [newer] = await createLeads(world, [{}]);
    world.clock.now = new Date(world.clock.now.getTime() + 60_000);
    await trigger(world, db(), dpPending(world, [newer ?? 0]), 'release');
    const assigned = (await decisionsOf(db())).filter((row) => row.kind === 'assigned');
    expect(assigned.map((row) => [row.lead_id, row.trigger])).toEqual([
      [leads[0], 'held_handout'], [leads[1], 'held_handout'], [leads[2], 'held_handout'], [newer, 'new_lead'],
    ]);
    expect(await countHeld(db(), ACCOUNT)).toBe(0);
    expect(await responsibleOf(world, [...leads, newer ?? 0])).toEqual([b, b, b, b]);
  });

  it('reassigns, in guard mode, a lead something else gave to a manager in focus', async () => {
    const [a, b] = world.managers as [number, number];
    await configure(db(), { pools: [pool(world, { guard: true })] });
    world.availability.set(a as UserId, { kind: 'focus', since: 0 as EpochMs });
    const [lead] = await createLeads(world, [{ responsible: a }]);
    await trigger(world, db(), [{ leadId: lead as never, trigger: 'guard', expectedStatusId: null, arrivedAt: world.clock.now.getTime() as EpochMs }]);
    expect(await responsibleOf(world, [lead ?? 0])).toEqual([b]);
    expect((await decisionsOf(db()))[0]).toMatchObject({ trigger: 'guard', from_user_id: a, user_id: b });
  });

  it('gives each of 21 leads triggered at once to exactly one manager and keeps the rotation', async () => {
    const participants = world.managers.slice(0, 3);
    await configure(db(), { pools: [pool(world, { participants: participants.map((userId) => ({ userId })) })] });
    const leads = await createLeads(world, Array.from({ length: 21 }, () => ({})));
    await addPending(db(), ACCOUNT, dpPending(world, leads));
    // Two engines (a second store handle: another instance on PostgreSQL) racing with one batch per trigger.
    const sibling = await fixture.openSibling();
    await Promise.all(leads.map((_, index) => runBatch(engineDeps(world, index % 2 === 0 ? db() : sibling.db), ACCOUNT, `batch-${index}`)));
    const assigned = (await decisionsOf(db())).filter((row) => row.kind === 'assigned');
    expect(assigned.map((row) => row.lead_id).sort()).toEqual([...leads].sort());
    const order = assigned.map((row) => Number(row.user_id));
    // In decision order the managers alternate strictly: no turn taken twice, none lost.
    expect(order.every((userId, index) => userId === participants[index % participants.length])).toBe(true);
    const sandboxOwners = await responsibleOf(world, leads);
    expect(assigned.every((row) => sandboxOwners[leads.indexOf(Number(row.lead_id))] === Number(row.user_id))).toBe(true);
  });
});
