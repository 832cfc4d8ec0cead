/**
 * Review rows ⇄ core reviews. The jsonb `review` column is the state; the other columns are
 * copies for filtering, written from it on every save so they can never disagree.
 */
import type { Kysely, Transaction } from 'kysely';
import type { AccountId, GroupId, LeadId } from '../../core/brand';
import type { Review, ReviewId, ReviewTaskRequest } from '../../core/refusals';
import { isDecided } from '../../core/refusals';
import type { Database } from '../store/schema';
import { asGroupId } from '../../core/brand';

export type Db = Kysely<Database> | Transaction<Database>;

/** The review task to create, kept with the review until amoCRM has it (its lead is the review's). */
export type ReviewTaskRequestRecord = Omit<ReviewTaskRequest, 'leadId'>;

export interface StoredReview {
  review: Review;
  leadName: string;
  managerGroupId: GroupId | null;
  problem: string | null;
  planPending: boolean;
  taskRequest: ReviewTaskRequestRecord | null;
}

const parseJson = (value: unknown): unknown => (typeof value === 'string' ? JSON.parse(value) : value);

type Row = {
  review: unknown; lead_name: string; manager_group_id: number | string | null; problem: string | null;
  plan_pending: boolean; task_request: unknown;
};

export const toStored = (row: Row): StoredReview => ({
  // Written by saveReview/insertReview from a core Review; jsonb round-trips it unchanged.
  review: parseJson(row.review) as Review,
  leadName: row.lead_name,
  managerGroupId: row.manager_group_id === null ? null : (asGroupId(Number(row.manager_group_id))),
  problem: row.problem,
  planPending: row.plan_pending,
  // Written by insertReviews from a core ReviewTaskRequest; jsonb round-trips it unchanged, brands included.
  taskRequest: row.task_request === null ? null : (parseJson(row.task_request) as ReviewTaskRequestRecord),
});

export const STORED_COLUMNS = ['review', 'lead_name', 'manager_group_id', 'problem', 'plan_pending', 'task_request'] as const;

const decidedAtOf = (review: Review): number | null => (isDecided(review) ? review.decision.decidedAt : null);

function mirrorColumns(review: Review) {
  return {
    state: review.state,
    review: JSON.stringify(review),
    reviewer_id: review.reviewerId,
    manager_reason_id: review.managerReasonId,
    decided_at: decidedAtOf(review),
    review_task_id: review.reviewTaskId,
  };
}

export interface NewReviewRow {
  review: Review;
  leadName: string;
  managerGroupId: GroupId | null;
  taskRequest: ReviewTaskRequestRecord | null;
  problem: string | null;
}

/** Inserts reviews; a loss event that already has one is skipped. Returns the ids inserted. */
export async function insertReviews(db: Db, rows: readonly NewReviewRow[], now: Date): Promise<Set<string>> {
  if (rows.length === 0) return new Set();
  const inserted = await db.insertInto('refusal_reviews')
    .values(rows.map(({ review, leadName, managerGroupId, taskRequest, problem }) => ({
      id: review.id,
      account_id: review.accountId,
      lead_id: review.leadId,
      loss_event_key: review.lossEventKey,
      ...mirrorColumns(review),
      lead_name: leadName,
      manager_id: review.managerId,
      manager_group_id: managerGroupId,
      value: review.value,
      pipeline_id: review.pipelineId,
      lost_at: review.lostAt,
      task_request: taskRequest === null ? null : JSON.stringify(taskRequest),
      problem,
      plan_pending: false,
      applying_until: null,
      created_at: now,
      updated_at: now,
    })))
    .onConflict((conflict) => conflict.columns(['account_id', 'loss_event_key']).doNothing())
    .returning('id')
    .execute();
  return new Set(inserted.map((row) => row.id));
}

export async function saveReview(
  db: Db, review: Review, now: Date, extra: { problem?: string | null; planPending?: boolean } = {},
): Promise<void> {
  await db.updateTable('refusal_reviews')
    .set({
      ...mirrorColumns(review),
      ...(extra.problem === undefined ? {} : { problem: extra.problem }),
      ...(extra.planPending === undefined ? {} : { plan_pending: extra.planPending }),
      updated_at: now,
    })
    .where('account_id', '=', review.accountId).where('id', '=', review.id)
    .execute();
}

export async function findReview(db: Db, accountId: AccountId, id: ReviewId | string): Promise<StoredReview | null> {
  const row = await db.selectFrom('refusal_reviews').select(STORED_COLUMNS)
    .where('account_id', '=', accountId).where('id', '=', id)
    .executeTakeFirst();
  return row === undefined ? null : toStored(row);
}

export async function findReviewsOfLead(db: Db, accountId: AccountId, leadId: LeadId): Promise<StoredReview[]> {
  const rows = await db.selectFrom('refusal_reviews').select(STORED_COLUMNS)
    .where('account_id', '=', accountId).where('lead_id', '=', leadId)
    .orderBy('lost_at', 'desc')
    .execute();
  return rows.map(toStored);
}
