/**
 * Issue 10 item 3: an account webhook that amoCRM disabled does not silently end refusal control.
 * The reconciler (src/service/reconcile) notices it through GET /api/v4/webhooks, subscribes
 * again, raises the alarm (/metrics, the admins' status route) and catches up the losses the gap
 * missed from GET /api/v4/events — each loss reviewed exactly once whether it came by webhook,
 * by catch-up, or both. Against the sandbox.
 */
import { afterEach, expect, it } from 'vitest';
import type { LeadId } from '../../src/core/brand';
import { STATUS_LOST } from '../../src/core/brand';
import { createReconcileFeature, RECONCILE_JOB } from '../../src/service/reconcile/feature';
import type { ReconcileStatusResponse } from '../../src/contract/reconcile';
import { forEachStore } from '../support/service-store';
import { ADMIN, deliverStatusWebhook, loseDeal, MANAGER, openDealOf, REASON_EXPENSIVE, startRefusalHarness, type RefusalHarness } from '../support/service-refusals';

/** Nothing listens on the discard port: the sandbox's deliveries fail fast instead of reaching a stranger. */
const UNREACHABLE = 'http://127.0.0.1:9';

forEachStore('webhook reconciler', (fixture) => {
  let h: RefusalHarness | undefined;
  afterEach(async () => { await h?.close(); h = undefined; });

  async function reconcile(harness: RefusalHarness, reason: 'periodic' | 'start' = 'periodic'): Promise<void> {
    await harness.jobs.enqueue({ accountId: harness.accountId, type: RECONCILE_JOB, payload: { reason } });
    await harness.jobs.drain();
    // The catch-up's webhook-like jobs, then the collector they schedule.
    await harness.jobs.drain();
  }
  const sandboxHooks = async (harness: RefusalHarness) =>
    ((await (await fetch(`${harness.sandbox.url}/_emulator/state`)).json()) as { webhooks: Array<{ destination: string; disabled: boolean }> }).webhooks;
  const reviewCounts = async (leadIds: readonly LeadId[]) => {
    const rows = await fixture.store().db.selectFrom('refusal_reviews').select('lead_id').where('lead_id', 'in', [...leadIds]).execute();
    return leadIds.map((id) => rows.filter((row) => Number(row.lead_id) === id).length);
  };
  const status = async (harness: RefusalHarness) =>
    (await harness.app.inject({ method: 'GET', url: '/api/v1/reconcile/status', headers: await harness.headers(ADMIN) })).json<ReconcileStatusResponse>();
  const alarmOf = async (harness: RefusalHarness) =>
    new RegExp(`focus_refusals_webhook_subscription_alarm\\{account_id="${harness.accountId}"\\} (\\d)`).exec((await harness.app.inject({ method: 'GET', url: '/metrics' })).body)?.[1];

  it('re-subscribes a disabled webhook, raises the alarm and reviews every missed loss exactly once', async () => {
    h = await startRefusalHarness(fixture.store(), {
      features: [createReconcileFeature({ runAtStart: false, intervalMs: 3_600_000 })], env: { PUBLIC_URL: UNREACHABLE },
    });
    // First check: the harness connected without registering the webhook, so it is missing.
    await reconcile(h);
    const subscribed = await sandboxHooks(h);
    expect(subscribed).toHaveLength(1);
    expect(subscribed[0]).toMatchObject({ disabled: false });
    expect(subscribed[0]?.destination.startsWith(`${UNREACHABLE}/webhooks/amo/`)).toBe(true);

    // A loss that arrives by webhook.
    const first = await openDealOf(h, MANAGER, 0);
    await loseDeal(h, first.id, REASON_EXPENSIVE);
    await deliverStatusWebhook(h, first.id, STATUS_LOST, first.statusId);
    await h.jobs.drain();
    expect(await reviewCounts([first.id])).toEqual([1]);

    // amoCRM switches the webhook off; two more losses reach nobody.
    const off = await fetch(`${h.sandbox.url}/_emulator/webhooks/disabled`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
    expect(off.status).toBe(200);
    const missed = [await openDealOf(h, MANAGER, 1), await openDealOf(h, MANAGER, 2)];
    for (const deal of missed) await loseDeal(h, deal.id, REASON_EXPENSIVE);
    await h.jobs.drain();
    expect(await reviewCounts(missed.map((deal) => deal.id))).toEqual([0, 0]);

    await reconcile(h);
    expect((await sandboxHooks(h))[0]).toMatchObject({ disabled: false });
    expect(await alarmOf(h)).toBe('1');
    const after = await status(h);
    expect(after).toMatchObject({ known: true, subscription: 'ok', alarm: false, lastProblem: { kind: 'disabled' } });
    expect(after.resubscriptions).toBeGreaterThanOrEqual(1);
    expect(after.caughtUpEvents).toBeGreaterThanOrEqual(2);
    // Every loss once: the two the gap missed, and the one that came by webhook *and* by catch-up.
    expect(await reviewCounts([first.id, ...missed.map((deal) => deal.id)])).toEqual([1, 1, 1]);
    const tasks = await h.amo.listTasks({ leadIds: [first.id, ...missed.map((deal) => deal.id)] });
    expect(tasks.filter((task) => task.taskTypeId === 3012).length).toBe(3);

    // A healthy check reads no events and lowers the alarm.
    const logFrom = h.sandbox.requests().length;
    await reconcile(h);
    expect(await alarmOf(h)).toBe('0');
    expect(h.sandbox.requests().slice(logFrom).filter((request) => request.path === '/api/v4/events')).toHaveLength(0);
  });

  it('catches up at start what arrived while the service was down, without re-reviewing', async () => {
    h = await startRefusalHarness(fixture.store(), {
      features: [createReconcileFeature({ runAtStart: false, intervalMs: 3_600_000 })], env: { PUBLIC_URL: UNREACHABLE },
    });
    await reconcile(h);
    const deal = await openDealOf(h, MANAGER, 0);
    await loseDeal(h, deal.id, REASON_EXPENSIVE);
    await reconcile(h, 'start');
    await reconcile(h, 'start');
    expect(await reviewCounts([deal.id])).toEqual([1]);
  });

  it('answers the status route to admins only', async () => {
    h = await startRefusalHarness(fixture.store(), { features: [createReconcileFeature({ runAtStart: false })], env: { PUBLIC_URL: UNREACHABLE } });
    const manager = await h.app.inject({ method: 'GET', url: '/api/v1/reconcile/status', headers: await h.headers(MANAGER) });
    expect(manager.statusCode).toBe(403);
    expect(await status(h)).toMatchObject({ known: false, alarm: false });
  });
});
