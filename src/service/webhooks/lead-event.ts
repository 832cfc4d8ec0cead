/**
 * For handlers of `amo.lead.*` jobs: the item of a lead webhook event with typed, branded fields.
 * amoCRM sends every value as a string in forms (§9.2); status_lead carries no loss reason —
 * fetch the lead `with=loss_reason` when it matters.
 */
import { z } from 'zod';
import type { LeadId, PipelineId, StatusId, UnixSeconds, UserId } from '../../core/brand';
import { asLeadId, asPipelineId, asStatusId, asUnixSeconds, asUserId, orNull } from '../../core/brand';
import { isRecord } from '../../core/is-record';

const int = z.union([z.number().int(), z.string().regex(/^-?\d{1,15}$/).transform(Number)]);
// amoCRM leaves a field empty (`old_responsible_user_id=`) when there was no value.
const optionalInt = z.literal('').transform(() => null).or(int.optional().nullable().transform((value) => value ?? null));
/** An optional field, branded as it is read: handlers get the brands without a cast. */
const optional = <B>(brand: (value: number) => B) => optionalInt.transform(orNull(brand));

const leadItem = z.object({
  id: int.transform(asLeadId),
  status_id: optional(asStatusId),
  old_status_id: optional(asStatusId),
  pipeline_id: optional(asPipelineId),
  old_pipeline_id: optional(asPipelineId),
  responsible_user_id: optional(asUserId),
  old_responsible_user_id: optional(asUserId),
  modified_user_id: optional(asUserId),
  last_modified: optional(asUnixSeconds),
});

export interface LeadEventItem {
  leadId: LeadId;
  statusId: StatusId | null;
  oldStatusId: StatusId | null;
  pipelineId: PipelineId | null;
  oldPipelineId: PipelineId | null;
  responsibleUserId: UserId | null;
  oldResponsibleUserId: UserId | null;
  modifiedUserId: UserId | null;
  lastModified: UnixSeconds | null;
}

/** The payload of every `amo.<entity>.<action>` job. */
export interface AccountEventPayload {
  /** amoCRM's event name, e.g. `status_lead`. */
  event: string;
  item: Record<string, unknown>;
  inboxId: number;
}

export function parseLeadEventItem(item: unknown): LeadEventItem | null {
  const parsed = leadItem.safeParse(item);
  if (!parsed.success) return null;
  const lead = parsed.data;
  return {
    leadId: lead.id,
    statusId: lead.status_id,
    oldStatusId: lead.old_status_id,
    pipelineId: lead.pipeline_id,
    oldPipelineId: lead.old_pipeline_id,
    responsibleUserId: lead.responsible_user_id,
    oldResponsibleUserId: lead.old_responsible_user_id,
    modifiedUserId: lead.modified_user_id,
    lastModified: lead.last_modified,
  };
}

/** The lead of an `amo.lead.*` job: its payload is `{ event, item }` (AccountEventPayload). */
export function parseLeadEventJob(payload: unknown): LeadEventItem | null {
  return isRecord(payload) ? parseLeadEventItem(payload.item) : null;
}
