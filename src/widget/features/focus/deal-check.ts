/**
 * One deal right before it is shown and right after it was worked: a fresh GET (the queue was read
 * once, at Start), checked with the core rules. Only this deal is fetched — never the whole queue.
 */
import type { EpochMs, LeadId, UserId } from '../../../core/brand';
import type { Deal, Note } from '../../../core/domain';
import {
  deriveStageEntry, deriveTaskState, recheckDeal, type DealTaskState, type FocusFilter, type RecheckResult,
} from '../../../core/focus';
import type { AmoHttp } from '../../../amo/http';
import { getLead } from '../../../amo/leads';
import { listNotes } from '../../../amo/notes';

const DAY_MS = 86_400_000;

export interface ShownDeal {
  /** The deal as it was when shown: "worked" is judged against this copy. */
  readonly deal: Deal;
  readonly taskState: DealTaskState;
  readonly daysInStage: number;
  /** False: days in stage is a lower bound (no stage history is read for the panel). */
  readonly daysInStageIsExact: boolean;
}

export type DropReason = Exclude<RecheckResult, { kind: 'still_matches' }> | { readonly kind: 'gone' };

export interface DroppedDeal { readonly dealId: LeadId; readonly name: string | null; readonly reason: DropReason }

export interface CheckContext {
  readonly filter: FocusFilter;
  readonly managerId: UserId;
  readonly timezone: string;
  readonly snoozed: ReadonlyMap<LeadId, EpochMs>;
  readonly now: EpochMs;
}

export function describeDeal(deal: Deal, now: EpochMs, timezone: string): ShownDeal {
  const entry = deriveStageEntry(deal, undefined);
  return {
    deal,
    taskState: deriveTaskState(deal.closestTaskAt, now, timezone),
    daysInStage: Math.max(0, Math.floor((now - entry.at * 1000) / DAY_MS)),
    daysInStageIsExact: entry.exact,
  };
}

/** The deal ready to show, or why it left the queue (closed, reassigned, changed, or no longer visible). */
export async function checkBeforeShowing(
  amo: AmoHttp, dealId: LeadId, ctx: CheckContext,
): Promise<{ kind: 'show'; shown: ShownDeal } | { kind: 'drop'; dropped: DroppedDeal }> {
  const deal = await getLead(amo, dealId);
  if (deal === null) return { kind: 'drop', dropped: { dealId, name: null, reason: { kind: 'gone' } } };
  const result = recheckDeal(deal, ctx.filter, ctx.managerId, { now: ctx.now, timezone: ctx.timezone, snoozedUntil: ctx.snoozed });
  if (result.kind !== 'still_matches') return { kind: 'drop', dropped: { dealId, name: deal.name, reason: result } };
  return { kind: 'show', shown: describeDeal(deal, ctx.now, ctx.timezone) };
}

export async function loadLastNote(amo: AmoHttp, dealId: LeadId): Promise<Note | null> {
  const [note] = await listNotes(amo, dealId, { limit: 1 });
  return note ?? null;
}
