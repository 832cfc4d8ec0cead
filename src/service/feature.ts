/**
 * The one extension seam of the service: a product feature (focus, distribution, refusals, …)
 * registers its routes and job handlers here instead of editing app.ts or main.ts.
 * Features are listed in ./features.ts; buildApp registers each once, in order.
 */
import type { FastifyInstance } from 'fastify';
import type { Kysely } from 'kysely';
import type { Logger } from 'pino';
import type { Clock } from '../core/time/clock';
import type { AccountServices } from './accounts/services';
import type { JobRunner } from './jobs/runner';
import type { Database } from './store/schema';

export interface FeatureContext {
  app: FastifyInstance;
  db: Kysely<Database>;
  /** Tokens, the users/groups/roles directory (60 s cache) and `amoClientFor(account)`. */
  accounts: AccountServices;
  /** Job handlers are registered here; null when the app runs without a runner (route-only tests). */
  jobs: JobRunner | null;
  /**
   * Registers routes behind the X-Auth-Token authenticator: inside, `authOf(request)` gives the
   * account and user; roles come from `resolveCaller` / `requireAdmin` in ./auth/access.ts.
   */
  authenticated(register: (api: FastifyInstance) => void | Promise<void>): void;
  /** The service's one clock (startService builds it): features never read the system time. */
  clock: Clock;
  log: Logger;
}

export interface Feature {
  readonly name: string;
  register(ctx: FeatureContext): void | Promise<void>;
}
