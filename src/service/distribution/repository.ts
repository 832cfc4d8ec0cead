/**
 * Distribution's SQL: pending leads, the rotation row every decision of a pool locks, the decision
 * log and held leads. Every statement is scoped by account.
 */
import { sql, type Kysely, type Transaction } from 'kysely';
import type { AccountId, EpochMs, LeadId, PipelineId, UserId } from '../../core/brand';
import { INITIAL_ROTATION, type RotationState } from '../../core/distribution/pool';
import type { Database } from '../store/schema';
import type { DecisionKind, PendingTrigger } from '../store/tables-distribution';
import { asLeadId, asPipelineId, asUserId, epochMsOf } from '../../core/brand';

type Db = Kysely<Database>;
type Executor = Db | Transaction<Database>;

export interface PendingLead {
  readonly id: number;
  readonly leadId: LeadId;
  readonly trigger: PendingTrigger;
  readonly expectedStatusId: number | null;
  readonly arrivedAt: EpochMs;
}

export interface NewPending {
  readonly leadId: LeadId;
  readonly trigger: PendingTrigger;
  readonly expectedStatusId: number | null;
  readonly arrivedAt: EpochMs;
}

export async function addPending(db: Executor, accountId: AccountId, leads: readonly NewPending[]): Promise<void> {
  if (leads.length === 0) return;
  await db.insertInto('distribution_pending').values(leads.map((lead) => ({
    account_id: accountId, lead_id: lead.leadId, trigger: lead.trigger, expected_status_id: lead.expectedStatusId,
    arrived_at: new Date(lead.arrivedAt), claimed_by: null, claimed_until: null,
  }))).execute();
}

/** Arrival times of the newest and oldest unclaimed pending lead (the debounce reads them). */
export async function pendingWindow(db: Db, accountId: AccountId, now: Date): Promise<{ oldest: Date; newest: Date } | null> {
  const row = await db.selectFrom('distribution_pending')
    .select((eb) => [eb.fn.min('arrived_at').as('oldest'), eb.fn.max('arrived_at').as('newest')])
    .where('account_id', '=', accountId)
    .where((eb) => eb.or([eb('claimed_until', 'is', null), eb('claimed_until', '<', now)]))
    .executeTakeFirst();
  if (row?.oldest == null || row.newest == null) return null;
  return { oldest: new Date(row.oldest), newest: new Date(row.newest) };
}

/**
 * Takes up to `limit` pending leads for batch `batchId`: free ones, ones whose batch crashed
 * (lease over), and its own from an earlier attempt. SKIP LOCKED: two batches never take one row.
 */
export async function claimPending(db: Db, accountId: AccountId, batchId: string, now: Date, leaseMs: number, limit: number): Promise<PendingLead[]> {
  const rows = await db.transaction().execute(async (trx) => {
    const free = trx.selectFrom('distribution_pending').select('id')
      .where('account_id', '=', accountId)
      .where((eb) => eb.or([eb('claimed_by', 'is', null), eb('claimed_until', '<', now), eb('claimed_by', '=', batchId)]))
      .orderBy('arrived_at').orderBy('id').limit(limit)
      .forUpdate().skipLocked();
    return trx.updateTable('distribution_pending')
      .set({ claimed_by: batchId, claimed_until: new Date(now.getTime() + leaseMs) })
      .where('account_id', '=', accountId).where('id', 'in', free)
      .returningAll().execute();
  });
  return rows
    .map((row) => ({
      id: Number(row.id), leadId: asLeadId(Number(row.lead_id)), trigger: row.trigger,
      expectedStatusId: row.expected_status_id === null ? null : Number(row.expected_status_id), arrivedAt: epochMsOf(row.arrived_at),
    }))
    .sort((a, b) => a.arrivedAt - b.arrivedAt || a.id - b.id);
}

export async function deletePending(db: Executor, accountId: AccountId, ids: readonly number[]): Promise<void> {
  if (ids.length === 0) return;
  await db.deleteFrom('distribution_pending').where('account_id', '=', accountId).where('id', 'in', [...ids]).execute();
}

/**
 * Locks the pool's rotation row for the rest of `trx` (creating it on first use): every decision
 * of the pool runs under this lock, so concurrent batches — in this process or another instance —
 * take turns and each sees the pointer the previous one left.
 */
export async function lockRotation(trx: Transaction<Database>, accountId: AccountId, pipelineId: PipelineId, now: Date): Promise<RotationState> {
  const select = () => trx.selectFrom('distribution_rotation').select('state')
    .where('account_id', '=', accountId).where('pipeline_id', '=', pipelineId)
    .forUpdate().executeTakeFirst();
  const existing = await select();
  if (existing !== undefined) return parseRotation(existing.state);
  // First decision of the pool: create the row; a concurrent creator wins the insert, we then wait on its lock.
  await trx.insertInto('distribution_rotation')
    .values({ account_id: accountId, pipeline_id: pipelineId, state: JSON.stringify(INITIAL_ROTATION), updated_at: now })
    .onConflict((conflict) => conflict.columns(['account_id', 'pipeline_id']).doNothing())
    .execute();
  const created = await select();
  return created === undefined ? INITIAL_ROTATION : parseRotation(created.state);
}

export async function saveRotation(trx: Transaction<Database>, accountId: AccountId, pipelineId: PipelineId, state: RotationState, now: Date): Promise<void> {
  await trx.updateTable('distribution_rotation').set({ state: JSON.stringify(state), updated_at: now })
    .where('account_id', '=', accountId).where('pipeline_id', '=', pipelineId).execute();
}

function parseRotation(value: unknown): RotationState {
  const raw: unknown = typeof value === 'string' ? JSON.parse(value) : value;
  if (typeof raw !== 'object' || raw === null) return INITIAL_ROTATION;
  const { lastUserId, lastIndex, weighted } = raw as Record<string, unknown>;
  return {
    lastUserId: typeof lastUserId === 'number' ? asUserId(lastUserId) : null,
    lastIndex: typeof lastIndex === 'number' ? lastIndex : -1,
    weighted: typeof weighted === 'object' && weighted !== null
      ? Object.fromEntries(Object.entries(weighted).filter((entry): entry is [string, number] => typeof entry[1] === 'number'))
      : {},
  };
}

export interface DecisionRow {
  readonly leadId: LeadId;
  readonly pipelineId: PipelineId | null;
  readonly at: EpochMs;
  readonly trigger: string;
  readonly kind: DecisionKind;
  readonly userId: UserId | null;
  readonly why: string | null;
  readonly fromUserId: UserId | null;
  readonly candidates: unknown;
  readonly moveTasks: boolean;
}

export async function insertDecisions(db: Executor, accountId: AccountId, rows: readonly DecisionRow[]): Promise<void> {
  if (rows.length === 0) return;
  // One statement per few hundred rows keeps the parameter count far below PostgreSQL's 65,535.
  for (let start = 0; start < rows.length; start += 500) {
    await db.insertInto('distribution_decisions').values(rows.slice(start, start + 500).map((row) => ({
      account_id: accountId, lead_id: row.leadId, pipeline_id: row.pipelineId, at: new Date(row.at), trigger: row.trigger,
      kind: row.kind, user_id: row.userId, why: row.why, from_user_id: row.fromUserId,
      candidates: JSON.stringify(row.candidates), move_tasks: row.moveTasks,
      // Nothing to write when the lead already belongs to the chosen manager.
      applied_at: row.kind === 'assigned' && row.userId === row.fromUserId ? new Date(row.at) : null,
    }))).execute();
  }
}

/** Leads assigned by distribution since `since` (a second trigger for the same arrival is ignored). */
export async function recentlyAssigned(db: Db, accountId: AccountId, leadIds: readonly LeadId[], since: Date): Promise<Map<LeadId, UserId>> {
  if (leadIds.length === 0) return new Map();
  const rows = await db.selectFrom('distribution_decisions').select(['lead_id', 'user_id'])
    .where('account_id', '=', accountId).where('kind', '=', 'assigned').where('at', '>=', since)
    .where('lead_id', 'in', [...new Set(leadIds)])
    .orderBy('id').execute();
  return new Map(rows.map((row) => [asLeadId(Number(row.lead_id)), asUserId(Number(row.user_id))]));
}

/** Of these leads, the ones we ever assigned (the decision log). */
export async function everAssigned(db: Db, accountId: AccountId, leadIds: readonly LeadId[]): Promise<Set<LeadId>> {
  if (leadIds.length === 0) return new Set();
  const rows = await db.selectFrom('distribution_decisions').select('lead_id').distinct()
    .where('account_id', '=', accountId).where('kind', '=', 'assigned').where('lead_id', 'in', [...new Set(leadIds)]).execute();
  return new Set(rows.map((row) => asLeadId(Number(row.lead_id))));
}

/**
 * Of these leads, the deals a head returned to work through refusal control (the review is
 * `returned` until the deal is won or lost again): the head chose stage and responsible.
 */
export async function returnedByHeads(db: Db, accountId: AccountId, leadIds: readonly LeadId[]): Promise<Set<LeadId>> {
  if (leadIds.length === 0) return new Set();
  const rows = await db.selectFrom('refusal_reviews').select('lead_id').distinct()
    .where('account_id', '=', accountId).where('state', '=', 'returned').where('lead_id', 'in', [...new Set(leadIds)]).execute();
  return new Set(rows.map((row) => asLeadId(Number(row.lead_id))));
}

export interface HeldLead { readonly leadId: LeadId; readonly pipelineId: PipelineId; readonly arrivedAt: EpochMs }

export async function holdLeads(db: Executor, accountId: AccountId, leads: readonly HeldLead[], now: Date): Promise<void> {
  if (leads.length === 0) return;
  await db.insertInto('distribution_held').values(leads.map((lead) => ({
    account_id: accountId, lead_id: lead.leadId, pipeline_id: lead.pipelineId, arrived_at: new Date(lead.arrivedAt), held_at: now,
  }))).onConflict((conflict) => conflict.columns(['account_id', 'lead_id']).doNothing()).execute();
}

export async function heldPipelines(db: Db, accountId: AccountId): Promise<PipelineId[]> {
  const rows = await db.selectFrom('distribution_held').select('pipeline_id').distinct().where('account_id', '=', accountId).execute();
  return rows.map((row) => asPipelineId(Number(row.pipeline_id)));
}

/** Moves a pool's held leads back into pending, keeping their arrival time (one transaction). */
export async function releaseHeld(db: Db, accountId: AccountId, pipelineIds: readonly PipelineId[]): Promise<number> {
  if (pipelineIds.length === 0) return 0;
  return db.transaction().execute(async (trx) => {
    const rows = await trx.deleteFrom('distribution_held')
      .where('account_id', '=', accountId).where('pipeline_id', 'in', [...pipelineIds])
      .returning(['lead_id', 'arrived_at']).execute();
    await addPending(trx, accountId, rows.map((row) => ({
      leadId: asLeadId(Number(row.lead_id)), trigger: 'held' as const, expectedStatusId: null, arrivedAt: epochMsOf(row.arrived_at),
    })));
    return rows.length;
  });
}

export interface UnappliedDecision {
  readonly id: number;
  readonly leadId: LeadId;
  readonly userId: UserId;
  readonly fromUserId: UserId | null;
  readonly moveTasks: boolean;
}

export async function loadUnapplied(db: Db, accountId: AccountId, limit: number): Promise<UnappliedDecision[]> {
  const rows = await db.selectFrom('distribution_decisions').select(['id', 'lead_id', 'user_id', 'from_user_id', 'move_tasks'])
    .where('account_id', '=', accountId).where('kind', '=', 'assigned').where('applied_at', 'is', null)
    .orderBy('id').limit(limit).execute();
  return rows.map((row) => ({
    id: Number(row.id), leadId: asLeadId(Number(row.lead_id)), userId: asUserId(Number(row.user_id)),
    fromUserId: row.from_user_id === null ? null : asUserId(Number(row.from_user_id)), moveTasks: row.move_tasks,
  }));
}

export async function markTasksMoved(db: Executor, accountId: AccountId, ids: readonly number[]): Promise<void> {
  if (ids.length === 0) return;
  await db.updateTable('distribution_decisions').set({ move_tasks: false })
    .where('account_id', '=', accountId).where('id', 'in', [...ids]).execute();
}

export async function markApplied(db: Executor, accountId: AccountId, ids: readonly number[], at: Date): Promise<void> {
  if (ids.length === 0) return;
  await db.updateTable('distribution_decisions').set({ applied_at: at })
    .where('account_id', '=', accountId).where('id', 'in', [...ids]).where('applied_at', 'is', null).execute();
}

/** Held leads first in line when distribution resumes — used by tests and the log. */
export async function countHeld(db: Db, accountId: AccountId): Promise<number> {
  const row = await db.selectFrom('distribution_held').select(sql<number>`count(*)::int`.as('count')).where('account_id', '=', accountId).executeTakeFirst();
  return Number(row?.count ?? 0);
}
