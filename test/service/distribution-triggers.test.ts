import { expect, it } from 'vitest';
import type { AccountId, EpochMs, UserId } from '../../src/core/brand';
import type { Availability } from '../../src/core/distribution/availability';
import { saveConfig } from '../../src/service/config/repository';
import { accountConfigSchema } from '../../src/service/config/schema';
import { upsertConnectedAccount } from '../../src/service/accounts/repository';
import {
  BATCH_JOB, DEBOUNCE_MS, dpTriggerHandler, guardTriggerHandler, leadStageTriggerHandler, MAX_WAIT_MS, shouldWaitForQuiet,
} from '../../src/service/distribution/triggers';
import { createJobRunner } from '../../src/service/jobs/runner';
import { forEachStore } from '../support/service-store';
import { NOW } from '../support/time';

const ACCOUNT = 31000001 as AccountId;
const T0: number = NOW;

forEachStore('distribution triggers', (fixture) => {
  const db = () => fixture.store().db;

  async function setup(availability = new Map<UserId, Availability>(), zones: string[] = [], amoZone: string | null = 'Europe/Moscow') {
    const clock = { at: T0, now: () => clock.at as EpochMs };
    const runner = createJobRunner({ db: db(), clock });
    // Records the zone each availability read is made in: hours and focus are read in the account's time.
    const deps = {
      db: db(), jobs: runner, accountTimezone: async () => amoZone,
      availability: async (_account: AccountId, _now: EpochMs, zone: string) => { zones.push(zone); return availability; },
    };
    runner.register('amo.dp', dpTriggerHandler(deps));
    runner.register('amo.lead.status', leadStageTriggerHandler(deps));
    runner.register('amo.lead.responsible', guardTriggerHandler(deps));
    await upsertConnectedAccount(db(), { id: ACCOUNT, subdomain: 'demo', baseUrl: 'http://127.0.0.1' }, new Date(T0));
    const config = accountConfigSchema.parse({ distribution: { pools: [{ pipelineId: 7, participants: [{ userId: 3 }], guard: true, triggers: { webhookStatusIds: [70] } }] } });
    await saveConfig(db(), ACCOUNT, { baseVersion: 0, config, by: 1 as UserId, at: new Date(T0) });
    return { clock, runner };
  }
  // By lead: the runner handles trigger jobs in parallel, so insertion order is not theirs to keep.
  const pending = () => db().selectFrom('distribution_pending').select(['lead_id', 'trigger', 'expected_status_id']).orderBy('lead_id').execute();
  const batches = () => db().selectFrom('jobs').select(['run_at']).where('type', '=', BATCH_JOB).execute();

  it('records each Digital Pipeline lead and schedules one batch per debounce slot', async () => {
    const { clock, runner } = await setup();
    for (let id = 1; id <= 5; id += 1) {
      await runner.enqueue({ accountId: ACCOUNT, type: 'amo.dp', payload: { entityId: id, elementType: 2, statusId: 70, pipelineId: 7 } });
    }
    await runner.enqueue({ accountId: ACCOUNT, type: 'amo.dp', payload: { entityId: 99, elementType: 1 } });
    await runner.drain();
    expect((await pending()).map((row) => [row.lead_id, row.trigger, row.expected_status_id])).toEqual([1, 2, 3, 4, 5].map((id) => [id, 'dp', 70]));
    const scheduled = await batches();
    expect(scheduled).toHaveLength(1);
    expect(scheduled[0]?.run_at.getTime()).toBeGreaterThan(clock.at);
    expect(scheduled[0]?.run_at.getTime()).toBeLessThanOrEqual(clock.at + DEBOUNCE_MS);
  });

  it('waits while leads keep arriving, but never longer than MAX_WAIT_MS', async () => {
    const { clock, runner } = await setup();
    await runner.enqueue({ accountId: ACCOUNT, type: 'amo.dp', payload: { entityId: 1, elementType: 2 } });
    await runner.drain();
    expect(await shouldWaitForQuiet(db(), ACCOUNT, new Date(clock.at + DEBOUNCE_MS - 1))).toBe(true);
    expect(await shouldWaitForQuiet(db(), ACCOUNT, new Date(clock.at + DEBOUNCE_MS))).toBe(false);
    clock.at += MAX_WAIT_MS - 100;
    await runner.enqueue({ accountId: ACCOUNT, type: 'amo.dp', payload: { entityId: 2, elementType: 2 } });
    await runner.drain();
    expect(await shouldWaitForQuiet(db(), ACCOUNT, new Date(clock.at + 50))).toBe(true);
    expect(await shouldWaitForQuiet(db(), ACCOUNT, new Date(clock.at + 150))).toBe(false);
  });

  it('takes stage webhooks only for configured stages, and guard checks only for managers in focus', async () => {
    const availability = new Map<UserId, Availability>([[3 as UserId, { kind: 'focus', since: 0 as EpochMs }], [4 as UserId, { kind: 'available' }]]);
    const { runner } = await setup(availability);
    const item = (id: number, extra: Record<string, string>) => ({ event: 'x', item: { id: String(id), pipeline_id: '7', ...extra } });
    await runner.enqueue({ accountId: ACCOUNT, type: 'amo.lead.status', payload: item(10, { status_id: '70' }) });
    await runner.enqueue({ accountId: ACCOUNT, type: 'amo.lead.status', payload: item(11, { status_id: '71' }) });
    await runner.enqueue({ accountId: ACCOUNT, type: 'amo.lead.responsible', payload: item(12, { responsible_user_id: '3' }) });
    await runner.enqueue({ accountId: ACCOUNT, type: 'amo.lead.responsible', payload: item(13, { responsible_user_id: '4' }) });
    await runner.drain();
    expect((await pending()).map((row) => [row.lead_id, row.trigger])).toEqual([[10, 'webhook'], [12, 'guard']]);
  });

  it('reads a guarded manager\'s availability in the account\'s amoCRM zone when no admin set one', async () => {
    const zones: string[] = [];
    const availability = new Map<UserId, Availability>([[3 as UserId, { kind: 'focus', since: 0 as EpochMs }]]);
    const { runner } = await setup(availability, zones, 'Asia/Kolkata');
    await runner.enqueue({ accountId: ACCOUNT, type: 'amo.lead.responsible', payload: { event: 'x', item: { id: '12', pipeline_id: '7', responsible_user_id: '3' } } });
    await runner.drain();
    // The guard once read it in UTC (`general.timezone ?? 'UTC'`), unlike the batch and focus.
    expect(zones).toEqual(['Asia/Kolkata']);
  });
});
