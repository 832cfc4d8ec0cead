/**
 * Stage-to-stage conversion for one pipeline, and how skipped stages are counted.
 *
 * amoCRM's own funnel report assumes a deal passed every stage before the furthest one it
 * reached: a deal moved from "First contact" straight to "Invoice" is counted in "Proposal" too.
 * That inflates the skipped stage and hides that the step was skipped. OUR DEFAULT is
 * `visited_only`: a stage counts only deals that were really in it; a deal that jumps ahead
 * counts as having progressed from the stage it left, and is not counted in the stages it
 * skipped. `assume_passed` reproduces amoCRM's numbers for comparison.
 *
 * "Progressed" = reached any later open stage or was won. Stage order is the pipeline's `sort`.
 */
import type { StatusId } from '../brand';
import { STATUS_LOST, STATUS_WON } from '../brand';
import type { Deal, Pipeline, StatusChange } from '../domain';

export type SkippedStagePolicy = 'visited_only' | 'assume_passed';

export interface StageConversionRow {
  statusId: StatusId;
  entered: number;
  progressed: number;
  /** Lost while in this stage. */
  lost: number;
  /** progressed / entered; null for a stage no deal entered. */
  progressRate: number | null;
}

export interface PipelineFunnel { rows: StageConversionRow[]; deals: number; won: number }

/** Open stages (not unsorted, won or lost) of the pipeline, in the order the board shows them. */
export const selectFunnelStages = (pipeline: Pipeline): StatusId[] =>
  [...pipeline.statuses].filter((s) => s.kind === 'open').sort((a, b) => a.sort - b.sort).map((s) => s.id);

export interface DealTrack { visited: Set<StatusId>; won: boolean; lostFrom: StatusId | null }

export function deriveDealTrack(deal: Deal, changes: readonly StatusChange[]): DealTrack {
  const own = changes.filter((c) => c.leadId === deal.id && c.to.pipelineId === deal.pipelineId).sort((a, b) => a.at - b.at);
  const visited = new Set<StatusId>();
  const first = own[0];
  visited.add(first?.from?.statusId ?? (first === undefined ? deal.statusId : first.to.statusId));
  let lostFrom: StatusId | null = null;
  for (const change of own) {
    visited.add(change.to.statusId);
    if (change.to.statusId === STATUS_LOST) lostFrom = change.from?.statusId ?? null;
  }
  return { visited, won: deal.statusId === STATUS_WON, lostFrom: deal.statusId === STATUS_LOST ? lostFrom : null };
}

/** A deal's track with how many deals share it (the service groups identical tracks in SQL). */
export interface CountedTrack { track: DealTrack; deals: number }

/** Entered / progressed / lost per stage over counted tracks, by the policy (the rules of this file). */
export function tallyStageConversion(stages: readonly StatusId[], tracks: readonly CountedTrack[], policy: SkippedStagePolicy): StageConversionRow[] {
  const furthest = (t: DealTrack): number => (t.won ? stages.length : Math.max(-1, ...stages.map((s, i) => (t.visited.has(s) ? i : -1))));
  const hasEntered = (t: DealTrack, index: number): boolean =>
    policy === 'assume_passed' ? furthest(t) >= index : t.visited.has(stages[index] as StatusId);
  return stages.map((statusId, index) => {
    let entered = 0;
    let progressed = 0;
    let lost = 0;
    for (const { track, deals } of tracks) {
      if (hasEntered(track, index)) {
        entered += deals;
        if (furthest(track) > index) progressed += deals;
      }
      if (track.lostFrom === statusId) lost += deals;
    }
    return { statusId, entered, progressed, lost, progressRate: entered === 0 ? null : progressed / entered };
  });
}

export function computeStageConversion(
  pipeline: Pipeline, deals: readonly Deal[], changes: readonly StatusChange[], policy: SkippedStagePolicy = 'visited_only',
): PipelineFunnel {
  const tracks = deals.filter((d) => d.pipelineId === pipeline.id).map((d) => deriveDealTrack(d, changes));
  const rows = tallyStageConversion(selectFunnelStages(pipeline), tracks.map((track) => ({ track, deals: 1 })), policy);
  return { rows, deals: tracks.length, won: tracks.filter((t) => t.won).length };
}
