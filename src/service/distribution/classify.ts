/**
 * Pure: what a batch does with each pending lead once amoCRM has been re-read — distribute it
 * (in which pool), or ignore it with a reason the log shows. The Digital Pipeline webhook is
 * unsigned, so the lead must exist, be open, and still sit in the stage the trigger named.
 */
import { STATUS_LOST, STATUS_WON, type LeadId, type UserId } from '../../core/brand';
import type { Deal } from '../../core/domain';
import type { DistributionPoolConfig, DistributionSection } from '../config/sections/distribution';
import { findPool } from './pools';
import type { PendingLead } from './repository';

export type IgnoreCode = 'lead_not_found' | 'lead_closed' | 'no_pool' | 'trigger_off' | 'not_in_stage' | 'already_distributed';

export type Classified =
  | { readonly kind: 'distribute'; readonly pending: PendingLead; readonly deal: Deal; readonly pool: DistributionPoolConfig }
  | { readonly kind: 'ignore'; readonly pending: PendingLead; readonly deal: Deal | undefined; readonly code: IgnoreCode }
  /** Nothing to log: a duplicate trigger in the same batch, or a guard check with guard off. */
  | { readonly kind: 'drop'; readonly pending: PendingLead };

export function classifyPending(
  pending: readonly PendingLead[], deals: ReadonlyMap<LeadId, Deal>, section: DistributionSection,
  recentlyAssigned: ReadonlyMap<LeadId, UserId>,
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
    switch (entry.trigger) {
      case 'guard':
        return pool.guard ? { kind: 'distribute', pending: entry, deal, pool } : { kind: 'drop', pending: entry };
      case 'held':
        return { kind: 'distribute', pending: entry, deal, pool };
      case 'dp':
        if (!pool.triggers.digitalPipeline) return { kind: 'ignore', pending: entry, deal, code: 'trigger_off' };
        if (entry.expectedStatusId !== null && entry.expectedStatusId !== deal.statusId) return { kind: 'ignore', pending: entry, deal, code: 'not_in_stage' };
        break;
      case 'webhook':
        if (!pool.triggers.webhookStatusIds.includes(deal.statusId)) return { kind: 'ignore', pending: entry, deal, code: 'not_in_stage' };
        break;
    }
    // DP and the status webhook both fire for one move; the second must not re-roll the lead.
    if (recentlyAssigned.has(entry.leadId)) return { kind: 'ignore', pending: entry, deal, code: 'already_distributed' };
    return { kind: 'distribute', pending: entry, deal, pool };
  });
}
