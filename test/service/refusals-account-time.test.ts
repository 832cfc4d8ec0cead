/**
 * Review tasks are due in the account's own working hours: the account's amoCRM zone unless an
 * admin set one in general settings (docs/decisions/0003-account-time.md). The refusals section
 * once carried its own zone defaulting to Europe/Moscow, so accounts elsewhere got Moscow hours.
 */
import { afterEach, expect, it } from 'vitest';
import { loadConfig, saveConfig } from '../../src/service/config/repository';
import { forEachStore } from '../support/service-store';
import { ADMIN, loseAndProcess, MANAGER, openDealOf, REASON_EXPENSIVE, startRefusalHarness, tasksOfLead, type RefusalHarness } from '../support/service-refusals';

// Monday 2026-12-07 09:30 in Kolkata (UTC+05:30) = 04:00 UTC = 07:00 in Moscow, before Moscow opens.
// Not 10:00: 8 working hours from 10:00 end exactly at 18:00, and the sandbox clock runs on while
// the loss is recorded — a second later the task is due on Tuesday, rightly, and the test flaked.
const MONDAY_0930_KOLKATA = Date.UTC(2026, 11, 7, 4, 0);

forEachStore('refusal review tasks in the account time', (fixture) => {
  let h: RefusalHarness | undefined;
  afterEach(async () => { await h?.close(); h = undefined; });

  const reviewTaskDue = async (harness: RefusalHarness, leadId: Parameters<typeof tasksOfLead>[1]): Promise<string> => {
    const [task] = (await tasksOfLead(harness, leadId)).filter((t) => !t.isCompleted);
    expect(task).toBeDefined();
    return new Date((task?.completeTill ?? 0) * 1000).toISOString();
  };

  it('gives an account in Asia/Kolkata a review task due within its own working hours', async () => {
    h = await startRefusalHarness(fixture.store(), { sandbox: { now: MONDAY_0930_KOLKATA, timezone: 'Asia/Kolkata' } });
    const deal = await openDealOf(h, MANAGER);
    await loseAndProcess(h, deal, REASON_EXPENSIVE);
    // 8 working hours (09:00–18:00) from Monday 09:30 Kolkata (plus the seconds the loss takes):
    // Monday 17:30 Kolkata = 12:00 UTC. (Moscow hours would give 09:00 + 8 h = 17:00 Moscow = 14:00 UTC.)
    expect((await reviewTaskDue(h, deal.id)).slice(0, 16)).toBe('2026-12-07T12:00');
  });

  it('uses the zone an admin set in general settings over the account zone', async () => {
    h = await startRefusalHarness(fixture.store(), { sandbox: { now: MONDAY_0930_KOLKATA, timezone: 'Asia/Kolkata' } });
    const { config, version } = await loadConfig(fixture.store().db, h.accountId);
    await saveConfig(fixture.store().db, h.accountId, {
      baseVersion: version, by: ADMIN, at: new Date(), config: { ...config, general: { ...config.general, timezone: 'Europe/Moscow' } },
    });
    const deal = await openDealOf(h, MANAGER);
    await loseAndProcess(h, deal, REASON_EXPENSIVE);
    expect(await reviewTaskDue(h, deal.id)).toBe('2026-12-07T14:00:00.000Z');
  });
});
