/**
 * Running a decision's plan (core deriveReturnToWorkPlan / deriveConfirmLossPlan) so that a retry
 * after a failure or a crash continues where it stopped and does every side effect once: each
 * step is one effect of the shared runner (../jobs/amo-effects.ts) under its core key. A step an
 * interrupted attempt may have made is looked for in amoCRM first (the note, the task) and adopted.
 */
import type { AmoPort } from '../../amo/port';
import type { AccountId } from '../../core/brand';
import type { PlanStep, ReviewId, ReviewTaskResultTexts } from '../../core/refusals';
import { deriveLateReviewTaskCompletion } from '../../core/refusals';
import type { Clock } from '../../core/time/clock';
import { runAmoEffects } from '../jobs/amo-effects';
import { findReview, type Db } from './repository';

/** Review task results, in the account's language (amoCRM shows them as typed). */
export const REVIEW_TASK_RESULT_TEXTS: ReviewTaskResultTexts = { confirmed: 'Отказ подтверждён', returned: 'Сделка возвращена в работу' };

type StepResult = { id: number } | null;

/** `signal`: a collector attempt's, when it runs the step (completeLateReviewTask); a decision has none. */
export async function runPlanStep(db: Db, amo: AmoPort, accountId: AccountId, clock: Clock, step: PlanStep, signal?: AbortSignal): Promise<void> {
  await runAmoEffects<PlanStep, StepResult>(db, accountId, clock, [step], {
    ...(signal === undefined ? {} : { signal }),
    findWritten: async ([interrupted]) => {
      const found = interrupted === undefined ? null : await findEarlierResult(amo, interrupted);
      return new Map(found === null ? [] : [[step.key, found]]);
    },
    write: async () => new Map([[step.key, await performStep(amo, step)]]),
  });
}

/**
 * Completes the task of a review decided before its task was recorded (core
 * deriveLateReviewTaskCompletion), under the plan step's own key: whichever of the plan and this
 * runs second finds the key in the ledger. Called by both writers after their own write — the
 * collector after recording the task id, the decision after clearing `plan_pending` — so whichever
 * of the two comes second sees the other's write and completes the task. A plan still pending is
 * left alone: its head's task is completed last, when a repeated request finishes the plan.
 * Returns whether there was a task to complete.
 */
export async function completeLateReviewTask(
  db: Db, amo: AmoPort, accountId: AccountId, clock: Clock, reviewId: ReviewId | string, signal?: AbortSignal,
): Promise<boolean> {
  const stored = await findReview(db, accountId, reviewId);
  if (stored === null || stored.planPending) return false;
  const step = deriveLateReviewTaskCompletion(stored.review, REVIEW_TASK_RESULT_TEXTS);
  if (step === null) return false;
  await runPlanStep(db, amo, accountId, clock, step, signal);
  return true;
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
      await amo.updateTasks([{ id: step.taskId, isCompleted: true, resultText: step.resultText }]);
      return null;
  }
}

/** Only for steps that would duplicate something when repeated; the rest are simply redone (null: not found). */
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
