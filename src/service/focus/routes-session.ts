/**
 * Focus session routes (/api/v1/focus/session…). Any user with a role can run a session on
 * their own deals; the limits (idle timeout, end of day) come from their resolved filter and are
 * fixed on the session row at start. Every answer carries the session as it is after the call,
 * so a tab that missed the end (another tab, the idle sweep) learns it from any reply.
 */
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { epochMs, jsonAmoId, storableText } from '../http/validation';
import type { EpochMs, UserId } from '../../core/brand';
import { deriveAvailability, NO_MANAGER_STATE } from '../../core/distribution/availability';
import { resolveFilterFor } from '../../core/focus/filter';
import {
  deriveSessionLimits, selectCurrentDeal, selectLastHeartbeat, selectSessionSummary, type DealOutcome, type SessionEvent,
} from '../../core/focus/session';
import type { AmoUser } from '../../core/domain';
import { resolveCaller } from '../auth/access';
import { authOf, type AuthContext } from '../auth/authenticate';
import { loadConfig } from '../config/repository';
import { HttpError, parseInput } from '../http/errors';
import type { FocusSessionView, SessionResponse } from '../../contract/focus';
import { deriveWorkingSchedule, loadManagerStates } from './availability';
import { toFocusConfig } from '../../core/focus/stored-config';
import type { FocusRuntime } from './runtime';
import { applyToActiveSession, loadLatestSession, startSession, type StoredSession } from './sessions';
import { asLeadId, epochMsOf } from '../../core/brand';

const tabId = storableText(100).min(1);
const leadId = jsonAmoId(asLeadId);

const startSchema = z.object({ tabId, queue: z.array(leadId).max(5000) }).strict();
const heartbeatSchema = z.object({ tabId }).strict();
const outcomeSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('worked'), movedStage: z.boolean().default(false), taskSet: z.boolean().default(false), closed: z.boolean().default(false) }).strict(),
  z.object({ kind: z.literal('skipped'), reason: storableText(500).trim().min(1) }).strict(),
  z.object({ kind: z.literal('snoozed'), until: epochMs }).strict(),
  z.object({ kind: z.literal('dropped') }).strict(),
]);
const advanceSchema = z.object({ dealId: leadId, outcome: outcomeSchema }).strict();

function toSessionView({ id, session, limits, endOfDayAt }: StoredSession, now: EpochMs): FocusSessionView {
  const summary = selectSessionSummary(session, now);
  if (session.kind === 'ended') {
    return { kind: 'ended', id, startedAt: session.startedAt, endedAt: session.endedAt, reason: session.reason, summary };
  }
  return {
    kind: 'active', id, startedAt: session.startedAt, queue: [...session.queue], position: session.position,
    currentDealId: selectCurrentDeal(session), lastHeartbeatAt: selectLastHeartbeat(session),
    idleTimeoutMs: limits.idleTimeoutMs, endOfDayAt, summary,
  };
}

export function registerSessionRoutes(api: FastifyInstance, runtime: FocusRuntime): void {
  const { db, accounts } = runtime;

  async function respond(auth: AuthContext, user: AmoUser, stored: StoredSession | null): Promise<SessionResponse> {
    const accountId = auth.account.id;
    const now = runtime.now();
    const [latest, states, storedConfig, snoozes] = await Promise.all([
      stored === null ? loadLatestSession(db, accountId, user.id) : Promise.resolve(stored),
      loadManagerStates(db, accountId, now),
      loadConfig(db, accountId),
      db.selectFrom('focus_snoozes').select(['lead_id', 'until'])
        .where('account_id', '=', accountId).where('user_id', '=', user.id).where('until', '>', new Date(now)).execute(),
    ]);
    const schedule = deriveWorkingSchedule(storedConfig.config, await runtime.timezoneOf(auth.account, storedConfig.config));
    return {
      session: latest === null ? null : toSessionView(latest, now),
      snoozed: snoozes.map((row) => ({ dealId: asLeadId(Number(row.lead_id)), until: epochMsOf(row.until) })),
      availability: deriveAvailability(user, states.get(user.id) ?? NO_MANAGER_STATE, schedule, now),
    };
  }

  /** Applies `event` to the caller's running session (an end enqueues the durable signal in its transaction). */
  async function applyToCallerSession(
    auth: AuthContext, userId: UserId, event: Exclude<SessionEvent, { type: 'start' }>,
  ): Promise<StoredSession | null> {
    const change = await applyToActiveSession(db, auth.account.id, userId, event, runtime.onSessionEnded);
    return change.stored;
  }

  api.post('/api/v1/focus/session/start', async (request) => {
    const auth = authOf(request);
    const { user } = await resolveCaller(auth, db, accounts.directory);
    const body = parseInput(startSchema, request.body);
    const { config } = await loadConfig(db, auth.account.id);
    const filter = resolveFilterFor(user.id, user.groupId, toFocusConfig(config.focus));
    const limits = deriveSessionLimits(filter, await runtime.timezoneOf(auth.account, config));
    const now = runtime.now();
    const change = await startSession(db, {
      accountId: auth.account.id, userId: user.id, tabId: body.tabId, queue: body.queue, limits, now,
    }, runtime.onSessionEnded);
    return respond(auth, user, change.stored);
  });

  api.post('/api/v1/focus/session/heartbeat', async (request) => {
    const auth = authOf(request);
    const { user } = await resolveCaller(auth, db, accounts.directory);
    const body = parseInput(heartbeatSchema, request.body);
    const stored = await applyToCallerSession(auth, user.id, { type: 'heartbeat', at: runtime.now(), tabId: body.tabId });
    return respond(auth, user, stored);
  });

  api.post('/api/v1/focus/session/advance', async (request, reply) => {
    const auth = authOf(request);
    const { user } = await resolveCaller(auth, db, accounts.directory);
    const body = parseInput(advanceSchema, request.body);
    const now = runtime.now();
    const current = await loadLatestSession(db, auth.account.id, user.id);
    // Another tab already moved past this deal: do not count the same step twice.
    if (current?.session.kind !== 'active' || selectCurrentDeal(current.session) !== body.dealId) {
      return reply.code(409).send({ error: 'stale_deal', ...(await respond(auth, user, null)) });
    }
    if (body.outcome.kind === 'snoozed' && body.outcome.until <= now) throw new HttpError(400, 'snooze_in_past');
    const outcome = body.outcome as DealOutcome;
    const stored = await applyToCallerSession(auth, user.id, { type: 'advance', at: now, outcome });
    if (body.outcome.kind === 'snoozed') await saveSnooze(runtime, auth, user.id, body.dealId, body.outcome.until);
    return respond(auth, user, stored);
  });

  api.post('/api/v1/focus/session/stop', async (request) => {
    const auth = authOf(request);
    const { user } = await resolveCaller(auth, db, accounts.directory);
    return respond(auth, user, await applyToCallerSession(auth, user.id, { type: 'stop', at: runtime.now() }));
  });

  api.get('/api/v1/focus/session', async (request) => {
    const auth = authOf(request);
    const { user } = await resolveCaller(auth, db, accounts.directory);
    // A session whose timeout passed is closed now rather than shown as running until the sweep.
    await applyToCallerSession(auth, user.id, { type: 'tick', at: runtime.now() });
    return respond(auth, user, null);
  });
}

async function saveSnooze(runtime: FocusRuntime, auth: AuthContext, userId: UserId, dealId: number, until: number): Promise<void> {
  const values = { until: new Date(until) };
  await runtime.db.insertInto('focus_snoozes')
    .values({ account_id: auth.account.id, user_id: userId, lead_id: dealId, ...values })
    .onConflict((conflict) => conflict.columns(['account_id', 'user_id', 'lead_id']).doUpdateSet(values))
    .execute();
}
