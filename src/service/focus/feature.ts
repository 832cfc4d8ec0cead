/**
 * The focus feature: sessions, availability, external availability keys, the filter preview, and
 * the idle / end-of-day sweep. The sweep runs IN THE SERVICE every SWEEP_INTERVAL_MS (and on
 * demand), so a closed laptop cannot keep its manager out of distribution.
 *
 * `createFocusFeature()` gives an instance on the service's clock; distribution hears of availability
 * changes through the durable `focus.availability_changed` job and reads `loadAvailability`
 * (./availability.ts).
 */
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { EpochMs, LeadId, UserId } from '../../core/brand';
import type { Feature } from '../feature';
import { requireAdmin } from '../auth/access';
import { authOf } from '../auth/authenticate';
import { loadConfig } from '../config/repository';
import { upgradeLegacyHours } from '../config/legacy-hours';
import { focusSectionSchema } from '../config/sections/focus';
import { HttpError, parseInput } from '../http/errors';
import { jsonAmoId } from '../http/validation';
import { deriveFilterWarnings } from '../../core/focus/filter-warnings';
import { toFocusConfig } from '../../core/focus/stored-config';
import { computePreview } from './preview';
import { registerAvailabilityRoutes, registerExternalRoutes } from './routes-availability';
import { registerSessionRoutes } from './routes-session';
import { createFocusRuntime, type FocusRuntime } from './runtime';
import { sweepSessions, type SessionEnded } from './sessions';
import { asLeadId, asUserId, epochMsOf } from '../../core/brand';

const SWEEP_INTERVAL_MS = 30_000;

export interface FocusFeatureOptions {
  sweepIntervalMs?: number;
}

export interface FocusFeature extends Feature {
  /** Ends idle / past-end-of-day sessions now. */
  sweep(): Promise<SessionEnded[]>;
}

const previewSchema = z.object({
  focus: focusSectionSchema.optional(),
  managerIds: z.array(jsonAmoId(asUserId)).max(2000).optional(),
}).strict();

export function createFocusFeature(options: FocusFeatureOptions = {}): FocusFeature {
  let runtime: FocusRuntime | null = null;
  const running = (): FocusRuntime => {
    if (runtime === null) throw new Error('the focus feature is not registered yet');
    return runtime;
  };

  async function sweep(): Promise<SessionEnded[]> {
    const focus = running();
    const ended = await sweepSessions(focus.db, focus.now(), focus.onSessionEnded);
    if (ended.length > 0) focus.log.info({ ended: ended.length }, 'focus sessions ended by the sweep');
    return ended;
  }

  return {
    name: 'focus',
    sweep,
    register(ctx) {
      const focus = createFocusRuntime({ db: ctx.db, accounts: ctx.accounts, jobs: ctx.jobs, log: ctx.log.child({ feature: 'focus' }), clock: ctx.clock });
      runtime = focus;
      ctx.authenticated((api) => {
        registerSessionRoutes(api, focus);
        registerAvailabilityRoutes(api, focus);
        registerAdminRoutes(api, focus);
      });
      registerExternalRoutes(ctx.app, focus);
      // A job other instances can trigger too (e.g. after a deploy); the timer covers the rest.
      ctx.jobs?.register('focus.sweep', async () => { await sweep(); });

      const timer = setInterval(() => {
        sweep().catch((error: unknown) => focus.log.error({ err: error }, 'focus sweep failed'));
      }, options.sweepIntervalMs ?? SWEEP_INTERVAL_MS);
      timer.unref();
      ctx.app.addHook('onClose', async () => clearInterval(timer));
    },
  };
}

function registerAdminRoutes(api: FastifyInstance, focus: FocusRuntime): void {
  const { db, accounts } = focus;

  api.post('/api/v1/focus/preview', async (request) => {
    const auth = authOf(request);
    await requireAdmin(auth, db, accounts.directory);
    const body = parseInput(previewSchema, upgradeLegacyHours(request.body ?? {}));
    const { config } = await loadConfig(db, auth.account.id);
    const section = body.focus ?? config.focus;
    const directory = await accounts.directory.get(auth.account.id);
    const now = focus.now();
    const snoozeRows = await db.selectFrom('focus_snoozes').select(['user_id', 'lead_id', 'until'])
      .where('account_id', '=', auth.account.id).where('until', '>', new Date(now)).execute();
    const snoozes = new Map<UserId, Map<LeadId, EpochMs>>();
    for (const row of snoozeRows) {
      const userId = asUserId(Number(row.user_id));
      const own = snoozes.get(userId) ?? new Map<LeadId, EpochMs>();
      own.set(asLeadId(Number(row.lead_id)), epochMsOf(row.until));
      snoozes.set(userId, own);
    }
    try {
      return await computePreview(accounts.amoClientFor(auth.account), {
        config: toFocusConfig(section), users: directory.users, groups: directory.groups,
        managerIds: body.managerIds ?? null,
        now, timezone: await focus.timezoneOf(auth.account, { ...config, focus: section }), snoozes,
      });
    } catch (error) {
      request.log.warn({ err: error }, 'focus preview: amoCRM read failed');
      throw new HttpError(503, 'amo_unavailable', 'cannot read deals from amoCRM');
    }
  });

  /** Stale references of the saved filters, stages included (the config API knows no pipelines). */
  api.get('/api/v1/focus/warnings', async (request) => {
    const auth = authOf(request);
    await requireAdmin(auth, db, accounts.directory);
    const [{ config }, directory] = await Promise.all([loadConfig(db, auth.account.id), accounts.directory.get(auth.account.id)]);
    const pipelines = await accounts.amoClientFor(auth.account).listPipelines().catch(() => null);
    if (pipelines === null) throw new HttpError(503, 'amo_unavailable', 'cannot read pipelines from amoCRM');
    return { warnings: deriveFilterWarnings(toFocusConfig(config.focus), { pipelines, users: directory.users, groups: directory.groups }) };
  });
}
