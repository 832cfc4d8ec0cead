/**
 * Job payloads distribution subscribes to, validated at the boundary (a job payload is `unknown`).
 * Shapes: `amo.dp` = the Digital Pipeline event (../webhooks/dp-webhook.ts `DpEvent`);
 * `amo.lead.*` = `{ event, item }` with amoCRM's form fields, every value possibly a string
 * (§9.2, ../webhooks/lead-event.ts); `focus.availability_changed` = `{ accountId, userId }`.
 */
import { z } from 'zod';
import type { LeadId, PipelineId, StatusId, UserId } from '../../core/brand';
import { asLeadId, asPipelineId, asStatusId, orNull } from '../../core/brand';
import { parseLeadEventJob } from '../webhooks/lead-event';

const int = z.union([z.number().int(), z.string().regex(/^-?\d{1,15}$/).transform(Number)]);
const optionalInt = int.nullable().optional().transform((value) => value ?? null);

/** Element type 2 = lead (§5.3); other entities (contacts, companies) are not distributed. */
const ELEMENT_TYPE_LEAD = 2;

export interface DpTrigger { readonly leadId: LeadId; readonly statusId: StatusId | null; readonly pipelineId: PipelineId | null; readonly isLead: boolean }

const dpPayload = z.object({
  entityId: int.transform(asLeadId),
  elementType: int,
  statusId: optionalInt.transform(orNull(asStatusId)),
  pipelineId: optionalInt.transform(orNull(asPipelineId)),
});

export function parseDpPayload(payload: unknown): DpTrigger | null {
  const parsed = dpPayload.safeParse(payload);
  if (!parsed.success) return null;
  const { entityId, elementType, statusId, pipelineId } = parsed.data;
  return { leadId: entityId, statusId, pipelineId, isLead: elementType === ELEMENT_TYPE_LEAD };
}

export interface LeadEvent {
  readonly leadId: LeadId;
  readonly statusId: StatusId | null;
  readonly pipelineId: PipelineId | null;
  readonly responsibleUserId: UserId | null;
  /** Who made the change (`modified_user_id`); 0 or absent = amoCRM itself or a robot. */
  readonly modifiedUserId: UserId | null;
}

/** The `{ event, item }` of an `amo.lead.*` job, read by the one lead-item parser of the webhooks. */
export function parseLeadEventPayload(payload: unknown): LeadEvent | null {
  const item = parseLeadEventJob(payload);
  if (item === null) return null;
  const { leadId, statusId, pipelineId, responsibleUserId, modifiedUserId } = item;
  return { leadId, statusId, pipelineId, responsibleUserId, modifiedUserId };
}
