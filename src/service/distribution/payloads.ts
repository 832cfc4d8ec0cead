/**
 * Job payloads distribution subscribes to, validated at the boundary (a job payload is `unknown`).
 * Shapes: `amo.dp` = the Digital Pipeline event (../webhooks/dp-webhook.ts `DpEvent`);
 * `amo.lead.*` = `{ event, item }` with amoCRM's form fields, every value possibly a string
 * (§9.2, ../webhooks/lead-event.ts); `focus.availability_changed` = `{ accountId, userId }`.
 */
import { z } from 'zod';
import type { LeadId, PipelineId, StatusId, UserId } from '../../core/brand';
import { asLeadId } from '../../core/brand';

const int = z.union([z.number().int(), z.string().regex(/^-?\d{1,15}$/).transform(Number)]);
const optionalInt = int.nullable().optional().transform((value) => value ?? null);

/** Element type 2 = lead (§5.3); other entities (contacts, companies) are not distributed. */
const ELEMENT_TYPE_LEAD = 2;

export interface DpTrigger { readonly leadId: LeadId; readonly statusId: StatusId | null; readonly pipelineId: PipelineId | null; readonly isLead: boolean }

const dpPayload = z.object({
  entityId: int,
  elementType: int,
  statusId: optionalInt,
  pipelineId: optionalInt,
});

export function parseDpPayload(payload: unknown): DpTrigger | null {
  const parsed = dpPayload.safeParse(payload);
  if (!parsed.success) return null;
  const { entityId, elementType, statusId, pipelineId } = parsed.data;
  return { leadId: asLeadId(entityId), statusId: statusId as StatusId | null, pipelineId: pipelineId as PipelineId | null, isLead: elementType === ELEMENT_TYPE_LEAD };
}

export interface LeadEvent {
  readonly leadId: LeadId;
  readonly statusId: StatusId | null;
  readonly pipelineId: PipelineId | null;
  readonly responsibleUserId: UserId | null;
  /** Who made the change (`modified_user_id`); 0 or absent = amoCRM itself or a robot. */
  readonly modifiedUserId: UserId | null;
}

const leadEventPayload = z.object({
  item: z.object({ id: int, status_id: optionalInt, pipeline_id: optionalInt, responsible_user_id: optionalInt, modified_user_id: optionalInt.or(z.literal('').transform(() => null)) }),
});

export function parseLeadEventPayload(payload: unknown): LeadEvent | null {
  const parsed = leadEventPayload.safeParse(payload);
  if (!parsed.success) return null;
  const { item } = parsed.data;
  return {
    leadId: asLeadId(item.id),
    statusId: item.status_id as StatusId | null,
    pipelineId: item.pipeline_id as PipelineId | null,
    responsibleUserId: item.responsible_user_id as UserId | null,
    modifiedUserId: item.modified_user_id as UserId | null,
  };
}
