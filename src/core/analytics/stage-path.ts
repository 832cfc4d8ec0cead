/**
 * A deal's path through stages with the time spent in each, rebuilt from status changes (the
 * events API). amoCRM keeps no "entered stage at" on the lead, and `updated_at` moves on every
 * edit, so the date a deal entered its stage — what "stuck" and "rotting" are measured by —
 * exists only in this history.
 */
import type { LeadId, PipelineId, StatusId, UnixSeconds } from '../brand';
import type { Deal, StatusChange } from '../domain';

export interface StageVisit {
  pipelineId: PipelineId;
  statusId: StatusId;
  enteredAt: UnixSeconds;
  /** Null for the stage the deal is in now. */
  leftAt: UnixSeconds | null;
  /** Whole and fractional days, up to `now` for the current stage. */
  days: number;
}

const DAY_SECONDS = 86_400;

export function groupChangesByLead(changes: readonly StatusChange[]): Map<LeadId, StatusChange[]> {
  const byLead = new Map<LeadId, StatusChange[]>();
  for (const change of changes) byLead.set(change.leadId, [...(byLead.get(change.leadId) ?? []), change]);
  for (const list of byLead.values()) list.sort((a, b) => a.at - b.at);
  return byLead;
}

/**
 * The first stage is where the deal was created: the `from` of its first change, or its current
 * stage when it never moved. A history that starts later than creation (events are kept for a
 * limited time) starts at the first known stage, entered at creation — the best we know.
 */
export function deriveStagePath(deal: Deal, changes: readonly StatusChange[], now: UnixSeconds): StageVisit[] {
  const sorted = [...changes].filter((c) => c.leadId === deal.id).sort((a, b) => a.at - b.at);
  const first = sorted[0];
  const start = first?.from ?? (first === undefined ? { pipelineId: deal.pipelineId, statusId: deal.statusId } : null);
  const visits: Array<Omit<StageVisit, 'days' | 'leftAt'>> = [];
  if (start !== null) visits.push({ ...start, enteredAt: deal.createdAt });
  for (const change of sorted) visits.push({ ...change.to, enteredAt: change.at });
  return visits.map((visit, i) => {
    const leftAt = visits[i + 1]?.enteredAt ?? null;
    return { ...visit, leftAt, days: Math.max(0, (leftAt ?? now) - visit.enteredAt) / DAY_SECONDS };
  });
}

/** When the deal entered the stage it is in now. */
export function selectEnteredCurrentStageAt(deal: Deal, changes: readonly StatusChange[]): UnixSeconds {
  const last = [...changes].filter((c) => c.leadId === deal.id).sort((a, b) => b.at - a.at)[0];
  return last !== undefined && last.to.statusId === deal.statusId ? last.at : deal.createdAt;
}

export const computeDaysSince = (from: UnixSeconds, now: UnixSeconds): number => Math.max(0, now - from) / DAY_SECONDS;
