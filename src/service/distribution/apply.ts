/**
 * Writes decided assignments to amoCRM: first the leads' open tasks (those held by the previous
 * responsible) move to the new responsible, then the leads themselves — 50 per PATCH.
 * Both writes are idempotent (setting a responsible that is already set changes nothing), so they
 * run OUTSIDE any transaction: on PGlite an open transaction holds the only session, and an amoCRM
 * call waiting for the rate budget would hold up webhook acknowledgements. A chunk is marked
 * applied after its PATCH; a crash in between means one harmless repeat. Tasks go first: the retry
 * re-reads them, and already moved ones no longer match.
 */
import type { Kysely } from 'kysely';
import type { AccountId, UserId } from '../../core/brand';
import type { AmoClient } from '../../amo/client';
import { chunk, DEFAULT_BATCH_SIZE } from '../../amo/batch';
import type { Clock } from '../../core/time/clock';
import type { Database } from '../store/schema';
import { readOpenTasks } from './amo-reads';
import { loadUnapplied, markApplied, markTasksMoved, type UnappliedDecision } from './repository';

/** At most this many decisions per pass; the rest wait for the next pass of the same job. */
const MAX_PER_PASS = 5_000;

export interface ApplyOutcome { readonly leads: number; readonly tasks: number }

async function moveTasks(db: Kysely<Database>, amo: AmoClient, accountId: AccountId, decisions: readonly UnappliedDecision[]): Promise<number> {
  const withTasks = decisions.filter((decision) => decision.moveTasks);
  if (withTasks.length === 0) return 0;
  const byLead = new Map(withTasks.map((decision) => [decision.leadId, decision]));
  const tasks = await readOpenTasks(amo.http, [...byLead.keys()]);
  const patches = tasks.flatMap((task) => {
    const decision = byLead.get(task.leadId);
    // Only the previous responsible's tasks follow the lead; a colleague's task stays theirs.
    if (decision === undefined || task.responsibleUserId !== decision.fromUserId || task.responsibleUserId === decision.userId) return [];
    return [{ id: task.id, responsibleUserId: decision.userId as UserId }];
  });
  for (const part of chunk(patches, DEFAULT_BATCH_SIZE)) await amo.updateTasks(part);
  await markTasksMoved(db, accountId, withTasks.map((decision) => decision.id));
  return patches.length;
}

export async function applyDecisions(db: Kysely<Database>, amo: AmoClient, accountId: AccountId, clock: Clock): Promise<ApplyOutcome> {
  const decisions = await loadUnapplied(db, accountId, MAX_PER_PASS);
  if (decisions.length === 0) return { leads: 0, tasks: 0 };
  const tasks = await moveTasks(db, amo, accountId, decisions);
  for (const part of chunk(decisions, DEFAULT_BATCH_SIZE)) {
    await amo.updateLeads(part.map((decision) => ({ id: decision.leadId, responsibleUserId: decision.userId })));
    await markApplied(db, accountId, part.map((decision) => decision.id), new Date(clock.now()));
  }
  return { leads: decisions.length, tasks };
}
