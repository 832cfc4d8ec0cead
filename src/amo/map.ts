/**
 * Wire ⇄ domain. Wire types keep amoCRM's names (./wire.ts); the rules see only src/core/domain.ts.
 * Pure functions, no I/O.
 */
import {
  asContactId, asTaskId, asUserId, STATUS_LOST, STATUS_WON,
  type AccountId, type ContactId, type GroupId, type LeadId, type LossReasonId, type PipelineId, type StatusId,
  type TaskTypeId, type UnixSeconds, type UserId,
} from '../core/brand';
import type { AmoUser, Deal, LossReason, Note, Pipeline, Status, StatusChange, Task, TaskType, UserGroup } from '../core/domain';
import type { AccountInfo, ContactOwner, LeadPatch, NewNote, NewTask, TaskPatch, WebhookSubscription } from './port';
import type {
  AccountWire, ContactWire, EventValueWire, EventWire, LeadPatchWire, LeadWire, LossReasonWire, NoteCreateWire, NoteWire, PipelineWire,
  StatusWire, TaskCreateWire, TaskPatchWire, TaskTypeWire, TaskWire, UsersGroupWire, UserWire, WebhookWire,
} from './wire';

const sec = (n: number): UnixSeconds => n as UnixSeconds;
const secOrNull = (n: number | null | undefined): UnixSeconds | null => (typeof n === 'number' ? sec(n) : null);

/**
 * Elements of a HAL page are trusted to have the documented shape once they pass this cheap check;
 * a full schema for every field would weigh on the widget bundle for little gain.
 */
export function asWire<T>(items: readonly unknown[], idType: 'number' | 'string' = 'number'): T[] {
  return items.filter((x): x is T => typeof x === 'object' && x !== null && typeof (x as { id?: unknown }).id === idType);
}

/** Every page of a list, each element checked with `asWire` and mapped to the domain. */
export async function readAllPages<W, T>(pages: AsyncIterable<unknown[]>, map: (w: W) => T): Promise<T[]> {
  const out: T[] = [];
  for await (const page of pages) out.push(...asWire<W>(page).map(map));
  return out;
}

export function mapLossReason(w: LossReasonWire): LossReason {
  return { id: w.id as LossReasonId, name: w.name, sort: w.sort };
}

export function mapLead(w: LeadWire): Deal {
  const contacts = w._embedded?.contacts ?? [];
  const main = contacts.find((c) => c.is_main) ?? null;
  const reason = w._embedded?.loss_reason?.[0];
  return {
    id: w.id as LeadId,
    name: w.name,
    price: w.price ?? 0,
    responsibleUserId: w.responsible_user_id as UserId,
    groupId: w.group_id as GroupId,
    pipelineId: w.pipeline_id as PipelineId,
    statusId: w.status_id as StatusId,
    lossReasonId: typeof w.loss_reason_id === 'number' && w.loss_reason_id > 0 ? (w.loss_reason_id as LossReasonId) : null,
    createdAt: sec(w.created_at),
    updatedAt: sec(w.updated_at),
    closedAt: secOrNull(w.closed_at),
    closestTaskAt: secOrNull(w.closest_task_at),
    tags: (w._embedded?.tags ?? []).map((t) => t.name),
    contactIds: contacts.map((c) => asContactId(c.id)),
    mainContactId: main ? (main.id as ContactId) : null,
    lossReason: reason ? mapLossReason(reason) : null,
  };
}

/** 142/143 are amoCRM's system won/lost statuses in every pipeline; `type: 1` is "Неразобранное". */
export function statusKind(w: Pick<StatusWire, 'id' | 'type'>): Status['kind'] {
  if (w.id === STATUS_WON) return 'won';
  if (w.id === STATUS_LOST) return 'lost';
  return w.type === 1 ? 'unsorted' : 'open';
}

function mapStatus(w: StatusWire): Status {
  return { id: w.id as StatusId, pipelineId: w.pipeline_id as PipelineId, name: w.name, sort: w.sort, color: w.color, kind: statusKind(w) };
}

export function mapPipeline(w: PipelineWire): Pipeline {
  return {
    id: w.id as PipelineId,
    name: w.name,
    sort: w.sort,
    isMain: w.is_main,
    isArchive: w.is_archive,
    statuses: (w._embedded?.statuses ?? []).map(mapStatus).sort((a, b) => a.sort - b.sort),
  };
}

/** null for a row without a responsible user (amoCRM always sends one; a row without it is skipped). */
export function mapContactOwner(w: ContactWire): ContactOwner | null {
  return typeof w.responsible_user_id === 'number'
    ? { id: asContactId(w.id), responsibleUserId: asUserId(w.responsible_user_id) }
    : null;
}

export function mapTask(w: TaskWire): Task {
  return {
    id: asTaskId(w.id),
    responsibleUserId: asUserId(w.responsible_user_id),
    entityId: w.entity_type === 'leads' && typeof w.entity_id === 'number' ? (w.entity_id as LeadId) : null,
    entityType: w.entity_type,
    isCompleted: w.is_completed,
    taskTypeId: w.task_type_id as TaskTypeId,
    text: w.text,
    completeTill: sec(w.complete_till),
    createdAt: sec(w.created_at),
    updatedAt: sec(w.updated_at),
  };
}

const mapTaskType = (w: TaskTypeWire): TaskType => ({ id: w.id as TaskTypeId, name: w.name, color: w.color });
const mapGroup = (w: UsersGroupWire): UserGroup => ({ id: w.id as GroupId, name: w.name });

export function mapUser(w: UserWire): AmoUser {
  return {
    id: w.id as UserId,
    name: w.name,
    email: w.email,
    isAdmin: w.rights.is_admin,
    isActive: w.rights.is_active,
    groupId: typeof w.rights.group_id === 'number' ? (w.rights.group_id as GroupId) : null,
  };
}

export function mapAccount(w: AccountWire): AccountInfo {
  return {
    id: w.id as AccountId,
    name: w.name,
    subdomain: w.subdomain,
    currency: w.currency,
    timezone: w._embedded?.datetime_settings?.timezone ?? '',
    isLossReasonEnabled: w.is_loss_reason_enabled,
    currentUserId: w.current_user_id as UserId,
    groups: (w._embedded?.users_groups ?? []).map(mapGroup),
    taskTypes: (w._embedded?.task_types ?? []).map(mapTaskType),
  };
}

export function mapNote(w: NoteWire): Note {
  return {
    id: w.id,
    entityId: w.entity_id as LeadId,
    noteType: w.note_type,
    text: typeof w.params?.text === 'string' ? w.params.text : '',
    createdBy: w.created_by as UserId,
    createdAt: sec(w.created_at),
  };
}

function leadStatusOf(values: readonly EventValueWire[]): { pipelineId: PipelineId; statusId: StatusId } | null {
  for (const v of values) {
    if ('lead_status' in v && v.lead_status && typeof v.lead_status === 'object') {
      const s = v.lead_status as { id: number; pipeline_id: number };
      return { pipelineId: s.pipeline_id as PipelineId, statusId: s.id as StatusId };
    }
  }
  return null;
}

/** A `lead_status_changed` event; null for events without a target status (other types). */
export function mapStatusChange(w: EventWire): StatusChange | null {
  const to = leadStatusOf(w.value_after ?? []);
  if (!to) return null;
  return { leadId: w.entity_id as LeadId, at: sec(w.created_at), by: w.created_by as UserId, from: leadStatusOf(w.value_before ?? []), to };
}

export function mapWebhook(w: WebhookWire): WebhookSubscription {
  return { id: w.id, destination: w.destination, settings: [...w.settings], disabled: w.disabled };
}

// ---- domain → wire (writes) ----

export function leadPatchToWire(p: LeadPatch): LeadPatchWire {
  const w: LeadPatchWire = { id: p.id };
  if (p.name !== undefined) w.name = p.name;
  if (p.price !== undefined) w.price = p.price;
  if (p.statusId !== undefined) w.status_id = p.statusId;
  if (p.pipelineId !== undefined) w.pipeline_id = p.pipelineId;
  if (p.responsibleUserId !== undefined) w.responsible_user_id = p.responsibleUserId;
  if (p.lossReasonId !== undefined) w.loss_reason_id = p.lossReasonId;
  return w;
}

export function newTaskToWire(t: NewTask): TaskCreateWire {
  const w: TaskCreateWire = {
    text: t.text,
    complete_till: t.completeTill,
    entity_id: t.leadId,
    entity_type: 'leads',
    task_type_id: t.taskTypeId,
    responsible_user_id: t.responsibleUserId,
  };
  if (t.requestId !== undefined) w.request_id = t.requestId;
  return w;
}

export function taskPatchToWire(p: TaskPatch): TaskPatchWire {
  const w: TaskPatchWire = { id: p.id };
  if (p.isCompleted !== undefined) w.is_completed = p.isCompleted;
  if (p.resultText !== undefined) w.result = { text: p.resultText };
  if (p.responsibleUserId !== undefined) w.responsible_user_id = p.responsibleUserId;
  if (p.completeTill !== undefined) w.complete_till = p.completeTill;
  return w;
}

export function newNoteToWire(n: NewNote): NoteCreateWire {
  const w: NoteCreateWire = { entity_id: n.leadId, note_type: 'common', params: { text: n.text } };
  if (n.requestId !== undefined) w.request_id = n.requestId;
  return w;
}
