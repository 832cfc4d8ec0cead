/**
 * Loss events. A deal moving to status 143 ("closed – lost") is a loss event; a deal that is
 * reopened and lost again is a NEW loss event and gets its own review. Exactly one review exists
 * per loss event, so the key below is what the service makes unique.
 */
import type { Brand, LeadId, PipelineId, StatusId, UnixSeconds, UserId } from '../brand';
import { STATUS_LOST } from '../brand';
import type { StatusChange } from '../domain';

export type LossEventKey = Brand<string, 'LossEventKey'>;

export interface LossEventIdentity {
  leadId: LeadId;
  /** The lead's `closed_at` when the lead was fetched. */
  closedAt: UnixSeconds | null;
  /** The `lead_status_changed` event id, when the loss was seen through the events API. */
  statusChangeEventId?: string | null;
}

/**
 * `closed_at` wins over the event id on purpose: the webhook path and the backfill path both
 * fetch the lead and see the same `closed_at`, whereas only the backfill sees event ids — using
 * both would give one loss two keys and two reviews. The event id is a fallback for a lead
 * without `closed_at`. Known limit: lost, reopened and lost again within the same second
 * yields one key.
 */
export function deriveLossEventKey(identity: LossEventIdentity): LossEventKey | null {
  if (identity.closedAt !== null) {
    return `lead:${identity.leadId}:closed:${identity.closedAt}` as LossEventKey;
  }
  const eventId = identity.statusChangeEventId;
  if (eventId !== undefined && eventId !== null && eventId !== '') {
    return `lead:${identity.leadId}:event:${eventId}` as LossEventKey;
  }
  return null;
}

export interface LossEvent {
  leadId: LeadId;
  at: UnixSeconds;
  by: UserId;
  pipelineId: PipelineId;
  /** The stage the deal was lost from; null when the history starts with the loss. */
  lostFromStatusId: StatusId | null;
}

const isLossChange = (change: StatusChange): boolean =>
  change.to.statusId === STATUS_LOST && change.from?.statusId !== STATUS_LOST;

/** Every move into "lost", oldest first; a move from lost to lost (pipeline change) is not a new loss. */
export function deriveLossEvents(changes: readonly StatusChange[]): LossEvent[] {
  return changes
    .filter(isLossChange)
    .map((c) => ({
      leadId: c.leadId,
      at: c.at,
      by: c.by,
      pipelineId: c.to.pipelineId,
      lostFromStatusId: c.from?.statusId ?? null,
    }))
    .sort((a, b) => a.at - b.at || a.leadId - b.leadId);
}
