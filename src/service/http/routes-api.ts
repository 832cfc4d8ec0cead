/**
 * The widget-facing API under /api/v1. Every route is behind the one-time-token authenticator and
 * scoped to the token's account; roles come from ../auth/access.ts.
 */
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { AccountMismatchError, connectWithLongLivedToken, disconnect } from '../accounts/connection';
import type { AccountServices } from '../accounts/services';
import { requireAdmin, resolveCaller } from '../auth/access';
import { authOf, createAuthenticator } from '../auth/authenticate';
import type { OneTimeTokenVerifier } from '../auth/one-time-token';
import { loadConfig, saveConfig, type StoredConfig } from '../config/repository';
import { upgradeLegacyHours } from '../config/legacy-hours';
import { accountConfigSchema } from '../config/schema';
import { withStorableText } from './validation';
import { deriveConfigWarnings } from '../config/warnings';
import type { AccountsDb } from '../accounts/repository';
import type { ConfigConflictResponse, DisconnectResponse, MeResponse } from '../../contract/account';
import { HttpError, parseInput } from './errors';
import type { Clock } from '../../core/time/clock';
import type { ConfigResponse } from '../../contract/config';

export interface ApiRouteOptions {
  db: AccountsDb;
  services: AccountServices;
  verify: OneTimeTokenVerifier;
  clock: Clock;
}

const saveEnvelopeSchema = z.object({ version: z.number().int().nonnegative(), config: z.unknown() });
const longLivedTokenSchema = z.object({ token: z.string().min(20).max(8192) }).strict();

export function registerApiRoutes(app: FastifyInstance, options: ApiRouteOptions): void {
  const { db, services } = options;
  const authenticate = createAuthenticator(options.verify, db);

  const toResponse = async (accountId: Parameters<typeof loadConfig>[1], stored: StoredConfig): Promise<ConfigResponse> => {
    // Warnings are advice: if amoCRM cannot be read right now, serve the config without them.
    const directory = await services.directory.get(accountId).catch(() => null);
    const warnings = directory === null ? [] : deriveConfigWarnings(stored.config, directory);
    return { version: stored.version, config: stored.config, warnings, updatedAt: stored.updatedAt?.toISOString() ?? null };
  };

  app.register(async (api) => {
    api.decorateRequest('auth', null);
    api.addHook('preHandler', authenticate);

    api.get('/api/v1/me', async (request): Promise<MeResponse> => {
      const auth = authOf(request);
      const { user, role } = await resolveCaller(auth, db, services.directory);
      return { account: { id: auth.account.id, subdomain: auth.account.subdomain }, user: { id: user.id, name: user.name }, role };
    });

    api.get('/api/v1/config', async (request): Promise<ConfigResponse> => {
      const auth = authOf(request);
      await resolveCaller(auth, db, services.directory);
      return toResponse(auth.account.id, await loadConfig(db, auth.account.id));
    });

    api.put('/api/v1/config', async (request, reply) => {
      const auth = authOf(request);
      const caller = await requireAdmin(auth, db, services.directory);
      const envelope = parseInput(saveEnvelopeSchema, request.body);
      // Parsed on its own so error paths read `heads.0.userIds.1`, relative to the configuration.
      // A client still sending hours in an old shape is upgraded, not refused (../config/legacy-hours.ts).
      const config = parseInput(withStorableText(accountConfigSchema), upgradeLegacyHours(envelope.config));
      const result = await saveConfig(db, auth.account.id, {
        baseVersion: envelope.version, config, by: caller.user.id, at: new Date(options.clock.now()),
      });
      if (!result.ok) {
        const conflict: ConfigConflictResponse = { error: 'version_conflict', current: await toResponse(auth.account.id, result.current) };
        return reply.code(409).send(conflict);
      }
      request.log.info({ accountId: auth.account.id, version: result.stored.version }, 'configuration saved');
      return toResponse(auth.account.id, result.stored);
    });

    api.post('/api/v1/account/disconnect', async (request): Promise<DisconnectResponse> => {
      const auth = authOf(request);
      await requireAdmin(auth, db, services.directory);
      await disconnect(services.connection, auth.account);
      services.directory.invalidate(auth.account.id);
      return { status: 'disconnected' };
    });

    /** Switches the account to a long-lived token (an alternative to OAuth, §3.2). Admins only. */
    api.post('/api/v1/account/long-lived-token', async (request) => {
      const auth = authOf(request);
      await requireAdmin(auth, db, services.directory);
      const { token } = parseInput(longLivedTokenSchema, request.body);
      try {
        await connectWithLongLivedToken(services.connection, auth.account.baseUrl, token, auth.account.id);
      } catch (error) {
        request.log.warn({ err: error }, 'long-lived token rejected');
        const message = error instanceof AccountMismatchError ? error.message : 'amoCRM did not accept the token';
        throw new HttpError(400, 'token_rejected', message);
      }
      services.directory.invalidate(auth.account.id);
      return { status: 'connected' };
    });
  });
}
