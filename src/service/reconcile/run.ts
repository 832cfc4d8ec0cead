/**
 * One reconciliation of one account (PRODUCT: nothing missed). Webhooks are hints; amoCRM's state
 * is the truth:
 *
 * 1. The subscription: GET /api/v4/webhooks; ours (by destination, which carries the account's
 *    secret) missing or disabled → subscribe again (POST re-enables and replaces its events) and
 *    raise the alarm (`problem`, the `webhook_subscription_alarm` gauge, the admin status).
 * 2. The catch-up: when a gap is possible — the subscription was not healthy, or the service has
 *    just started (it may have been down) — lead events since the checkpoint are read from
 *    GET /api/v4/events (100 a page, newest first, a window that ends in the past so pages cannot
 *    shift) and fed into the webhook intake (./intake.ts). Otherwise amoCRM's own retries cover
 *    short failures and only the checkpoint moves.
 *
 * The checkpoint is amoCRM time; each catch-up re-reads OVERLAP_SECONDS before it, which the
 * intake's dedupe makes harmless, so a clock skew between us and amoCRM loses nothing.
 */
import type { Kysely } from 'kysely';
import type { AccountId, UnixSeconds } from '../../core/brand';
import type { Clock } from '../../core/time/clock';
import type { AmoPort } from '../../amo/port';
import { WEBHOOK_EVENTS, webhookDestination } from '../accounts/amo-access';
import type { AccountRecord } from '../accounts/repository';
import type { MetricsRegistry } from '../http/metrics';
import type { JobLogger } from '../jobs/types';
import type { Database } from '../store/schema';
import type { SubscriptionState } from '../store/tables-reconcile';
import type { InboxWriter } from '../webhooks/inbox';
import { CAUGHT_UP_EVENT_TYPES, feedEventEntry } from './intake';

const OVERLAP_SECONDS = 10;

export interface ReconcileDeps {
  readonly db: Kysely<Database>;
  readonly amoFor: (account: AccountRecord) => AmoPort;
  readonly inbox: InboxWriter;
  readonly jobTypesFor: (type: string) => readonly string[];
  readonly publicUrl: string;
  readonly clock: Clock;
  readonly metrics: MetricsRegistry | null;
  readonly log: JobLogger;
}

export type ReconcileReason = 'start' | 'periodic' | 'manual';

export interface ReconcileOutcome {
  found: SubscriptionState;
  resubscribed: boolean;
  caughtUp: number;
  checkpoint: number;
}

const seconds = (ms: number): UnixSeconds => Math.floor(ms / 1000) as UnixSeconds;

export async function reconcileAccount(deps: ReconcileDeps, account: AccountRecord, reason: ReconcileReason): Promise<ReconcileOutcome> {
  const amo = deps.amoFor(account);
  const accountId = account.id;
  const state = await deps.db.selectFrom('webhook_reconcile').selectAll().where('account_id', '=', accountId).executeTakeFirst();
  const destination = webhookDestination(deps.publicUrl, account.webhookSecret);

  const hooks = await amo.listWebhooks();
  const ours = hooks.find((hook) => hook.destination === destination);
  const found: SubscriptionState = ours === undefined ? 'missing' : ours.disabled ? 'disabled' : 'ok';
  let current: SubscriptionState = found;
  let error: string | null = null;
  if (found !== 'ok') {
    deps.log.warn({ accountId, found }, 'webhook subscription not healthy: subscribing again');
    try {
      await amo.subscribeWebhook(destination, [...WEBHOOK_EVENTS]);
      current = 'ok';
    } catch (cause) {
      current = 'failed';
      error = cause instanceof Error ? cause.message.slice(0, 500) : String(cause);
    }
  }

  // The window ends in the second the subscription was (re)confirmed: what happens later is
  // delivered by the webhook. The read waits for that second to end, so no event can still join it.
  const to = seconds(deps.clock.now());
  const firstRun = state === undefined;
  const gap = !firstRun && (found !== 'ok' || reason === 'start' || reason === 'manual' || state.subscription !== 'ok');
  let caughtUp = 0;
  let checkpoint = firstRun ? to : Number(state.checkpoint);
  if (gap && current !== 'failed') {
    await untilAfterSecond(to, deps.clock);
    caughtUp = await catchUp(deps, amo, accountId, { from: Math.max(0, checkpoint - OVERLAP_SECONDS) as UnixSeconds, to });
    checkpoint = to;
  } else if (current === 'ok' && !gap) {
    checkpoint = to;
  }

  const now = new Date(deps.clock.now());
  const problem = found !== 'ok' ? (current === 'failed' ? 'failed' : found) : state?.problem ?? null;
  const row = {
    checkpoint, subscription: current, checked_at: now,
    problem: problem as Exclude<SubscriptionState, 'ok'> | null,
    problem_at: found !== 'ok' ? now : state?.problem_at ?? null,
    resubscriptions: (state?.resubscriptions ?? 0) + (found !== 'ok' && current === 'ok' ? 1 : 0),
    caught_up: (state?.caught_up ?? 0) + caughtUp,
    last_catch_up_at: gap && current !== 'failed' ? now : state?.last_catch_up_at ?? null,
    error, updated_at: now,
  };
  await deps.db.insertInto('webhook_reconcile').values({ account_id: accountId, ...row })
    .onConflict((conflict) => conflict.column('account_id').doUpdateSet(row)).execute();

  const labels = { account_id: String(accountId) };
  // The alarm stays up while the subscription cannot be restored, and for the run that found it broken.
  deps.metrics?.setGauge('webhook_subscription_alarm', labels, found === 'ok' && current === 'ok' ? 0 : 1,
    '1 when the last reconciliation found the account webhook missing or disabled, or could not restore it.');
  if (found !== 'ok' && current === 'ok') deps.metrics?.increment('webhook_resubscriptions_total', labels);
  if (caughtUp > 0) deps.metrics?.increment('webhook_catch_up_events_total', labels, caughtUp);
  deps.log.info({ accountId, reason, found, current, caughtUp, checkpoint }, 'webhooks reconciled');
  return { found, resubscribed: found !== 'ok' && current === 'ok', caughtUp, checkpoint };
}

/** Waits (at most a second and a bit) until the clock is past the given second. */
async function untilAfterSecond(second: UnixSeconds, clock: Clock): Promise<void> {
  const wait = (second + 1) * 1000 + 50 - clock.now();
  if (wait > 0) await new Promise((resolve) => setTimeout(resolve, Math.min(wait, 1_100)));
}

/** Reads the feed window page by page and hands every event to the intake; returns how many were new. */
async function catchUp(
  deps: ReconcileDeps, amo: AmoPort, accountId: AccountId, window: { from: UnixSeconds; to: UnixSeconds },
): Promise<number> {
  if (window.from > window.to) return 0;
  let fresh = 0;
  for await (const page of amo.iterateLeadEvents({ types: CAUGHT_UP_EVENT_TYPES, createdAt: window })) {
    const entries = page.flatMap((event) => {
      const entry = feedEventEntry(accountId, event, deps.jobTypesFor);
      return entry === null ? [] : [entry];
    });
    const outcomes = await Promise.all(entries.map((entry) => deps.inbox.write(entry)));
    fresh += outcomes.filter((outcome) => !outcome.duplicate && !('disconnected' in outcome)).length;
  }
  return fresh;
}
