/**
 * For handlers of `amo.lead.*` jobs: the item of a lead webhook event with typed, branded fields.
 * amoCRM sends every value as a string in forms (§9.2); status_lead carries no loss reason —
 * fetch the lead `with=loss_reason` when it matters.
 */
import { z } from 'zod';
import type { LeadId, PipelineId, StatusId, UnixSeconds, UserId } from '../../core/brand';
import { asLeadId } from '../../core/brand';

const int = z.union([z.number().int(), z.string().regex(/^-?\d{1,15}$/).transform(Number)]);
// amoCRM leaves a field empty (`old_responsible_user_id=`) when there was no value.
const optionalInt = z.literal('').transform(() => null).or(int.optional().nullable().transform((value) => value ?? null));

const leadItem = z.object({
  id: int,
  status_id: optionalInt,
  old_status_id: optionalInt,
  pipeline_id: optionalInt,
  old_pipeline_id: optionalInt,
  responsible_user_id: optionalInt,
  old_responsible_user_id: optionalInt,
  modified_user_id: optionalInt,
  last_modified: optionalInt,
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
    leadId: asLeadId(lead.id),
    statusId: lead.status_id as StatusId | null,
    oldStatusId: lead.old_status_id as StatusId | null,
    pipelineId: lead.pipeline_id as PipelineId | null,
    oldPipelineId: lead.old_pipeline_id as PipelineId | null,
    responsibleUserId: lead.responsible_user_id as UserId | null,
    oldResponsibleUserId: lead.old_responsible_user_id as UserId | null,
    modifiedUserId: lead.modified_user_id as UserId | null,
    lastModified: lead.last_modified as UnixSeconds | null,
  };
}
