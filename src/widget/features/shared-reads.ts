/**
 * Reads several views need, shared per widget instance (per AppEnv): the account's pipelines
 * (amoCRM, the user's session) and who the user is to the service (GET /api/v1/me). Views mount
 * on every tab switch; without this each one asked again, often at the same moment. Callers that
 * ask while a read is in flight share it; an answer is kept for a short while, a failure not at
 * all (the next view tries again).
 */
import type { Pipeline } from '../../core/domain';
import type { MeResponse } from '../service-client';
import type { AppEnv } from './app-env';

/** Stages change rarely and only by an admin's hand; five minutes of staleness is harmless. */
export const PIPELINES_TTL_MS = 5 * 60_000;
/** Roles change when an admin edits heads; a minute keeps a tab switch from asking again. */
export const ME_TTL_MS = 60_000;

interface Entry<T> {
  answer: Promise<T>;
  /** Infinity while in flight: a slow read is shared however long it takes. */
  freshUntil: number;
}

/** One read per AppEnv at a time, its answer kept for `ttlMs` of the env's clock after it settles. */
function sharedPerEnv<T>(ttlMs: number, read: (env: AppEnv) => Promise<T>): (env: AppEnv) => Promise<T> {
  const entries = new WeakMap<AppEnv, Entry<T>>();
  return (env) => {
    const cached = entries.get(env);
    if (cached !== undefined && env.now() < cached.freshUntil) return cached.answer;
    // The executor turns a synchronous throw of `read` into a rejection, like any other failure.
    const entry: Entry<T> = { answer: new Promise<T>((resolve) => resolve(read(env))), freshUntil: Number.POSITIVE_INFINITY };
    entries.set(env, entry);
    entry.answer.then(
      () => { entry.freshUntil = env.now() + ttlMs; },
      // Only this read's own entry: a newer read may already have replaced it.
      () => { if (entries.get(env) === entry) entries.delete(env); },
    );
    return entry.answer;
  };
}

/** The same array goes to every caller: read it, never sort or change it in place. */
export const loadPipelines: (env: AppEnv) => Promise<Pipeline[]> = sharedPerEnv(PIPELINES_TTL_MS, (env) => env.amo.listPipelines());

/** Rejects when the widget has no service address; callers check `env.service` first. */
export const loadMe: (env: AppEnv) => Promise<MeResponse> = sharedPerEnv(ME_TTL_MS, (env) => {
  if (env.service === null) throw new Error('loadMe() without a service address');
  return env.service.me();
});
