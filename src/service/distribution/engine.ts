/**
 * A distribution batch for one account: claim pending leads, re-read them from amoCRM (pages of
 * 250), classify, read what the pools need (contact owners for sticky owner, loads), decide each
 * pool under its rotation lock, then write to amoCRM (./apply.ts). Reads and writes are per batch,
 * never per lead, so a burst of 1,000 leads costs a few dozen requests.
 */
import type { Kysely } from 'kysely';
import type { AccountId, ContactId, EpochMs, PipelineId, StatusId, UserId } from '../../core/brand';
import type { Availability } from '../../core/distribution/availability';
import type { Deal, Pipeline } from '../../core/domain';
import type { AmoPort } from '../../amo/port';
import { accountTimeZone } from '../accounts/directory';
import { loadConfig } from '../config/repository';
import type { Clock } from '../../core/time/clock';
import type { JobLogger } from '../jobs/types';
import type { Database } from '../store/schema';
import { applyDecisions, readDeals, type ApplyOutcome } from './apply';
import { deriveDistributionAvailability, type AvailabilityLoader } from './availability';
import { classifyPending, type Classified } from './classify';
import { decidePool, type PoolLead } from './decide-pool';
import { loadStatuses, needsLoads, participantIds, toCorePool } from './pools';
import {
  claimPending, deletePending, everAssigned, heldPipelines, insertDecisions, recentlyAssigned, releaseHeld, returnedByHeads, type DecisionRow,
} from './repository';
import type { AccountConfig, DistributionPoolConfig } from '../../contract/config';

export interface EngineDeps {
  readonly db: Kysely<Database>;
  readonly amo: AmoPort;
  readonly availability: AvailabilityLoader;
  /** The amoCRM account's own time zone (read lazily, cached by the caller). */
  readonly accountTimezone: () => Promise<string | null>;
  readonly clock: Clock;
  readonly log: JobLogger;
  /** The job attempt's: once the runner gave up on it, no more amoCRM writes (../jobs/amo-effects.ts). */
  readonly signal?: AbortSignal;
}

export interface BatchOutcome {
  readonly claimed: number;
  readonly ignored: number;
  readonly assigned: number;
  readonly held: number;
  readonly applied: ApplyOutcome;
}

/** A second trigger for a lead distributed this recently is the same arrival seen twice. */
export const DUPLICATE_TRIGGER_WINDOW_MS = 10 * 60_000;
const CLAIM_LEASE_MS = 5 * 60_000;
const MAX_BATCH = 5_000;

function ignoredRow(entry: Extract<Classified, { kind: 'ignore' }>, now: EpochMs): DecisionRow {
  return {
    leadId: entry.pending.leadId, pipelineId: entry.deal?.pipelineId ?? null, at: now,
    trigger: entry.pending.trigger === 'dp' || entry.pending.trigger === 'webhook' ? 'new_lead' : entry.pending.trigger === 'guard' ? 'guard' : 'held_handout',
    kind: 'ignored', userId: null, why: entry.code, fromUserId: entry.deal?.responsibleUserId ?? null, candidates: [], moveTasks: false,
  };
}

/** Per-pool availability: the focus feature's states, narrowed by the pool's and managers' hours. */
async function availabilityFor(deps: EngineDeps, accountId: AccountId, config: AccountConfig, now: EpochMs) {
  const timezone = await accountTimeZone(config.general.timezone, deps.accountTimezone);
  const base = await deps.availability(accountId, now, timezone);
  return (pool: DistributionPoolConfig): Map<UserId, Availability> =>
    deriveDistributionAvailability(base, config.distribution, pool, timezone, now);
}

/**
 * Held leads go back in line ahead of anything new as soon as someone in their pool is available:
 * otherwise a lead arriving now could take the turn an older held lead is waiting for.
 */
async function releaseWhereAvailable(
  deps: EngineDeps, accountId: AccountId, config: AccountConfig, forPool: (pool: DistributionPoolConfig) => Map<UserId, Availability>,
): Promise<number> {
  const pipelines = await heldPipelines(deps.db, accountId);
  const ready = pipelines.filter((pipelineId) => {
    const pool = config.distribution.pools.find((candidate) => candidate.pipelineId === pipelineId);
    if (pool === undefined) return true; // the pool was removed: the batch logs them as no_pool
    const availability = forPool(pool);
    return pool.whenNobodyAvailable.kind === 'on_duty' || participantIds(pool).some((userId) => availability.get(userId)?.kind === 'available');
  });
  return releaseHeld(deps.db, accountId, ready);
}

/** A pool's DP stages as configured; none configured = the pipeline's first open stage, where amoCRM puts new leads. */
function dpStagesOf(pool: DistributionPoolConfig, pipelines: readonly Pipeline[] | null): Set<number> {
  if (pool.triggers.dpStatusIds.length > 0) return new Set(pool.triggers.dpStatusIds);
  const pipeline = pipelines?.find((candidate) => candidate.id === pool.pipelineId);
  const first = pipeline?.statuses.filter((status) => status.kind === 'open').sort((a, b) => a.sort - b.sort)[0];
  return new Set(first === undefined ? [] : [first.id]);
}

async function readPipelinesForDpStages(
  amo: AmoPort, pools: readonly DistributionPoolConfig[], pending: ReadonlyArray<{ trigger: string }>,
): Promise<Pipeline[] | null> {
  const needed = pending.some((entry) => entry.trigger === 'dp') && pools.some((pool) => pool.triggers.digitalPipeline && pool.triggers.dpStatusIds.length === 0);
  return needed ? amo.listPipelines() : null;
}

async function readPipelinesIfNeeded(amo: AmoPort, pools: readonly DistributionPoolConfig[]): Promise<Pipeline[] | null> {
  return pools.some((pool) => needsLoads(pool) && pool.loadStatusIds.length === 0) ? amo.listPipelines() : null;
}

export async function runBatch(deps: EngineDeps, accountId: AccountId, batchId: string): Promise<BatchOutcome> {
  const { db, amo } = deps;
  const now = deps.clock.now();
  const { config } = await loadConfig(db, accountId);
  const forPool = await availabilityFor(deps, accountId, config, now);
  await releaseWhereAvailable(deps, accountId, config, forPool);

  const pending = await claimPending(db, accountId, batchId, new Date(now), CLAIM_LEASE_MS, MAX_BATCH);
  let pipelines: Pipeline[] | null = null;
  let ignored = 0;
  let assigned = 0;
  let held = 0;
  if (pending.length > 0) {
    const leadIds = pending.map((entry) => entry.leadId);
    const deals = await readDeals(amo, leadIds);
    pipelines = await readPipelinesForDpStages(amo, config.distribution.pools, pending);
    const classified = classifyPending(pending, deals, config.distribution, {
      recentlyAssigned: await recentlyAssigned(db, accountId, leadIds, new Date(now - DUPLICATE_TRIGGER_WINDOW_MS)),
      everAssigned: await everAssigned(db, accountId, leadIds),
      returnedByHead: await returnedByHeads(db, accountId, leadIds),
      dpStages: (pool) => dpStagesOf(pool, pipelines),
    });

    const skipped = classified.filter((entry) => entry.kind !== 'distribute');
    const ignoredRows = skipped.flatMap((entry) => (entry.kind === 'ignore' ? [ignoredRow(entry, now)] : []));
    await db.transaction().execute(async (trx) => {
      await insertDecisions(trx, accountId, ignoredRows);
      await deletePending(trx, accountId, skipped.map((entry) => entry.pending.id));
    });
    ignored = ignoredRows.length;

    const toDistribute = classified.filter((entry): entry is Extract<Classified, { kind: 'distribute' }> => entry.kind === 'distribute');
    const pools = new Map<number, { pool: DistributionPoolConfig; leads: Array<{ pending: typeof pending[number]; deal: Deal }> }>();
    for (const entry of toDistribute) {
      const group = pools.get(entry.pool.pipelineId) ?? { pool: entry.pool, leads: [] };
      group.leads.push({ pending: entry.pending, deal: entry.deal });
      pools.set(entry.pool.pipelineId, group);
    }
    const owners = await readOwners(amo, [...pools.values()]);
    pipelines ??= await readPipelinesIfNeeded(amo, [...pools.values()].map((group) => group.pool));
    for (const { pool, leads } of pools.values()) {
      const loads = needsLoads(pool)
        ? await readLoads(amo, loadStatuses(pool, pipelines), participantIds(pool))
        : new Map<UserId, number>();
      const poolLeads: PoolLead[] = leads.map(({ pending: entry, deal }) => ({
        pending: entry, deal, contactOwnerId: pool.stickyOwner && deal.mainContactId !== null ? owners.get(deal.mainContactId) ?? null : null,
      }));
      const outcome = await decidePool(db, accountId, toCorePool(pool), poolLeads, loads, forPool(pool), now);
      assigned += outcome.assigned;
      held += outcome.held;
    }
  }
  const applied = await applyDecisions(db, amo, accountId, deps.clock, deps.signal);
  deps.log.info({ accountId, batchId, claimed: pending.length, ignored, assigned, held, applied }, 'distribution batch');
  return { claimed: pending.length, ignored, assigned, held, applied };
}

async function readOwners(
  amo: AmoPort, groups: ReadonlyArray<{ pool: DistributionPoolConfig; leads: ReadonlyArray<{ deal: Deal }> }>,
): Promise<Map<ContactId, UserId>> {
  const contactIds = groups
    .filter((group) => group.pool.stickyOwner)
    .flatMap((group) => group.leads.flatMap(({ deal }) => (deal.mainContactId === null ? [] : [deal.mainContactId])));
  if (contactIds.length === 0) return new Map();
  const owners = await amo.listContactOwners([...new Set(contactIds)]);
  return new Map(owners.map((owner) => [owner.id, owner.responsibleUserId]));
}

/**
 * Open deals per manager in the given stages — the load for least-loaded mode and caps. One
 * paged list filtered by stages and responsibles; closed deals never count (they are not in the stages).
 */
async function readLoads(
  amo: AmoPort, statuses: Array<{ pipelineId: PipelineId; statusId: StatusId }>, userIds: UserId[],
): Promise<Map<UserId, number>> {
  const loads = new Map<UserId, number>();
  for await (const deals of amo.iterateLeads({ statuses, responsibleUserIds: userIds })) {
    for (const deal of deals) loads.set(deal.responsibleUserId, (loads.get(deal.responsibleUserId) ?? 0) + 1);
  }
  return loads;
}

