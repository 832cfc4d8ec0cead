/**
 * What a manager's queue is built from: their effective filter (the admin's layers resolved with
 * core resolveFilterFor), the working schedule (for "tomorrow morning"), deals they snoozed, and
 * whether the service is there to pause distribution. The last filter seen is remembered in the
 * browser, so when the service is unreachable the queue is still the admin's, not "everything".
 */
import type { EpochMs, LeadId } from '../../../core/brand';
import {
  DEFAULT_FOCUS_FILTER, resolveFilterFor, type FocusFilter,
} from '../../../core/focus';
import { resolveAccountTimeZone } from '../../../core/time/account-zone';
import { toWorkingSchedule, weeklySchedule, type WorkingSchedule } from '../../../core/time/schedule';
import { toFocusConfig } from '../../../core/focus/stored-config';
import type { AppEnv } from '../app-env';
import { focusCallsOf, type FocusServiceCalls, type FocusSessionView } from './focus-service';
import { isRecord } from '../../../core/is-record';

type ServiceLink =
  | { readonly kind: 'connected'; readonly calls: FocusServiceCalls; readonly session: FocusSessionView | null }
  /** not_configured: no service address; unreachable: it did not answer (or cannot run sessions). */
  | { readonly kind: 'offline'; readonly reason: 'not_configured' | 'unreachable' };

export interface FocusSetup {
  readonly filter: FocusFilter;
  readonly schedule: WorkingSchedule;
  readonly snoozed: ReadonlyMap<LeadId, EpochMs>;
  readonly service: ServiceLink;
}

/** The small slice of Web Storage we use; null where storage is blocked (private mode, iframes). */
export type KeyValueStore = Pick<Storage, 'getItem' | 'setItem'>;


/** Mon–Fri 09:00–18:00 in the account's zone, until an admin sets working hours. */
const defaultSchedule = (timezone: string): WorkingSchedule => weeklySchedule(timezone, [1, 2, 3, 4, 5], '09:00', '18:00');

const cacheKey = (env: AppEnv): string => `focus_refusals:focus-setup:${env.account.id ?? env.account.subdomain ?? ''}:${env.user.id}`;

interface Cached { filter: FocusFilter; schedule: WorkingSchedule }

function readCache(store: KeyValueStore | null, key: string): Cached | null {
  try {
    const raw: unknown = JSON.parse(store?.getItem(key) ?? 'null');
    if (!isRecord(raw) || !isRecord(raw.filter) || !isRecord(raw.schedule)) return null;
    const { filter, schedule } = raw;
    // A shape check, not a validation: this is our own write; a stale or foreign value is ignored.
    if (!Array.isArray(filter.stages) || !Array.isArray(filter.order) || typeof schedule.timezone !== 'string') return null;
    return { filter: { ...DEFAULT_FOCUS_FILTER, ...filter } as FocusFilter, schedule: schedule as unknown as WorkingSchedule };
  } catch {
    return null;
  }
}

function writeCache(store: KeyValueStore | null, key: string, value: Cached): void {
  try {
    store?.setItem(key, JSON.stringify(value));
  } catch {
    // Quota or blocked storage: the cache is a convenience only.
  }
}

/**
 * The service is set up but its configuration could not be read, and this browser never saw the
 * admin's filter: a queue of "every stage" would silently ignore it, so there is no queue.
 */
export class FocusConfigUnavailable extends Error {
  constructor(cause: unknown) {
    super('the focus configuration could not be loaded from the service', { cause });
    this.name = 'FocusConfigUnavailable';
  }
}

function fallback(env: AppEnv, store: KeyValueStore | null, reason: 'not_configured' | 'unreachable', localSnoozes: ReadonlyMap<LeadId, EpochMs>, cause?: unknown): FocusSetup {
  const cached = readCache(store, cacheKey(env));
  if (reason === 'unreachable' && cached === null) throw new FocusConfigUnavailable(cause);
  return {
    filter: cached?.filter ?? DEFAULT_FOCUS_FILTER,
    schedule: cached?.schedule ?? defaultSchedule(env.account.timeZone),
    snoozed: localSnoozes,
    service: { kind: 'offline', reason },
  };
}

export async function loadFocusSetup(env: AppEnv, store: KeyValueStore | null, localSnoozes: ReadonlyMap<LeadId, EpochMs>): Promise<FocusSetup> {
  const calls = focusCallsOf(env.service);
  if (env.service === null) return fallback(env, store, 'not_configured', localSnoozes);
  try {
    const [{ config }, sessionAnswer] = await Promise.all([env.service.getConfig(), calls ? calls.getSession() : Promise.resolve(null)]);
    const focus = config.focus;
    const filter = resolveFilterFor(env.user.id, env.user.groupId, toFocusConfig(focus));
    // One account-time rule with the service: focus.schedule.timezone is deprecated and ignored.
    const timezone = resolveAccountTimeZone(config.general.timezone, env.account.timeZone);
    const schedule = focus.schedule ? toWorkingSchedule(focus.schedule, timezone) : defaultSchedule(timezone);
    writeCache(store, cacheKey(env), { filter, schedule });
    const snoozed = new Map(localSnoozes);
    for (const { dealId, until } of sessionAnswer?.snoozed ?? []) snoozed.set(dealId, until);
    const service: ServiceLink = calls && sessionAnswer
      ? { kind: 'connected', calls, session: sessionAnswer.session }
      : { kind: 'offline', reason: 'unreachable' };
    return { filter, schedule, snoozed, service };
  } catch (e) {
    return fallback(env, store, 'unreachable', localSnoozes, e);
  }
}
