/**
 * A head may decide a review before the collector has recorded its review task (the create is on
 * its way, or amoCRM took it and the answer is not stored yet): the decision's plan then has no
 * task to complete. The task the collector records afterwards must still end completed with the
 * decision's result — once — and not stay open in amoCRM for a deal already decided. Each test
 * forces its order with a hook in the amoCRM port, so none depends on timing.
 */
import { sql } from 'kysely';
import { afterEach, expect, it } from 'vitest';
import type { AmoPort } from '../../src/amo/port';
import type { LeadId } from '../../src/core/brand';
import { forEachStore } from '../support/service-store';
import {
  HEAD, loseAndProcess, MANAGER, openDealOf, REASON_EXPENSIVE, runRetriesNow, startRefusalHarness, type RefusalHarness,
} from '../support/service-refusals';

const REVIEW_TASK_TYPE = 3012;
const RESULT = { confirm: 'Отказ подтверждён', return: 'Сделка возвращена в работу' } as const;
type Decision = keyof typeof RESULT;

/** A task as the sandbox stores it: the result text is not part of the port's domain Task. */
interface TaskOnWire { id: number; responsible_user_id: number; task_type_id: number; is_completed: boolean; result: { text?: string } | [] }

forEachStore('refusal review tasks recorded after the head decided', (fixture) => {
  let h: RefusalHarness | undefined;
  afterEach(async () => { await h?.close(); h = undefined; });

  const reviewIdOf = async (leadId: LeadId): Promise<string> =>
    (await fixture.store().db.selectFrom('refusal_reviews').select('id').where('lead_id', '=', leadId).executeTakeFirstOrThrow()).id;
  const decide = async (harness: RefusalHarness, leadId: LeadId, decision: Decision) => harness.app.inject({
    method: 'POST', url: `/api/v1/refusals/reviews/${await reviewIdOf(leadId)}/${decision}`, headers: await harness.headers(HEAD),
    payload: decision === 'confirm' ? {} : { advice: 'Предложите рассрочку на 3 месяца' },
  });
  /** The head's review tasks of the deal, with their result as amoCRM shows it. */
  const reviewTasksOf = async (harness: RefusalHarness, leadId: LeadId): Promise<TaskOnWire[]> => {
    const answer = await fetch(`${harness.sandbox.url}/api/v4/tasks?filter[entity_type]=leads&filter[entity_id]=${leadId}`, {
      headers: { Authorization: `Bearer ${harness.sandbox.longLivedToken}` },
    });
    if (answer.status === 204) return [];
    const body = await answer.json() as { _embedded: { tasks: TaskOnWire[] } };
    return body._embedded.tasks.filter((t) => t.task_type_id === REVIEW_TASK_TYPE && t.responsible_user_id === HEAD);
  };
  const resultOf = (task: TaskOnWire | undefined): string | undefined => (Array.isArray(task?.result) ? undefined : task?.result.text);
  const taskUpdates = (harness: RefusalHarness): number =>
    harness.sandbox.requests().filter((r) => r.method === 'PATCH' && r.path === '/api/v4/tasks').length;
  const taskCreates = (harness: RefusalHarness): number =>
    harness.sandbox.requests().filter((r) => r.method === 'POST' && r.path === '/api/v4/tasks').length;
  const recordedTaskOf = async (leadId: LeadId): Promise<number | null> => {
    const { review_task_id: id } = await fixture.store().db.selectFrom('refusal_reviews').select('review_task_id').where('lead_id', '=', leadId).executeTakeFirstOrThrow();
    return id === null ? null : Number(id);
  };
  const startedMarks = async (): Promise<string[]> =>
    (await fixture.store().db.selectFrom('effects').select('key').where('key', 'like', 'refusals:review-task:%:started').execute()).map((row) => row.key);

  /** A harness whose amoCRM runs `hook` once around the collector's create of the review task. */
  const startWithCreateHook = async (when: 'before' | 'after') => {
    const hook: { run?: () => Promise<void> } = {};
    const harness = await startRefusalHarness(fixture.store(), {
      wrapAmo: (amo: AmoPort): AmoPort => ({
        ...amo,
        createTasks: async (tasks, options) => {
          const run = tasks.some((t) => t.responsibleUserId === HEAD) ? hook.run : undefined;
          if (run !== undefined) hook.run = undefined;
          if (when === 'before') await run?.();
          const created = await amo.createTasks(tasks, options);
          if (when === 'after') await run?.();
          return created;
        },
      }),
    });
    h = harness;
    return { harness, hook };
  };

  for (const decision of ['confirm', 'return'] as const) {
    for (const when of ['before', 'after'] as const) {
      it(`completes the review task with the decision's result when the head chose ${decision} ${when} amoCRM created it`, async () => {
        const { harness, hook } = await startWithCreateHook(when);
        const deal = await openDealOf(harness, MANAGER);
        hook.run = async () => { expect((await decide(harness, deal.id, decision)).statusCode).toBe(200); };
        await loseAndProcess(harness, deal, REASON_EXPENSIVE);
        expect(hook.run).toBeUndefined();

        const tasks = await reviewTasksOf(harness, deal.id);
        expect(tasks).toHaveLength(1);
        expect(tasks[0]?.is_completed).toBe(true);
        expect(resultOf(tasks[0])).toBe(RESULT[decision]);
        expect(taskUpdates(harness)).toBe(1);
      });
    }
  }

  it('completes the review task recorded while the decision\'s plan was still running, once', async () => {
    // The head returns the deal right after amoCRM created the task; the plan is held at its note
    // while the collector records the task id, so the collector sees a plan still pending.
    const gate: { reachedNote?: () => void } = {};
    let release = (): void => {};
    const holdNote = new Promise<void>((resolve) => { release = resolve; });
    let decision: Promise<{ statusCode: number }> | undefined;
    const harness = await startRefusalHarness(fixture.store(), {
      wrapAmo: (amo: AmoPort): AmoPort => ({
        ...amo,
        createTasks: async (tasks, options) => {
          const created = await amo.createTasks(tasks, options);
          if (decision === undefined && tasks.some((t) => t.responsibleUserId === HEAD)) {
            const reached = new Promise<void>((resolve) => { gate.reachedNote = resolve; });
            decision = decide(harness, deal.id, 'return');
            await reached;
          }
          return created;
        },
        addNotes: async (notes, options) => {
          gate.reachedNote?.();
          await holdNote;
          return amo.addNotes(notes, options);
        },
      }),
    });
    h = harness;
    const deal = await openDealOf(harness, MANAGER);
    await loseAndProcess(harness, deal, REASON_EXPENSIVE);
    expect(decision).toBeDefined();
    release();
    expect((await decision)?.statusCode).toBe(200);

    const tasks = await reviewTasksOf(harness, deal.id);
    expect(tasks).toHaveLength(1);
    expect(tasks[0]?.is_completed).toBe(true);
    expect(resultOf(tasks[0])).toBe(RESULT.return);
    expect(taskUpdates(harness)).toBe(1);
  });

  it('leaves the review task of a review nobody decided open', async () => {
    const harness = await startRefusalHarness(fixture.store());
    h = harness;
    const deal = await openDealOf(harness, MANAGER);
    await loseAndProcess(harness, deal, REASON_EXPENSIVE);

    const tasks = await reviewTasksOf(harness, deal.id);
    expect(tasks).toHaveLength(1);
    expect(tasks[0]?.is_completed).toBe(false);
    expect(taskUpdates(harness)).toBe(0);
  });

  it('adopts and completes the review task amoCRM created before the collector died, when the head decided before the retry', async () => {
    // amoCRM creates the task, then the attempt dies before recording it: only the started mark is left.
    let crash = true;
    const harness = await startRefusalHarness(fixture.store(), {
      wrapAmo: (amo: AmoPort): AmoPort => ({
        ...amo,
        createTasks: async (tasks, options) => {
          const created = await amo.createTasks(tasks, options);
          if (crash && tasks.some((t) => t.responsibleUserId === HEAD)) {
            crash = false;
            throw new Error('attempt died after amoCRM created the task');
          }
          return created;
        },
      }),
    });
    h = harness;
    const deal = await openDealOf(harness, MANAGER);
    await loseAndProcess(harness, deal, REASON_EXPENSIVE);
    expect(crash).toBe(false);
    expect(await recordedTaskOf(deal.id)).toBeNull();
    expect((await decide(harness, deal.id, 'confirm')).statusCode).toBe(200);

    await runRetriesNow(harness, fixture.store());

    const tasks = await reviewTasksOf(harness, deal.id);
    expect(tasks).toHaveLength(1);
    expect(tasks[0]?.is_completed).toBe(true);
    expect(resultOf(tasks[0])).toBe(RESULT.confirm);
    expect(await recordedTaskOf(deal.id)).toBe(tasks[0]?.id);
    expect(taskCreates(harness)).toBe(1);
    expect(taskUpdates(harness)).toBe(1);
    expect(await startedMarks()).toEqual([]);
  });

  it('creates no task for a decided review whose interrupted create never reached amoCRM, and drops its mark', async () => {
    let crash = true;
    const harness = await startRefusalHarness(fixture.store(), {
      wrapAmo: (amo: AmoPort): AmoPort => ({
        ...amo,
        createTasks: async (tasks, options) => {
          if (crash && tasks.some((t) => t.responsibleUserId === HEAD)) {
            crash = false;
            throw new Error('attempt died before amoCRM created the task');
          }
          return amo.createTasks(tasks, options);
        },
      }),
    });
    h = harness;
    const deal = await openDealOf(harness, MANAGER);
    await loseAndProcess(harness, deal, REASON_EXPENSIVE);
    expect(crash).toBe(false);
    expect(await startedMarks()).toHaveLength(1);
    expect((await decide(harness, deal.id, 'confirm')).statusCode).toBe(200);

    await runRetriesNow(harness, fixture.store());

    expect(await reviewTasksOf(harness, deal.id)).toEqual([]);
    expect(taskCreates(harness)).toBe(0);
    expect(await recordedTaskOf(deal.id)).toBeNull();
    expect(await startedMarks()).toEqual([]);
  });

  it('completes on the next collector round a late review task whose completion failed, and nothing already completed', async () => {
    // The head decides before the create; the collector records the task, and its completion fails once.
    const hook: { decide?: () => Promise<void> } = {};
    let failCompletion = true;
    const harness = await startRefusalHarness(fixture.store(), {
      wrapAmo: (amo: AmoPort): AmoPort => ({
        ...amo,
        createTasks: async (tasks, options) => {
          const run = hook.decide;
          hook.decide = undefined;
          await run?.();
          return amo.createTasks(tasks, options);
        },
        updateTasks: async (tasks, options) => {
          if (failCompletion) {
            failCompletion = false;
            throw new Error('amoCRM did not answer');
          }
          return amo.updateTasks(tasks, options);
        },
      }),
    });
    h = harness;
    const deal = await openDealOf(harness, MANAGER);
    hook.decide = async () => { expect((await decide(harness, deal.id, 'return')).statusCode).toBe(200); };
    await loseAndProcess(harness, deal, REASON_EXPENSIVE);
    expect(failCompletion).toBe(false);
    expect((await reviewTasksOf(harness, deal.id))[0]?.is_completed).toBe(false);

    // Another loss on the account runs the next collector round.
    await loseAndProcess(harness, await openDealOf(harness, MANAGER, 1), REASON_EXPENSIVE);

    const tasks = await reviewTasksOf(harness, deal.id);
    expect(tasks).toHaveLength(1);
    expect(tasks[0]?.is_completed).toBe(true);
    expect(resultOf(tasks[0])).toBe(RESULT.return);
    expect(await recordedTaskOf(deal.id)).toBe(tasks[0]?.id);
    expect(taskUpdates(harness)).toBe(1);

    // A further round finds the completion in the ledger and leaves the task alone.
    await loseAndProcess(harness, await openDealOf(harness, MANAGER, 2), REASON_EXPENSIVE);
    expect(taskUpdates(harness)).toBe(1);
  });

  it('does not complete again a task its plan completed, nor one decided before the retry window whose ledger key was pruned', async () => {
    const harness = await startRefusalHarness(fixture.store());
    h = harness;
    const planned = await openDealOf(harness, MANAGER);
    const pruned = await openDealOf(harness, MANAGER, 1);
    await loseAndProcess(harness, planned, REASON_EXPENSIVE);
    await loseAndProcess(harness, pruned, REASON_EXPENSIVE);
    expect((await decide(harness, planned.id, 'confirm')).statusCode).toBe(200);
    expect((await decide(harness, pruned.id, 'return')).statusCode).toBe(200);
    expect(taskUpdates(harness)).toBe(2);
    // As retention leaves it 30 days on: the plan's completion key gone with the decision's age.
    const db = fixture.store().db;
    await db.updateTable('refusal_reviews').set({ decided_at: sql<number>`decided_at - 2 * 86400` }).where('lead_id', '=', pruned.id).execute();
    await db.deleteFrom('effects').where('key', 'like', '%:return:complete_review_task').execute();

    await loseAndProcess(harness, await openDealOf(harness, MANAGER, 2), REASON_EXPENSIVE);
    expect(taskUpdates(harness)).toBe(2);
  });
});
