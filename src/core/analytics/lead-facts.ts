/**
 * What the service's mirror keeps per lead, derived from its status changes when they arrive, so
 * the numbers read plain columns instead of rebuilding every deal's path on every request.
 * Each fact is defined by the core function that the numbers' reference uses.
 */
import type { StatusId, UnixSeconds } from '../brand';
import type { Deal, StatusChange } from '../domain';
import { deriveDealTrack } from './funnel';
import { selectEnteredCurrentStageAt } from './stage-path';

export interface LeadFacts {
  /** Stages the deal was really in (in its current pipeline), as ./funnel.ts counts them. */
  visited: StatusId[];
  /** The stage it was lost from, when it is lost now. */
  lostFromStatusId: StatusId | null;
  enteredStatusAt: UnixSeconds;
  /** Per change (same order as given, which must be oldest first): when the deal entered the stage it left. */
  fromEnteredAt: UnixSeconds[];
}

/** `changes` are this lead's, oldest first. */
export function deriveLeadFacts(deal: Deal, changes: readonly StatusChange[]): LeadFacts {
  const track = deriveDealTrack(deal, changes);
  const fromEnteredAt = changes.map((_, i) => (i === 0 ? deal.createdAt : (changes[i - 1] as StatusChange).at));
  return {
    visited: [...track.visited].sort((a, b) => a - b),
    lostFromStatusId: track.lostFrom,
    enteredStatusAt: selectEnteredCurrentStageAt(deal, changes),
    fromEnteredAt,
  };
}
