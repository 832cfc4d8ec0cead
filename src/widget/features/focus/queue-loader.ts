/**
 * The manager's queue from REST v4 with their own session: one lead list filtered by
 * `filter[statuses]` + `filter[responsible_user_id]` at limit=250 (1,000 deals = 4 requests), task
 * state from `closest_task_at`. Nothing per deal, no events: days in stage is then a lower bound
 * (core deriveStageEntry), which keeps "minimum days in stage" from admitting fresh arrivals.
 *
 * `createQueueLoader` is the focus model's reading side: the setup the queue is built from, the
 * ready counts for the launcher (kept for a TTL across area switches) and the stage names.
 */
import { batch, signal, type Signal } from '@preact/signals';
import type { EpochMs, LeadId, UserId } from '../../../core/brand';
import { deriveLeadQuery, selectFocusQueue, selectReadyCountsByStage, type FocusFilter, type FocusQueue, type StageCount } from '../../../core/focus';
import type { WidgetAmoPort } from '../../../amo/port';
import type { AppEnv } from '../app-env';
import { loadPipelines } from '../shared-reads';
import type { CheckContext } from './deal-check';
import { loadFocusSetup, type FocusSetup, type KeyValueStore } from './focus-setup';
import { readLocalSnoozes, writeLocalSnooze } from './local-snoozes';

interface QueueContext {
  readonly managerId: UserId;
  readonly timezone: string;
  readonly snoozed: ReadonlyMap<LeadId, EpochMs>;
  readonly now: EpochMs;
}

interface LoadedQueue {
  readonly queue: FocusQueue;
  readonly byStage: readonly StageCount[];
  readonly at: EpochMs;
}

async function loadQueue(amo: WidgetAmoPort, filter: FocusFilter, ctx: QueueContext): Promise<LoadedQueue> {
  const deals = await amo.listLeads(deriveLeadQuery(filter, ctx.managerId));
  const queue = selectFocusQueue(deals, filter, ctx.managerId, { now: ctx.now, timezone: ctx.timezone, snoozedUntil: ctx.snoozed });
  return { queue, byStage: selectReadyCountsByStage(queue), at: ctx.now };
}

export type CountsState =
  | { readonly kind: 'loading' }
  | { readonly kind: 'ready'; readonly total: number; readonly byStage: readonly StageCount[]; readonly at: EpochMs }
  | { readonly kind: 'failed'; readonly error: unknown };

export interface QueueLoaderDeps {
  env: AppEnv;
  store: KeyValueStore | null;
  /** The launcher badge. */
  readyCount: Signal<number | null>;
  countsTtlMs: number;
  /** Every setup read, so the pause notice can follow it while no session runs. */
  onSetup(setup: FocusSetup): void;
  /** After the counts are in: the model joins a session the service already holds. */
  onCounted(setup: FocusSetup): Promise<void>;
  onError(error: unknown): void;
}

export interface QueueLoader {
  readonly counts: Signal<CountsState>;
  /** `${pipelineId}:${statusId}` → stage name, read once when first needed. */
  readonly stageNames: Signal<ReadonlyMap<string, string>>;
  /** The last setup read (null before the first). */
  setup(): FocusSetup | null;
  loadSetup(): Promise<FocusSetup>;
  /** The queue as it is now, built from a fresh lead list. */
  loadQueue(setup: FocusSetup): Promise<LoadedQueue>;
  /** What a deal is re-checked against right before it is shown. */
  checkContext(setup: FocusSetup): CheckContext;
  refreshCounts(options?: { force?: boolean }): Promise<void>;
  loadStageNames(): Promise<void>;
  /** Kept in the browser too, so a snoozed deal stays out of the queue without the service. */
  rememberSnooze(dealId: LeadId, until: EpochMs, now: EpochMs): void;
}

export function createQueueLoader(deps: QueueLoaderDeps): QueueLoader {
  const { env, store } = deps;
  const managerId = env.user.id as UserId;
  const snoozeKey = `focus_refusals:snoozes:${env.account.id ?? env.account.subdomain ?? ''}:${managerId}`;
  const counts = signal<CountsState>({ kind: 'loading' });
  const stageNames = signal<ReadonlyMap<string, string>>(new Map());
  let setup: FocusSetup | null = null;
  let countsInFlight: Promise<void> | null = null;

  const loadSetup = async (): Promise<FocusSetup> => {
    setup = await loadFocusSetup(env, store, readLocalSnoozes(store, snoozeKey, env.now()));
    deps.onSetup(setup);
    return setup;
  };
  const checkContext = (s: FocusSetup): CheckContext => ({ filter: s.filter, managerId, timezone: env.account.timeZone, snoozed: s.snoozed, now: env.now() });
  const load = (s: FocusSetup): Promise<LoadedQueue> => loadQueue(env.amo, s.filter, checkContext(s));

  const refreshCounts = (options: { force?: boolean } = {}): Promise<void> => {
    const current = counts.value;
    if (!options.force && current.kind === 'ready' && env.now() - current.at < deps.countsTtlMs) return Promise.resolve();
    countsInFlight ??= (async () => {
      try {
        const s = await loadSetup();
        const loaded = await load(s);
        batch(() => {
          counts.value = { kind: 'ready', total: loaded.queue.items.length, byStage: loaded.byStage, at: loaded.at };
          deps.readyCount.value = loaded.queue.items.length;
        });
        await deps.onCounted(s);
      } catch (e) {
        if (counts.value.kind !== 'ready') counts.value = { kind: 'failed', error: e };
        deps.onError(e);
      } finally {
        countsInFlight = null;
      }
    })();
    return countsInFlight;
  };

  return {
    counts,
    stageNames,
    setup: () => setup,
    loadSetup,
    loadQueue: load,
    checkContext,
    refreshCounts,
    loadStageNames: async () => {
      if (stageNames.value.size > 0) return;
      const pipelines = await loadPipelines(env);
      stageNames.value = new Map(pipelines.flatMap((p) => p.statuses.map((s) => [`${p.id}:${s.id}`, s.name] as const)));
    },
    rememberSnooze: (dealId, until, now) => writeLocalSnooze(store, snoozeKey, dealId, until, now),
  };
}
