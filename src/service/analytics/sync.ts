/**
 * Filling the mirror and keeping it current, as one job type (`analytics.sync`) per account:
 *
 * - **Backfill** (state `backfilling`): leads (250 a page), then `lead_status_changed` events (100
 *   a page, up to the backfill's start so pages do not shift while new events arrive), then tasks
 *   (250 a page). Each page is stored with the progress and the next page number in one
 *   transaction, so a restart continues where it stopped; a job reads at most PAGES_PER_RUN pages
 *   and hands over to a fresh job, keeping each attempt far under the runner's timeout. Requests go
 *   through the account's shared rate budget (src/amo/budget.ts) like every other service call.
 * - **Incremental sync** (state `ready`, every SYNC_INTERVAL_MS, and soon after a lead webhook):
 *   leads and tasks with `filter[updated_at][from]` and events with `filter[created_at][from]` since
 *   the last checkpoint (with an overlap), which also catches up webhooks that never arrived.
 *   Then today's snapshot of point-in-time numbers is (re)written.
 */
import type { Kysely } from 'kysely';
import { toUnixSeconds, type AccountId, type UnixSeconds } from '../../core/brand';
import type { Clock } from '../../core/time/clock';
import type { Deal, Task } from '../../core/domain';
import type { AmoPort, NumberedPage } from '../../amo/port';
import type { Database } from '../store/schema';
import type { AnalyticsCatalog } from './catalog';
import type { MirrorPhase, MirrorStatus, PhaseProgress } from '../../contract/analytics';
import { deriveFacts, insertChanges, recordCounts, recordTimeToWin, upsertLeads, upsertTasks, type MirroredChange } from './mirror';
import { takeSnapshot } from './snapshots';

export const SYNC_JOB = 'analytics.sync';
const PAGES_PER_RUN = 20;
const SYNC_INTERVAL_MS = 5 * 60_000;
/** Incremental reads start this long before the last checkpoint: a change written as we read is not missed. */
const SYNC_OVERLAP_SECONDS = 120;

const PHASES: readonly MirrorPhase[] = ['leads', 'events', 'tasks'];
const PAGE_SIZE: Record<MirrorPhase, number> = { leads: 250, events: 100, tasks: 250 };

type Progress = Record<MirrorPhase, PhaseProgress>;
const emptyProgress = (): Progress => ({
  leads: { done: 0, pages: 0, finished: false }, events: { done: 0, pages: 0, finished: false }, tasks: { done: 0, pages: 0, finished: false },
});

export interface SyncDeps {
  db: Kysely<Database>;
  amoFor: (accountId: AccountId) => Promise<AmoPort>;
  clock: Clock;
  /** Enqueues the next sync job (the runner's enqueue, or a direct call in tests). */
  schedule: (accountId: AccountId, spec: { generation: number; runAt: Date; key: string }) => Promise<void>;
}

const nowSeconds = (deps: Pick<SyncDeps, 'clock'>): UnixSeconds => toUnixSeconds(deps.clock.now());

async function loadSync(db: Kysely<Database>, accountId: number) {
  return db.selectFrom('analytics_sync').selectAll().where('account_id', '=', accountId).executeTakeFirst();
}

/** Starts a (new) backfill: the generation bump stops a backfill already running. Returns the generation. */
export async function startBackfill(deps: SyncDeps, accountId: AccountId): Promise<number> {
  const now = nowSeconds(deps);
  const row = await deps.db.insertInto('analytics_sync').values({
    account_id: accountId, state: 'backfilling', phase: 'leads', next_page: 1, progress: JSON.stringify(emptyProgress()),
    backfill_started_at: now, generation: 1,
  }).onConflict((oc) => oc.column('account_id').doUpdateSet((eb) => ({
    state: 'backfilling', phase: 'leads', next_page: 1, progress: JSON.stringify(emptyProgress()), backfill_started_at: now,
    backfill_finished_at: null, error: null, counts: null, generation: eb('analytics_sync.generation', '+', 1),
  }))).returning('generation').executeTakeFirstOrThrow();
  await deps.schedule(accountId, { generation: row.generation, runAt: new Date(deps.clock.now()), key: `backfill:${row.generation}:start` });
  return row.generation;
}

/** The first call for an account starts its backfill; later calls do nothing. */
export async function ensureMirror(deps: SyncDeps, accountId: AccountId): Promise<void> {
  if ((await loadSync(deps.db, accountId)) === undefined) await startBackfill(deps, accountId);
}

type Page<T> = NumberedPage<T>;

async function readPhasePage(amo: AmoPort, phase: MirrorPhase, page: number, filter: { since?: number; until?: number }): Promise<Page<Deal | MirroredChange | Task>> {
  const limit = PAGE_SIZE[phase];
  if (phase === 'leads') return amo.leadsPage({ updatedFrom: filter.since }, page, limit);
  if (phase === 'events') return amo.statusChangesPage({ createdFrom: filter.since, createdTo: filter.until }, page, limit);
  return amo.tasksPage({ updatedFrom: filter.since }, page, limit);
}

async function storePage(db: Kysely<Database>, accountId: number, phase: MirrorPhase, items: ReadonlyArray<Deal | MirroredChange | Task>): Promise<void> {
  if (phase === 'leads') await upsertLeads(db, accountId, items as Deal[]);
  else if (phase === 'events') await insertChanges(db, accountId, items as MirroredChange[]);
  else await upsertTasks(db, accountId, items as Task[]);
}

async function refreshCatalog(db: Kysely<Database>, accountId: number, amo: AmoPort): Promise<void> {
  const [info, pipelines, lossReasons] = await Promise.all([amo.getAccount(), amo.listPipelines(), amo.listLossReasons()]);
  const catalog: AnalyticsCatalog = { timezone: info.timezone, currency: info.currency, pipelines, lossReasons };
  await db.updateTable('analytics_sync').set({ catalog: JSON.stringify(catalog) }).where('account_id', '=', accountId).execute();
}

/** One run of the sync job. `generation` is the job's; an older one than the row's stops quietly. */
export async function runSync(deps: SyncDeps, accountId: AccountId, generation: number): Promise<void> {
  const row = await loadSync(deps.db, accountId);
  if (row === undefined || row.generation !== generation) return;
  const amo = await deps.amoFor(accountId);
  try {
    if (row.state === 'backfilling') await continueBackfill(deps, amo, accountId, row);
    else await runIncremental(deps, amo, accountId, row);
  } catch (error) {
    await deps.db.updateTable('analytics_sync').set({ error: error instanceof Error ? error.message : String(error) })
      .where('account_id', '=', accountId).where('generation', '=', generation).execute();
    throw error;
  }
}

async function continueBackfill(deps: SyncDeps, amo: AmoPort, accountId: AccountId, row: NonNullable<Awaited<ReturnType<typeof loadSync>>>): Promise<void> {
  if (row.catalog === null) await refreshCatalog(deps.db, accountId, amo);
  const progress = row.progress as Progress;
  let phase = row.phase ?? 'leads';
  let page = row.next_page;
  const until = Number(row.backfill_started_at);
  for (let read = 0; read < PAGES_PER_RUN; read += 1) {
    const result = await readPhasePage(amo, phase, page, phase === 'events' ? { until } : {});
    const next = PHASES[PHASES.indexOf(phase) + 1];
    progress[phase] = { done: progress[phase].done + result.items.length, pages: progress[phase].pages + 1, finished: result.last };
    const nextPhase = result.last ? next ?? null : phase;
    const nextPage = result.last ? 1 : page + 1;
    const stillOurs = await deps.db.transaction().execute(async (trx) => {
      const current = await trx.selectFrom('analytics_sync').select('generation').where('account_id', '=', accountId).forUpdate().executeTakeFirst();
      if (current?.generation !== row.generation) return false;
      await storePage(trx, accountId, phase, result.items);
      await trx.updateTable('analytics_sync').set({ phase: nextPhase, next_page: nextPage, progress: JSON.stringify(progress), error: null })
        .where('account_id', '=', accountId).execute();
      return true;
    });
    if (!stillOurs) return;
    if (nextPhase === null) {
      await finishBackfill(deps, accountId, row.generation, until);
      return;
    }
    phase = nextPhase;
    page = nextPage;
  }
  await deps.schedule(accountId, { generation: row.generation, runAt: new Date(deps.clock.now()), key: `backfill:${row.generation}:${phase}:${page}` });
}

async function finishBackfill(deps: SyncDeps, accountId: AccountId, generation: number, startedAt: number): Promise<void> {
  await deriveFacts(deps.db, accountId, null);
  const since = startedAt - SYNC_OVERLAP_SECONDS;
  const now = nowSeconds(deps);
  await deps.db.updateTable('analytics_sync').set({
    state: 'ready', phase: null, next_page: 1, backfill_finished_at: now, last_sync_at: now,
    leads_since: since, events_since: since, tasks_since: since,
  }).where('account_id', '=', accountId).where('generation', '=', generation).execute();
  await recordCounts(deps.db, accountId);
  await recordTimeToWin(deps.db, accountId);
  await takeSnapshot(deps.db, accountId, now);
  await scheduleNext(deps, accountId, generation);
}

async function scheduleNext(deps: SyncDeps, accountId: AccountId, generation: number): Promise<void> {
  const runAt = new Date(deps.clock.now() + SYNC_INTERVAL_MS);
  // One job per interval slot: a webhook-triggered sync and the periodic one do not pile up.
  await deps.schedule(accountId, { generation, runAt, key: `sync:${generation}:${Math.floor(runAt.getTime() / SYNC_INTERVAL_MS)}` });
}

/** Reads every page of one phase changed since `since`; returns the ids of leads touched. */
async function readChangedSince(deps: SyncDeps, amo: AmoPort, accountId: number, phase: MirrorPhase, since: number): Promise<number[]> {
  const touched: number[] = [];
  for (let page = 1; ; page += 1) {
    const result = await readPhasePage(amo, phase, page, { since });
    await storePage(deps.db, accountId, phase, result.items);
    for (const item of result.items) {
      if (phase === 'leads') touched.push((item as Deal).id);
      if (phase === 'events') touched.push((item as MirroredChange).leadId);
    }
    if (result.last) return touched;
  }
}

async function runIncremental(deps: SyncDeps, amo: AmoPort, accountId: AccountId, row: NonNullable<Awaited<ReturnType<typeof loadSync>>>): Promise<void> {
  const startedAt = nowSeconds(deps);
  await refreshCatalog(deps.db, accountId, amo);
  const fallback = startedAt - SYNC_OVERLAP_SECONDS;
  const leads = await readChangedSince(deps, amo, accountId, 'leads', Number(row.leads_since ?? fallback));
  const events = await readChangedSince(deps, amo, accountId, 'events', Number(row.events_since ?? fallback));
  await readChangedSince(deps, amo, accountId, 'tasks', Number(row.tasks_since ?? fallback));
  await deriveFacts(deps.db, accountId, [...leads, ...events]);
  const since = startedAt - SYNC_OVERLAP_SECONDS;
  await deps.db.updateTable('analytics_sync').set({ leads_since: since, events_since: since, tasks_since: since, last_sync_at: startedAt, error: null })
    .where('account_id', '=', accountId).where('generation', '=', row.generation).execute();
  await recordCounts(deps.db, accountId);
  await recordTimeToWin(deps.db, accountId);
  await takeSnapshot(deps.db, accountId, startedAt);
  await scheduleNext(deps, accountId, row.generation);
}

export async function readMirrorStatus(db: Kysely<Database>, accountId: number): Promise<MirrorStatus> {
  const [row, first] = await Promise.all([
    loadSync(db, accountId),
    db.selectFrom('analytics_snapshots').select((eb) => eb.fn.min('day').as('day')).where('account_id', '=', accountId).executeTakeFirst(),
  ]);
  const seconds = (value: number | null | undefined): number | null => (value === null || value === undefined ? null : Number(value));
  const progress = (row?.progress as Progress | undefined) ?? emptyProgress();
  // While backfilling, the rows read so far are the progress; afterwards, the counts of the last sync.
  const counts = (row?.counts as MirrorStatus['counts'] | null | undefined)
    ?? { leads: progress.leads.done, statusChanges: progress.events.done, tasks: progress.tasks.done };
  return {
    state: row?.state ?? 'empty',
    phase: row?.phase ?? null,
    progress,
    startedAt: seconds(row?.backfill_started_at),
    finishedAt: seconds(row?.backfill_finished_at),
    lastSyncAt: seconds(row?.last_sync_at),
    error: row?.error ?? null,
    counts,
    snapshotsSince: first?.day ?? null,
  };
}
