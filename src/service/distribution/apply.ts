/**
 * Writes decided assignments to amoCRM through the one effect runner (../jobs/amo-effects.ts):
 * first the leads' open tasks (those held by the previous responsible) move to the new
 * responsible, then the leads themselves — 50 per PATCH. Tasks go first: a repeat re-reads them,
 * and already moved ones no longer match. A lead PATCH that amoCRM took while the service died
 * before recording it is found on the retry (the lead already has its new responsible) and
 * recorded instead of sent again.
 */
import type { Kysely } from 'kysely';
import type { AccountId, LeadId } from '../../core/brand';
import type { Deal } from '../../core/domain';
import type { Clock } from '../../core/time/clock';
import type { AmoPort } from '../../amo/port';
import { chunk, DEFAULT_BATCH_SIZE } from '../../amo/batch';
import { runAmoEffects } from '../jobs/amo-effects';
import type { Database } from '../store/schema';
import { loadUnapplied, markApplied, markTasksMoved, type UnappliedDecision } from './repository';

/** At most this many decisions per pass; the rest wait for the next pass of the same job. */
const MAX_PER_PASS = 5_000;
/** Leads whose open tasks one pass of the task move reads (the read takes 250 lead ids). */
const TASK_MOVE_BATCH = 250;

export interface ApplyOutcome { readonly leads: number; readonly tasks: number }

/** Leads by id with their contact refs (250 ids a request); missing or invisible ids are simply absent. */
export async function readDeals(amo: AmoPort, ids: readonly LeadId[]): Promise<Map<LeadId, Deal>> {
  const deals = await amo.listLeads({ ids: [...new Set(ids)], withContacts: true });
  return new Map(deals.map((deal) => [deal.id, deal]));
}

interface DecisionEffect { readonly key: string; readonly decision: UnappliedDecision }

const effectsOf = (kind: 'tasks' | 'assign', decisions: readonly UnappliedDecision[]): DecisionEffect[] =>
  decisions.map((decision) => ({ key: `distribution:${kind}:${decision.id}`, decision }));

/** Moves the previous responsible's open tasks; returns how many moved in this pass. */
async function moveTasks(
  db: Kysely<Database>, amo: AmoPort, accountId: AccountId, clock: Clock, decisions: readonly UnappliedDecision[], signal?: AbortSignal,
): Promise<number> {
  let patched = 0;
  const write = signal === undefined ? {} : { signal };
  await runAmoEffects<DecisionEffect, number>(db, accountId, clock, effectsOf('tasks', decisions.filter((d) => d.moveTasks)), {
    batchSize: TASK_MOVE_BATCH,
    ...write,
    // No findWritten: the write reads the tasks first, so repeating it moves only what is left.
    async write(effects) {
      const byLead = new Map(effects.map((effect) => [effect.decision.leadId, effect]));
      const tasks = await amo.listTasks({ leadIds: [...byLead.keys()], isCompleted: false });
      const moved = new Map<string, number>(effects.map((effect) => [effect.key, 0]));
      const patches = tasks.flatMap((task) => {
        const effect = task.entityId === null || task.isCompleted ? undefined : byLead.get(task.entityId);
        const decision = effect?.decision;
        // Only the previous responsible's tasks follow the lead; a colleague's task stays theirs.
        if (effect === undefined || decision === undefined || task.responsibleUserId !== decision.fromUserId || task.responsibleUserId === decision.userId) return [];
        moved.set(effect.key, (moved.get(effect.key) ?? 0) + 1);
        return [{ id: task.id, responsibleUserId: decision.userId }];
      });
      for (const part of chunk(patches, DEFAULT_BATCH_SIZE)) await amo.updateTasks(part, write);
      patched += patches.length;
      return moved;
    },
    record: (trx, recorded) => markTasksMoved(trx, accountId, recorded.map(({ effect }) => effect.decision.id)),
  });
  return patched;
}

/** `signal`: the distribution job attempt's; aborted, nothing more is written (../jobs/amo-effects.ts). */
export async function applyDecisions(db: Kysely<Database>, amo: AmoPort, accountId: AccountId, clock: Clock, signal?: AbortSignal): Promise<ApplyOutcome> {
  const decisions = await loadUnapplied(db, accountId, MAX_PER_PASS);
  if (decisions.length === 0) return { leads: 0, tasks: 0 };
  const write = signal === undefined ? {} : { signal };
  const tasks = await moveTasks(db, amo, accountId, clock, decisions, signal);
  const assigned = await runAmoEffects<DecisionEffect, null>(db, accountId, clock, effectsOf('assign', decisions), {
    batchSize: DEFAULT_BATCH_SIZE,
    ...write,
    async findWritten(effects) {
      const leads = await readDeals(amo, effects.map((effect) => effect.decision.leadId));
      return new Map(effects.flatMap((effect) =>
        (leads.get(effect.decision.leadId)?.responsibleUserId === effect.decision.userId ? [[effect.key, null]] : [])));
    },
    async write(effects) {
      await amo.updateLeads(effects.map(({ decision }) => ({ id: decision.leadId, responsibleUserId: decision.userId })), write);
      return new Map(effects.map((effect) => [effect.key, null]));
    },
    record: (trx, recorded) => markApplied(trx, accountId, recorded.map(({ effect }) => effect.decision.id), new Date(clock.now())),
  });
  return { leads: assigned.results.size, tasks };
}
