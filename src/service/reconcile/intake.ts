/**
 * Events-feed entries → the same intake as webhooks: one inbox row per event (source `events`,
 * dedupe key = amoCRM's event id, so overlapping catch-ups store an event once) fanning out the
 * very jobs the matching account webhook would (`amo.lead.status` with a `status_lead` item,
 * `amo.lead.add` with an `add_lead` item). Handlers cannot tell the two apart, and both paths end
 * in the same idempotent effects (a review per loss event key, a lead distributed once), so an
 * event seen by webhook, by catch-up, or both has its effect exactly once.
 */
import type { AccountId } from '../../core/brand';
import type { FeedEvent } from '../../amo/port';
import type { JsonValue } from '../jobs/types';
import type { InboxEntry } from '../webhooks/inbox';

/** The event types the catch-up reads: new leads and stage changes (losses among them). */
export const CAUGHT_UP_EVENT_TYPES = ['lead_added', 'lead_status_changed'] as const;

/** The account-webhook event (job type and amoCRM name) each feed event stands for. */
function webhookEquivalent(event: FeedEvent): { jobType: string; name: string; item: { [key: string]: JsonValue } } | null {
  if (event.to === null) return null;
  const item: { [key: string]: JsonValue } = {
    id: String(event.leadId), status_id: String(event.to.statusId), pipeline_id: String(event.to.pipelineId), last_modified: String(event.at),
  };
  if (event.type === 'lead_added') return { jobType: 'amo.lead.add', name: 'add_lead', item };
  if (event.type === 'lead_status_changed') {
    if (event.from !== null) {
      item.old_status_id = String(event.from.statusId);
      item.old_pipeline_id = String(event.from.pipelineId);
    }
    return { jobType: 'amo.lead.status', name: 'status_lead', item };
  }
  return null;
}

export function feedEventEntry(accountId: AccountId, event: FeedEvent, jobTypesFor: (type: string) => readonly string[]): InboxEntry | null {
  const equivalent = webhookEquivalent(event);
  if (equivalent === null) return null;
  const text = JSON.stringify({ event: { ...event, to: event.to, from: event.from } });
  return {
    accountId,
    source: 'events',
    dedupeKey: `event:${event.id}`,
    raw: Buffer.from(text),
    contentType: 'application/json',
    jobs: jobTypesFor(equivalent.jobType).map((type) => ({ type, payload: { event: equivalent.name, item: equivalent.item, source: 'events' } })),
  };
}
