/**
 * One pool's share of a batch, inside one transaction holding the pool's rotation row: each lead
 * in arrival order goes through the core rules, seeing the loads and rotation the previous one
 * left; decisions, held leads and the new pointer commit together, so two batches at once (two
 * triggers, two instances) can neither give one lead twice nor lose a turn.
 */
import type { Kysely } from 'kysely';
import type { AccountId, EpochMs, UserId } from '../../core/brand';
import type { Deal } from '../../core/domain';
import { decideGuard, decideWithTrigger } from '../../core/distribution/decide';
import { decideHeldHandout } from '../../core/distribution/held';
import type { AssignmentDecision, AvailabilityMap, DistributionPool, IncomingLead, Loads } from '../../core/distribution/pool';
import type { Database } from '../store/schema';
import type { PendingLead } from './repository';
import { deletePending, holdLeads, insertDecisions, lockRotation, saveRotation, type DecisionRow, type HeldLead } from './repository';

export interface PoolLead { readonly pending: PendingLead; readonly deal: Deal; readonly contactOwnerId: UserId | null }

export interface PoolOutcome { readonly assigned: number; readonly held: number; readonly kept: number }

function toRow(decision: AssignmentDecision, deal: Deal): DecisionRow {
  const assigned = decision.kind === 'assigned';
  return {
    leadId: decision.leadId, pipelineId: decision.pipelineId, at: decision.at, trigger: decision.trigger, kind: decision.kind,
    userId: assigned ? decision.userId : null, why: assigned ? decision.why : null, fromUserId: deal.responsibleUserId,
    candidates: decision.candidates,
    moveTasks: assigned && decision.userId !== deal.responsibleUserId && deal.closestTaskAt !== null,
  };
}

export async function decidePool(
  db: Kysely<Database>, accountId: AccountId, pool: DistributionPool, leads: readonly PoolLead[],
  loads: Loads, availability: AvailabilityMap, now: EpochMs,
): Promise<PoolOutcome> {
  const at = new Date(now);
  return db.transaction().execute(async (trx) => {
    let rotation = await lockRotation(trx, accountId, pool.pipelineId, at);
    const currentLoads = new Map(loads);
    const rows: DecisionRow[] = [];
    const held: HeldLead[] = [];
    let kept = 0;
    for (const { pending, deal, contactOwnerId } of leads) {
      const incoming: IncomingLead = {
        id: deal.id, pipelineId: deal.pipelineId, arrivedAt: pending.arrivedAt, contactOwnerId, responsibleUserId: deal.responsibleUserId,
      };
      let result: { decision: AssignmentDecision; nextRotationState: typeof rotation } | null;
      if (pending.trigger === 'guard') {
        const guard = decideGuard(incoming, pool, rotation, currentLoads, availability, now);
        result = guard.kind === 'keep' ? null : guard;
      } else if (pending.trigger === 'held') {
        result = decideHeldHandout(incoming, pool, rotation, currentLoads, availability, now);
      } else {
        result = decideWithTrigger(incoming, pool, rotation, currentLoads, availability, now, 'new_lead');
      }
      if (result === null) {
        kept += 1;
        continue;
      }
      const { decision, nextRotationState } = result;
      rotation = nextRotationState;
      if (decision.kind === 'assigned') {
        currentLoads.set(decision.userId, (currentLoads.get(decision.userId) ?? 0) + 1);
        rows.push(toRow(decision, deal));
      } else {
        // Nobody can take it: it stays with its responsible and waits in line (core decideGuard, held.ts).
        held.push({ leadId: deal.id, pipelineId: deal.pipelineId, arrivedAt: pending.arrivedAt });
        // A lead that stays held on a handout was logged when it was first held: no new line each tick.
        if (pending.trigger !== 'held') rows.push(toRow(decision, deal));
      }
    }
    await insertDecisions(trx, accountId, rows);
    await holdLeads(trx, accountId, held, at);
    await saveRotation(trx, accountId, pool.pipelineId, rotation, at);
    await deletePending(trx, accountId, leads.map((lead) => lead.pending.id));
    return { assigned: rows.filter((row) => row.kind === 'assigned').length, held: held.length, kept };
  });
}
