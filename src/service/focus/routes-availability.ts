/**
 * Availability routes: everyone reads the account's managers (read-only for managers, so the
 * one set away sees who did it and why); a manager pauses and resumes themselves; heads set
 * their own groups' managers away, admins anyone. Plus the admin's key management and the
 * Bearer-key read for other systems (telephony), which is outside the widget's authenticator.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { epochMs, storableText } from '../http/validation';
import type { AccountId, EpochMs, UserId } from '../../core/brand';
import type { AmoUser } from '../../core/domain';
import { findAccount } from '../accounts/repository';
import { requireAdmin, resolveCaller } from '../auth/access';
import { authOf } from '../auth/authenticate';
import { loadConfig } from '../config/repository';
import { forbidden, HttpError, notFound, parseInput, unauthorized } from '../http/errors';
import type { AvailabilityResponse, ExternalKeysResponse } from '../../contract/focus';
import { clearPause, loadAvailability, narrowByDistributionHours, setPause } from './availability';
import { createExternalKey, findAccountByKey, listExternalKeys, revokeExternalKey } from './external-keys';
import type { AvailabilityChangeCause, FocusRuntime } from './runtime';
import { asEpochMs } from '../../core/brand';

const until = epochMs.nullable().optional();
const selfPauseSchema = z.object({ paused: z.boolean(), until }).strict();
const awaySchema = z.object({ away: z.object({ reason: storableText(500).trim().min(1), until }).strict().nullable() }).strict();
const userIdParam = z.object({ userId: z.coerce.number().int().positive().max(Number.MAX_SAFE_INTEGER) });
const keyIdParam = z.object({ id: z.coerce.number().int().positive().max(Number.MAX_SAFE_INTEGER) });
const createKeySchema = z.object({ label: storableText(100).trim().min(1) }).strict();

function parseUntil(value: number | null | undefined, now: EpochMs): EpochMs | null {
  if (value === undefined || value === null) return null;
  if (value <= now) throw new HttpError(400, 'until_in_past');
  return asEpochMs(value);
}

async function buildAvailability(runtime: FocusRuntime, accountId: AccountId, users: readonly AmoUser[]): Promise<AvailabilityResponse> {
  const now = runtime.now();
  const account = await findAccount(runtime.db, accountId);
  const { config } = await loadConfig(runtime.db, accountId);
  const zone = account === null ? null : await runtime.timezoneOf(account, config);
  const base = await loadAvailability(runtime.db, accountId, now, runtime.accounts.directory, zone);
  // Distribution's hours in distribution's zone (general, else amoCRM's), as its decision log applies them.
  const distributionZone = config.general.timezone ?? (account === null ? null : await runtime.accountTimezoneOf(account)) ?? 'UTC';
  const states = narrowByDistributionHours(base, config.distribution, distributionZone, now);
  const names = new Map(users.map((user) => [user.id, user.name]));
  return {
    at: now,
    managers: users.map((user) => {
      const availability = states.get(user.id) ?? { kind: 'absent' as const };
      return { userId: user.id, name: user.name, availability, setByName: availability.kind === 'away' ? names.get(availability.by) ?? null : null };
    }),
  };
}

export function registerAvailabilityRoutes(api: FastifyInstance, runtime: FocusRuntime): void {
  const { db, accounts } = runtime;

  async function changed(accountId: AccountId, userId: UserId, cause: AvailabilityChangeCause): Promise<void> {
    await runtime.enqueueChange(db, { accountId, userId, cause, at: runtime.now() });
  }

  api.get('/api/v1/availability', async (request): Promise<AvailabilityResponse> => {
    const auth = authOf(request);
    await resolveCaller(auth, db, accounts.directory);
    const { users } = await accounts.directory.get(auth.account.id);
    return buildAvailability(runtime, auth.account.id, users);
  });

  api.post('/api/v1/availability/me', async (request) => {
    const auth = authOf(request);
    const { user } = await resolveCaller(auth, db, accounts.directory);
    const body = parseInput(selfPauseSchema, request.body);
    const now = runtime.now();
    if (body.paused) {
      await setPause(db, { accountId: auth.account.id, userId: user.id, kind: 'self', setBy: user.id, reason: '', since: now, until: parseUntil(body.until, now) });
      await changed(auth.account.id, user.id, 'paused');
    } else if (await clearPause(db, auth.account.id, user.id, 'self')) {
      await changed(auth.account.id, user.id, 'resumed');
    }
    return buildAvailability(runtime, auth.account.id, [user]);
  });

  api.post('/api/v1/availability/:userId', async (request) => {
    const auth = authOf(request);
    const { user: caller, role } = await resolveCaller(auth, db, accounts.directory);
    const { userId } = parseInput(userIdParam, request.params);
    const body = parseInput(awaySchema, request.body);
    const { users } = await accounts.directory.get(auth.account.id);
    const target = users.find((candidate) => candidate.id === userId);
    const allowed = role.kind === 'admin'
      || (role.kind === 'head' && target !== undefined && target.groupId !== null && role.groupIds.includes(target.groupId));
    if (!allowed) throw forbidden('not_your_group');
    if (target === undefined) throw notFound();
    const now = runtime.now();
    if (body.away !== null) {
      await setPause(db, {
        accountId: auth.account.id, userId: target.id, kind: 'away', setBy: caller.id, reason: body.away.reason, since: now, until: parseUntil(body.away.until, now),
      });
      await changed(auth.account.id, target.id, 'away_set');
    } else if (await clearPause(db, auth.account.id, target.id, 'away')) {
      await changed(auth.account.id, target.id, 'away_lifted');
    }
    return buildAvailability(runtime, auth.account.id, [target]);
  });

  api.get('/api/v1/external/keys', async (request): Promise<ExternalKeysResponse> => {
    const auth = authOf(request);
    await requireAdmin(auth, db, accounts.directory);
    return { keys: await listExternalKeys(db, auth.account.id) };
  });

  api.post('/api/v1/external/keys', async (request, reply) => {
    const auth = authOf(request);
    const { user } = await requireAdmin(auth, db, accounts.directory);
    const { label } = parseInput(createKeySchema, request.body);
    return reply.code(201).send(await createExternalKey(db, auth.account.id, { label, by: user.id, now: runtime.now() }));
  });

  const revoke = async (request: FastifyRequest): Promise<{ status: 'revoked' }> => {
    const auth = authOf(request);
    await requireAdmin(auth, db, accounts.directory);
    const { id } = parseInput(keyIdParam, request.params);
    if (!await revokeExternalKey(db, auth.account.id, id, runtime.now())) throw notFound();
    return { status: 'revoked' };
  };
  api.delete('/api/v1/external/keys/:id', revoke);
  // The widget's CORS allows GET/PUT/POST only (app.ts), so it revokes through this alias.
  api.post('/api/v1/external/keys/:id/revoke', revoke);
}

/** GET /api/v1/external/availability with `Authorization: Bearer <key>`: no widget token involved. */
export function registerExternalRoutes(app: FastifyInstance, runtime: FocusRuntime): void {
  app.get('/api/v1/external/availability', async (request): Promise<AvailabilityResponse> => {
    const header = request.headers.authorization;
    const key = typeof header === 'string' && header.startsWith('Bearer ') ? header.slice('Bearer '.length).trim() : '';
    const accountId = key === '' ? null : await findAccountByKey(runtime.db, key);
    if (accountId === null) throw unauthorized();
    const account = await findAccount(runtime.db, accountId);
    if (account === null || account.status !== 'connected') throw forbidden('account_not_connected');
    let users: AmoUser[];
    try {
      users = (await runtime.accounts.directory.get(accountId)).users;
    } catch {
      throw new HttpError(503, 'amo_unavailable', 'cannot read the account users from amoCRM');
    }
    return buildAvailability(runtime, accountId, users);
  });
}
