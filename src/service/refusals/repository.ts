/**
 * Review rows ⇄ core reviews. The jsonb `review` column is the state; the other columns are
 * copies for filtering, written from it on every save so they can never disagree. A state changes
 * only by compare-and-set against the writer's read (moveReview); each writer's record step writes
 * only its own columns (recordReviewTask, markReviewTaskRejected, recordPlanOutcome).
 */
import { sql, type Kysely, type Transaction } from 'kysely';
import type { AccountId, GroupId, LeadId, TaskId } from '../../core/brand';
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
  // Written by moveReview/insertReviews from a core Review; jsonb round-trips it unchanged.
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

/** The states in which a review waits for its task (the collector creates tasks only for these). */
export const AWAITING_TASK = ['pending', 'reason_missing'] as const;

/** The problem a review shows while amoCRM refuses its task as it is. */
const TASK_REJECTED = 'task_rejected: ';

/**
 * The row still holds the review `read` — the whole jsonb state, apart from the task id the
 * collector records on its own (recordReviewTask). Every state change and every transition's
 * timestamp (`since`, `decision`, `wonAt`, …) is in the jsonb, so this tells a row moved on by
 * another writer from one left as read, without trusting two clocks to differ by a millisecond.
 */
const stillAsRead = (read: Review) => sql<boolean>`refusal_reviews.state = ${read.state}
  AND (refusal_reviews.review - 'reviewTaskId') = (${JSON.stringify(read)}::jsonb - 'reviewTaskId')`;

/**
 * The one way a review's state changes: compare-and-set against the caller's read. Decisions and
 * deal events (won, lost again, deleted) each read the review, talk to amoCRM, then move it on; a
 * save from a read another writer has moved the row on from since would undo that writer's change
 * ("won" over "lost again", a decision over a deletion). So `next` is saved only while the row is
 * still as `read`; false means it moved on — re-read and re-derive (moveReviewOn), or refuse.
 *
 * The task id belongs to the collector, which may have recorded it since the read: a review saved
 * from that read must not un-set it, in the column or in the jsonb state. No writer clears a task id.
 */
export async function moveReview(
  db: Db, read: Review, next: Review, now: Date, extra: { problem?: string | null; planPending?: boolean } = {},
): Promise<boolean> {
  const { review: json, review_task_id: taskId, ...columns } = mirrorColumns(next);
  const moved = await db.updateTable('refusal_reviews')
    .set({
      ...columns,
      review: sql<string>`CASE WHEN refusal_reviews.review_task_id IS NULL THEN ${json}::jsonb
        ELSE jsonb_set(${json}::jsonb, '{reviewTaskId}', to_jsonb(refusal_reviews.review_task_id)) END`,
      review_task_id: sql<number | null>`coalesce(refusal_reviews.review_task_id, ${taskId})`,
      ...(extra.problem === undefined ? {} : { problem: extra.problem }),
      ...(extra.planPending === undefined ? {} : { plan_pending: extra.planPending }),
      updated_at: now,
    })
    .where('account_id', '=', read.accountId).where('id', '=', read.id).where(stillAsRead(read))
    .returning('id').executeTakeFirst();
  return moved !== undefined;
}

/** A state change a writer derived from the review as it read it; null: the change does not apply to it. */
export type ReviewMove = { review: Review; problem?: string | null } | null;

/** Re-reads after another writer's save; each one is a real transition, and the states never cycle. */
const MOVE_ATTEMPTS = 5;

/**
 * A deal event's change of one review (won, lost again, deleted): derived from the caller's read
 * and, whenever another writer moved the row on since, derived again from the row as it is now — so
 * the review ends as if the writers had run one after the other, never from a stale read. `derive`
 * refuses (null) what no longer applies, e.g. a win once the review is `lost_again`. Returns the saved review.
 */
export async function moveReviewOn(db: Db, read: Review, derive: (current: Review) => ReviewMove, now: Date): Promise<Review | null> {
  let current = read;
  for (let attempt = 0; attempt < MOVE_ATTEMPTS; attempt += 1) {
    const move = derive(current);
    if (move === null) return null;
    const extra = move.problem === undefined ? {} : { problem: move.problem };
    if (await moveReview(db, current, move.review, now, extra)) return move.review;
    const fresh = await findReview(db, read.accountId, read.id);
    if (fresh === null) return null;
    current = fresh.review;
  }
  // Not reachable with acyclic states; a job that gets here is retried with back-off.
  throw new Error(`review ${read.id} moved on ${MOVE_ATTEMPTS} times while being saved`);
}

/**
 * A decision's record of its plan: only its own columns, `plan_pending` and `problem`, never the
 * state. A deal event may have moved the review on while the plan ran in amoCRM (won, lost again,
 * deleted), and that later state stands with its own problem (`deal_deleted`). Such a review's plan
 * is not pending any more: a repeated request would answer 409 from the new state, and a pending
 * flag nobody can clear would keep the review and its ledger rows from retention.
 */
export async function recordPlanOutcome(
  db: Db, decided: Review, outcome: { problem: string | null; planPending: boolean }, now: Date,
): Promise<void> {
  await db.updateTable('refusal_reviews')
    .set({
      problem: sql<string | null>`CASE WHEN ${stillAsRead(decided)} THEN ${outcome.problem} ELSE refusal_reviews.problem END`,
      plan_pending: sql<boolean>`${stillAsRead(decided)} AND ${outcome.planPending}`,
      updated_at: now,
    })
    .where('account_id', '=', decided.accountId).where('id', '=', decided.id)
    .execute();
}

/**
 * The collector's record of a review task amoCRM has: only the task id (column and jsonb) and a
 * `task_rejected:` problem it cures. Not a save of the collector's own read of the review: that
 * read is older than the amoCRM call, and a decision or deal event may have been saved meanwhile.
 * A task id already there stays (a second collector's duplicate is not the review's task).
 */
export async function recordReviewTask(db: Db, accountId: AccountId, id: ReviewId | string, taskId: TaskId, now: Date): Promise<void> {
  await db.updateTable('refusal_reviews')
    .set({
      review: sql<string>`jsonb_set(refusal_reviews.review, '{reviewTaskId}', to_jsonb(coalesce(refusal_reviews.review_task_id, ${taskId})))`,
      review_task_id: sql<number>`coalesce(refusal_reviews.review_task_id, ${taskId})`,
      problem: sql<string | null>`CASE WHEN starts_with(refusal_reviews.problem, ${TASK_REJECTED}) THEN NULL ELSE refusal_reviews.problem END`,
      updated_at: now,
    })
    .where('account_id', '=', accountId).where('id', '=', id)
    .execute();
}

/**
 * amoCRM refused a review's task: the problem shows on the review while it still waits for its
 * task — not on one decided or given a task since the collector read it.
 */
export async function markReviewTaskRejected(db: Db, accountId: AccountId, id: ReviewId | string, reason: string, now: Date): Promise<void> {
  await db.updateTable('refusal_reviews')
    .set({ problem: `${TASK_REJECTED}${reason}`.slice(0, 500), updated_at: now })
    .where('account_id', '=', accountId).where('id', '=', id)
    .where('review_task_id', 'is', null).where('state', 'in', [...AWAITING_TASK])
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
