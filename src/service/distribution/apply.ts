/**
 * Writes decided assignments to amoCRM: first the leads' open tasks (those held by the previous
 * responsible) move to the new responsible, then the leads themselves — 50 per PATCH, each chunk a
 * keyed effect (runOnce) that marks its decisions in the same transaction, so a retried job never
 * repeats a chunk that committed. Tasks go first: a crash between the two leaves a lead still
 * unapplied, and the retry re-reads its tasks (already moved ones no longer match).
 */
import { createHash } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { AccountId, UserId } from '../../core/brand';
import type { AmoClient } from '../../amo/client';
import { chunk, DEFAULT_BATCH_SIZE } from '../../amo/batch';
import { runOnce } from '../jobs/effects';
import type { Clock } from '../jobs/types';
import type { Database } from '../store/schema';
import { readOpenTasks } from './amo-reads';
import { loadUnapplied, markApplied, markTasksMoved, type UnappliedDecision } from './repository';

/** At most this many decisions per pass; the rest wait for the next pass of the same job. */
const MAX_PER_PASS = 5_000;

export interface ApplyOutcome { readonly leads: number; readonly tasks: number }

const keyOf = (kind: string, ids: readonly number[]): string =>
  `distribution:${kind}:${createHash('sha256').update(ids.join(',')).digest('base64url').slice(0, 32)}`;

async function moveTasks(db: Kysely<Database>, amo: AmoClient, accountId: AccountId, decisions: readonly UnappliedDecision[], clock: Clock): Promise<number> {
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
  for (const part of chunk(patches, DEFAULT_BATCH_SIZE)) {
    await runOnce(db, accountId, keyOf('tasks', part.map((patch) => patch.id)), async () => {
      await amo.updateTasks(part);
      return part.length;
    }, clock);
  }
  await markTasksMoved(db, accountId, withTasks.map((decision) => decision.id));
  return patches.length;
}

export async function applyDecisions(db: Kysely<Database>, amo: AmoClient, accountId: AccountId, clock: Clock): Promise<ApplyOutcome> {
  const decisions = await loadUnapplied(db, accountId, MAX_PER_PASS);
  if (decisions.length === 0) return { leads: 0, tasks: 0 };
  const tasks = await moveTasks(db, amo, accountId, decisions, clock);
  for (const part of chunk(decisions, DEFAULT_BATCH_SIZE)) {
    const ids = part.map((decision) => decision.id);
    await runOnce(db, accountId, keyOf('leads', ids), async (trx) => {
      await amo.updateLeads(part.map((decision) => ({ id: decision.leadId, responsibleUserId: decision.userId })));
      await markApplied(trx, accountId, ids, clock.now());
      return part.length;
    }, clock);
  }
  return { leads: decisions.length, tasks };
}
