/**
 * Retention (issue 13): old rows are pruned by age so storage stays bounded, and never a row that
 * exactly-once processing still needs:
 *
 * | table | pruned when | kept although old |
 * |---|---|---|
 * | webhook_inbox | received before the inbox window | while a queued/running job still points at it (`payload.inboxId`) |
 * | jobs | done or failed before the jobs window | queued and running jobs, always |
 * | effects | recorded before the effects window | while a queued/running job of the account that existed when the effect ran could repeat it, while the refusal review it belongs to has an unfinished plan, and a review task's `:started` mark while its review has no task id yet |
 * | distribution_decisions | made before the decisions window | assigned decisions not yet written to amoCRM |
 * | refusal_reviews | decided before the reviews window | undecided reviews, and decided ones whose plan is unfinished |
 *
 * The inbox window must outlast amoCRM's redelivery of one webhook (retries up to ~2 h, platform
 * reference §9.2) so a late duplicate is still recognised; the default is a week. Several instances
 * may run the pass at once: the deletes are idempotent.
 */
import { sql, type Kysely } from 'kysely';
import type { Database } from '../store/schema';
import type { Clock } from '../../core/time/clock';
import { systemClock } from '../clock';

export interface RetentionPolicy {
  inboxDays: number;
  jobsDays: number;
  effectsDays: number;
  decisionsDays: number;
  reviewsDays: number;
}

/** Defaults (documented in README, overridable with RETENTION_* variables). */
export const DEFAULT_RETENTION: RetentionPolicy = {
  inboxDays: 7,
  jobsDays: 7,
  effectsDays: 30,
  decisionsDays: 90,
  reviewsDays: 365,
};

/** amoCRM redelivers a webhook for about two hours: the inbox must remember it longer. */
const MIN_INBOX_DAYS = 1;

export interface RetentionReport {
  webhook_inbox: number;
  jobs: number;
  effects: number;
  distribution_decisions: number;
  refusal_reviews: number;
}

const DAY_MS = 86_400_000;

const countOf = (result: { numAffectedRows?: bigint }): number => Number(result.numAffectedRows ?? 0n);

/** One retention pass at `now`. Returns the rows deleted per table. */
export async function pruneOnce(db: Kysely<Database>, policy: RetentionPolicy, now: number): Promise<RetentionReport> {
  const before = (days: number): Date => new Date(now - days * DAY_MS);
  const inboxCutoff = before(Math.max(MIN_INBOX_DAYS, policy.inboxDays));

  // Effects before jobs: whether an effect is still needed is read from the pending jobs.
  const effects = await sql`
    DELETE FROM effects e
    WHERE e.created_at < ${before(policy.effectsDays)}
      AND NOT EXISTS (
        SELECT 1 FROM jobs j
        WHERE j.account_id = e.account_id AND j.status IN ('queued', 'running') AND j.created_at <= e.created_at)
      AND NOT EXISTS (
        SELECT 1 FROM refusal_reviews r
        WHERE r.account_id = e.account_id AND r.plan_pending
          AND starts_with(e.key, 'refusal:' || r.account_id::text || ':' || r.loss_event_key || ':'))
      -- A review task's started mark whose review still has no task: the next collector must look
      -- in amoCRM for what the marked attempt may have created (refusals/review-tasks.ts).
      AND NOT (starts_with(e.key, 'refusals:review-task:') AND EXISTS (
        SELECT 1 FROM refusal_reviews r
        WHERE r.account_id = e.account_id AND r.id = split_part(e.key, ':', 3) AND r.review_task_id IS NULL))`.execute(db);

  const jobs = await sql`
    DELETE FROM jobs WHERE status IN ('done', 'failed') AND finished_at < ${before(policy.jobsDays)}`.execute(db);

  const inbox = await sql`
    DELETE FROM webhook_inbox i
    WHERE i.received_at < ${inboxCutoff}
      AND NOT EXISTS (
        SELECT 1 FROM jobs j
        WHERE j.account_id = i.account_id AND j.status IN ('queued', 'running')
          AND j.payload ->> 'inboxId' = i.id::text)`.execute(db);

  const decisions = await sql`
    DELETE FROM distribution_decisions
    WHERE at < ${before(policy.decisionsDays)} AND NOT (kind = 'assigned' AND applied_at IS NULL)`.execute(db);

  // decided_at is amoCRM-style seconds.
  const reviews = await sql`
    DELETE FROM refusal_reviews
    WHERE decided_at IS NOT NULL AND decided_at < ${Math.floor((now - policy.reviewsDays * DAY_MS) / 1000)}
      AND NOT plan_pending`.execute(db);

  return {
    webhook_inbox: countOf(inbox),
    jobs: countOf(jobs),
    effects: countOf(effects),
    distribution_decisions: countOf(decisions),
    refusal_reviews: countOf(reviews),
  };
}

export interface RetentionLoop { stop(): Promise<void> }

/** Runs `pruneOnce` every `intervalMs` (first pass after one interval) until stopped. */
export function startRetention(options: {
  db: Kysely<Database>; policy: RetentionPolicy; intervalMs: number; clock?: Clock;
  onPass?: (report: RetentionReport) => void; onError?: (error: unknown) => void;
}): RetentionLoop {
  const clock = options.clock ?? systemClock;
  let running: Promise<void> = Promise.resolve();
  const timer = setInterval(() => {
    running = running.then(async () => {
      try {
        options.onPass?.(await pruneOnce(options.db, options.policy, clock.now()));
      } catch (error) {
        options.onError?.(error);
      }
    });
  }, options.intervalMs);
  timer.unref();
  return {
    async stop() {
      clearInterval(timer);
      await running;
    },
  };
}

/** The policy the environment asks for (RETENTION_* variables, defaults above). */
export function retentionPolicyFromEnv(env: {
  RETENTION_INBOX_DAYS: number; RETENTION_JOBS_DAYS: number; RETENTION_EFFECTS_DAYS: number;
  RETENTION_DECISIONS_DAYS: number; RETENTION_REVIEWS_DAYS: number;
}): RetentionPolicy {
  return {
    inboxDays: env.RETENTION_INBOX_DAYS,
    jobsDays: env.RETENTION_JOBS_DAYS,
    effectsDays: env.RETENTION_EFFECTS_DAYS,
    decisionsDays: env.RETENTION_DECISIONS_DAYS,
    reviewsDays: env.RETENTION_REVIEWS_DAYS,
  };
}
