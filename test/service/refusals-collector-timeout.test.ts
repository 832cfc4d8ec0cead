/**
 * A collector attempt the job runner gave up on (its timeout) must not write to amoCRM any more:
 * once its lease ends, the job's retry takes the account's collector hold and creates the review
 * tasks itself, and a write the abandoned attempt still made would be the head's second task for
 * one loss. The hook in the amoCRM port holds the first attempt inside its create until the runner
 * has timed it out, its lease has ended and the retry has run, so the test does not depend on load.
 */
import { afterEach, expect, it } from 'vitest';
import type { AmoPort } from '../../src/amo/port';
import { forEachStore } from '../support/service-store';
import {
  loseAndProcess, MANAGER, openDealOf, REASON_EXPENSIVE, runRetriesNow, startRefusalHarness, tasksOfLead, type RefusalHarness,
} from '../support/service-refusals';

const REVIEW_TASK_TYPE = 3012;
/** Long enough for the first attempt to reach its create on a loaded machine; the lease a little longer. */
const TIMEOUTS = { timeoutMs: 2_000, leaseMs: 2_500 };

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

async function waitFor(what: string, check: () => Promise<boolean>, withinMs = 20_000): Promise<void> {
  const until = Date.now() + withinMs;
  while (!await check()) {
    if (Date.now() > until) throw new Error(`gave up waiting: ${what}`);
    await sleep(50);
  }
}

forEachStore('a refusal collector attempt that timed out', (fixture) => {
  let h: RefusalHarness | undefined;
  afterEach(async () => { await h?.close(); h = undefined; });

  it('makes no amoCRM write after its timeout: the retry creates the one review task', async () => {
    const db = fixture.store().db;
    let creates = 0;
    let firstCreateOver: Promise<unknown> = Promise.resolve();
    const collectorTimedOut = async (): Promise<boolean> => {
      const rows = await db.selectFrom('jobs').select('last_error').where('type', '=', 'refusals.collect').execute();
      return rows.some((row) => row.last_error?.includes('timed out') === true);
    };
    const withHeldCreate = (amo: AmoPort): AmoPort => ({
      ...amo,
      createTasks: (tasks, options) => {
        creates += 1;
        if (creates > 1) return amo.createTasks(tasks, options);
        // The first attempt, inside its create: the runner times it out, its lease ends, the retry runs.
        const held = (async () => {
          await waitFor('the runner timing the first collector attempt out', collectorTimedOut);
          await sleep(TIMEOUTS.leaseMs - TIMEOUTS.timeoutMs + 200);
          await runRetriesNow(h as RefusalHarness, fixture.store());
          return amo.createTasks(tasks, options);
        })();
        firstCreateOver = held.catch(() => undefined);
        return held;
      },
    });
    const harness = await startRefusalHarness(fixture.store(), { wrapAmo: withHeldCreate, jobTimeouts: TIMEOUTS });
    h = harness;
    const deal = await openDealOf(harness, MANAGER);

    await loseAndProcess(harness, deal, REASON_EXPENSIVE);
    await waitFor('the retry creating the review task', async () => creates >= 2);
    await firstCreateOver;
    await runRetriesNow(harness, fixture.store());

    const reviewTasks = (await tasksOfLead(harness, deal.id)).filter((t) => t.taskTypeId === REVIEW_TASK_TYPE);
    expect(reviewTasks, 'review tasks on the lead').toHaveLength(1);
    const review = await db.selectFrom('refusal_reviews').select('review_task_id').where('lead_id', '=', deal.id).executeTakeFirstOrThrow();
    expect(Number(review.review_task_id)).toBe(reviewTasks[0]?.id);
  });
});
