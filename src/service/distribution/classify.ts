/**
 * Pure: what a batch does with each pending lead once amoCRM has been re-read — distribute it
 * (in which pool), or ignore it with a reason the log shows. A webhook is a hint, never an order
 * (its URL is in an archive every user can read): the lead must exist, be open, sit in the stage
 * the trigger named *and* in a stage where the pool's DP action or webhook trigger is configured,
 * never have been distributed by us, and not be a deal a head just returned to work with a
 * responsible of their choosing.
 */
import { STATUS_LOST, STATUS_WON, type LeadId, type UserId } from '../../core/brand';
import type { Deal } from '../../core/domain';
import { findPool } from './pools';
import type { PendingLead } from './repository';
import type { DistributionPoolConfig, DistributionSection } from '../../contract/config';

type IgnoreCode = 'lead_not_found' | 'lead_closed' | 'no_pool' | 'trigger_off' | 'not_in_stage' | 'not_dp_stage' | 'already_distributed' | 'returned_by_head';

/** What the batch read besides the leads themselves. */
export interface ClassifyContext {
  /** Leads we assigned recently (the duplicate-trigger window): the guard's own writes. */
  readonly recentlyAssigned: ReadonlyMap<LeadId, UserId>;
  /** Leads we ever assigned: a new-lead trigger never re-rolls them. */
  readonly everAssigned: ReadonlySet<LeadId>;
  /** Deals a head returned to work (refusal control): the head's choice of responsible stands. */
  readonly returnedByHead: ReadonlySet<LeadId>;
  /** The stages a pool's DP action sits on. */
  readonly dpStages: (pool: DistributionPoolConfig) => ReadonlySet<number>;
}

export type Classified =
  | { readonly kind: 'distribute'; readonly pending: PendingLead; readonly deal: Deal; readonly pool: DistributionPoolConfig }
  | { readonly kind: 'ignore'; readonly pending: PendingLead; readonly deal: Deal | undefined; readonly code: IgnoreCode }
  /** Nothing to log: a duplicate trigger in the same batch, or a guard check with guard off. */
  | { readonly kind: 'drop'; readonly pending: PendingLead };

export function classifyPending(
  pending: readonly PendingLead[], deals: ReadonlyMap<LeadId, Deal>, section: DistributionSection, context: ClassifyContext,
): Classified[] {
  const seen = new Set<LeadId>();
  return pending.map((entry): Classified => {
    if (seen.has(entry.leadId)) return { kind: 'drop', pending: entry };
    seen.add(entry.leadId);
    const deal = deals.get(entry.leadId);
    if (deal === undefined) return { kind: 'ignore', pending: entry, deal, code: 'lead_not_found' };
    if (deal.statusId === STATUS_WON || deal.statusId === STATUS_LOST) return { kind: 'ignore', pending: entry, deal, code: 'lead_closed' };
    const pool = findPool(section, deal.pipelineId);
    if (pool === undefined) return entry.trigger === 'guard' ? { kind: 'drop', pending: entry } : { kind: 'ignore', pending: entry, deal, code: 'no_pool' };
    if (context.returnedByHead.has(entry.leadId)) {
      return entry.trigger === 'guard' ? { kind: 'drop', pending: entry } : { kind: 'ignore', pending: entry, deal, code: 'returned_by_head' };
    }
    switch (entry.trigger) {
      case 'guard':
        return pool.guard ? { kind: 'distribute', pending: entry, deal, pool } : { kind: 'drop', pending: entry };
      case 'held':
        return { kind: 'distribute', pending: entry, deal, pool };
      case 'dp':
        if (!pool.triggers.digitalPipeline) return { kind: 'ignore', pending: entry, deal, code: 'trigger_off' };
        // amoCRM always names the stage; a body without one is not amoCRM's.
        if (entry.expectedStatusId === null || entry.expectedStatusId !== deal.statusId) return { kind: 'ignore', pending: entry, deal, code: 'not_in_stage' };
        if (!context.dpStages(pool).has(deal.statusId)) return { kind: 'ignore', pending: entry, deal, code: 'not_dp_stage' };
        break;
      case 'webhook':
        if (!pool.triggers.webhookStatusIds.includes(deal.statusId)) return { kind: 'ignore', pending: entry, deal, code: 'not_in_stage' };
        break;
    }
    // DP and the status webhook both fire for one move; the second must not re-roll the lead.
    if (context.recentlyAssigned.has(entry.leadId) || context.everAssigned.has(entry.leadId)) {
      return { kind: 'ignore', pending: entry, deal, code: 'already_distributed' };
    }
    return { kind: 'distribute', pending: entry, deal, pool };
  });
}
