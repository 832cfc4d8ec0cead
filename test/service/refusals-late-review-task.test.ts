/**
 * A head may decide a review before the collector has recorded its review task (the create is on
 * its way, or amoCRM took it and the answer is not stored yet): the decision's plan then has no
 * task to complete. The task the collector records afterwards must still end completed with the
 * decision's result — once — and not stay open in amoCRM for a deal already decided. Each test
 * forces its order with a hook in the amoCRM port, so none depends on timing.
 */
import { afterEach, expect, it } from 'vitest';
import type { AmoPort } from '../../src/amo/port';
import type { LeadId } from '../../src/core/brand';
import { forEachStore } from '../support/service-store';
import {
  HEAD, loseAndProcess, MANAGER, openDealOf, REASON_EXPENSIVE, startRefusalHarness, type RefusalHarness,
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
});
