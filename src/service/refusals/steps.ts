/**
 * Running a decision's plan (core deriveReturnToWorkPlan / deriveConfirmLossPlan) so that a retry
 * after a failure or a crash continues where it stopped and does every side effect once.
 *
 * A step's outcome is recorded under its core key in the keyed-effects ledger (runOnce); a step
 * found there is skipped. The amoCRM call itself cannot run inside runOnce's transaction (the
 * token is read from the store, and PGlite has one session), so before the call a `<key>:started`
 * mark is recorded: a retry that finds the mark but no outcome first looks in amoCRM for what
 * the interrupted attempt may have made (the note, the task) and adopts it.
 */
import type { AmoPort } from '../../amo/port';
import type { AccountId, TaskId } from '../../core/brand';
import type { PlanStep } from '../../core/refusals';
import { runOnce } from '../jobs/effects';
import type { JsonValue } from '../jobs/types';
import type { Db } from './repository';

type StepResult = { id: number } | null;

async function findOutcome(db: Db, accountId: AccountId, key: string): Promise<{ found: boolean; result: unknown }> {
  const row = await db.selectFrom('effects').select('result')
    .where('account_id', '=', accountId).where('key', '=', key).executeTakeFirst();
  return row === undefined ? { found: false, result: null } : { found: true, result: row.result };
}

export async function runPlanStep(db: Db, amo: AmoPort, accountId: AccountId, step: PlanStep): Promise<void> {
  if ((await findOutcome(db, accountId, step.key)).found) return;
  const startedKey = `${step.key}:started`;
  const started = await runOnce(db, accountId, startedKey, async () => true);
  const interrupted = !started.ran;
  const adopted = interrupted ? await findEarlierResult(amo, step) : null;
  const result: StepResult = adopted ?? (await performStep(amo, step));
  await runOnce(db, accountId, step.key, async () => result as JsonValue);
}

async function performStep(amo: AmoPort, step: PlanStep): Promise<StepResult> {
  switch (step.kind) {
    case 'move_deal':
      // Setting the same stage and responsible twice leaves the deal as once: no check needed.
      await amo.updateLeads([{ id: step.leadId, pipelineId: step.pipelineId, statusId: step.statusId, responsibleUserId: step.responsibleUserId }]);
      return null;
    case 'add_note': {
      const [note] = await amo.addNotes([{ leadId: step.leadId, text: step.text, requestId: step.key }]);
      return note === undefined ? null : { id: note.id };
    }
    case 'create_manager_task': {
      const [task] = await amo.createTasks([{
        leadId: step.leadId, responsibleUserId: step.responsibleUserId, taskTypeId: step.taskTypeId,
        text: step.text, completeTill: step.completeTill, requestId: step.key,
      }]);
      return task === undefined ? null : { id: task.id };
    }
    case 'complete_review_task':
      await amo.updateTasks([{ id: step.taskId as TaskId, isCompleted: true, resultText: step.resultText }]);
      return null;
  }
}

/** Only for steps that would duplicate something when repeated; the rest are simply redone. */
async function findEarlierResult(amo: AmoPort, step: PlanStep): Promise<StepResult> {
  if (step.kind === 'add_note') {
    const notes = await amo.listNotes(step.leadId, { limit: 50 });
    const note = notes.find((n) => n.text === step.text);
    return note === undefined ? null : { id: note.id };
  }
  if (step.kind === 'create_manager_task') {
    const tasks = await amo.listTasks({ leadIds: [step.leadId], responsibleUserIds: [step.responsibleUserId] });
    const task = tasks.find((t) => t.text === step.text && t.taskTypeId === step.taskTypeId && t.completeTill === step.completeTill);
    return task === undefined ? null : { id: task.id };
  }
  return null;
}
