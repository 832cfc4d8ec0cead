/**
 * The decision log doubles as the "leads received per manager" report (PRODUCT.md): a fold over
 * decisions, so it needs no second source of truth.
 */
import type { EpochMs, UserId } from '../brand';
import type { AssignmentDecision, AssignmentReason } from './pool';

interface ReceivedCounts {
  readonly total: number;
  readonly byReason: Readonly<Record<AssignmentReason, number>>;
  /** Of those, leads taken from a focused manager by guard mode. */
  readonly fromGuard: number;
}

export interface ReceivedReport {
  readonly perManager: ReadonlyMap<UserId, ReceivedCounts>;
  /** Decisions in the period that left a lead held. */
  readonly held: number;
}

const NO_REASONS: Record<AssignmentReason, number> = { sticky_owner: 0, round_robin: 0, least_loaded: 0, weighted: 0, on_duty: 0 };

/** Leads received per manager for decisions made in [from, to). */
export function computeLeadsReceived(decisions: Iterable<AssignmentDecision>, period: { from: EpochMs; to: EpochMs }): ReceivedReport {
  const perManager = new Map<UserId, ReceivedCounts>();
  let held = 0;
  for (const decision of decisions) {
    if (decision.at < period.from || decision.at >= period.to) continue;
    if (decision.kind === 'held') {
      held += 1;
      continue;
    }
    const counts = perManager.get(decision.userId) ?? { total: 0, byReason: NO_REASONS, fromGuard: 0 };
    perManager.set(decision.userId, {
      total: counts.total + 1,
      byReason: { ...counts.byReason, [decision.why]: counts.byReason[decision.why] + 1 },
      fromGuard: counts.fromGuard + (decision.trigger === 'guard' ? 1 : 0),
    });
  }
  return { perManager, held };
}
