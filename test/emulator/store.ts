/**
 * The in-memory account and its mutations. Every write made through the API goes through here, so
 * the side effects amoCRM attaches to it happen in one place: `closed_at` on 142/143, loss reasons kept
 * only on 143, `closest_task_at` recomputed from open tasks, history events, and change notices that
 * the webhook dispatcher and the Digital Pipeline turn into outgoing calls.
 */
import type { EventValueWire, EventWire, LeadWire, NoteType, NoteWire, TaskWire, WebhookEvent, WebhookWire } from './wire';
import { isClosedStatus, STATUS_LOST, type ContactRecord, type SandboxUser, type StoreData } from './model';

export type Change =
  | { kind: 'lead_added'; lead: LeadWire; actor: number }
  | { kind: 'lead_updated'; lead: LeadWire; before: LeadWire; actor: number }
  | { kind: 'task_added'; task: TaskWire; actor: number }
  | { kind: 'task_updated'; task: TaskWire; before: TaskWire; actor: number };

export interface NewLead {
  name?: string; price?: number; status_id?: number; pipeline_id?: number; responsible_user_id?: number;
  loss_reason_id?: number | null; created_at?: number; tags?: string[]; contact_ids?: number[];
}
export interface NewContact { name?: string; first_name?: string; last_name?: string; responsible_user_id?: number; created_at?: number }
export interface LeadChanges {
  name?: string; price?: number; status_id?: number; pipeline_id?: number; responsible_user_id?: number; loss_reason_id?: number | null;
}
export interface NewTask {
  text: string; complete_till: number; entity_id?: number; entity_type?: TaskWire['entity_type'];
  task_type_id?: number; responsible_user_id?: number; duration?: number;
}
export interface TaskChanges {
  is_completed?: boolean; result?: { text: string }; text?: string; complete_till?: number; responsible_user_id?: number; task_type_id?: number;
}

export class Store {
  private readonly listeners: Array<(change: Change) => void> = [];

  constructor(public data: StoreData, private readonly nowSec: () => number) {}

  onChange(listener: (change: Change) => void): void { this.listeners.push(listener); }

  private emit(change: Change): void { for (const l of this.listeners) l(change); }

  user(id: number): SandboxUser | undefined { return this.data.users.find((u) => u.id === id); }
  pipeline(id: number) { return this.data.pipelines.find((p) => p.id === id); }
  mainPipeline() {
    const p = this.data.pipelines.find((x) => x.is_main) ?? this.data.pipelines[0];
    if (!p) throw new Error('the account has no pipeline');
    return p;
  }
  hasStatus(pipelineId: number, statusId: number): boolean {
    return this.pipeline(pipelineId)?._embedded.statuses.some((s) => s.id === statusId) ?? false;
  }

  /** First regular (non-unsorted) stage: where amoCRM puts a lead created without a status. */
  firstOpenStatus(pipelineId: number): number {
    const statuses = this.pipeline(pipelineId)?._embedded.statuses ?? [];
    const first = statuses.filter((s) => s.type === 0 && !isClosedStatus(s.id)).sort((a, b) => a.sort - b.sort)[0];
    if (!first) throw new Error(`pipeline ${pipelineId} has no open stage`);
    return first.id;
  }

  createLead(input: NewLead, actor: number): LeadWire {
    const now = this.nowSec();
    const pipelineId = input.pipeline_id ?? this.mainPipeline().id;
    const statusId = input.status_id ?? this.firstOpenStatus(pipelineId);
    const responsible = this.user(input.responsible_user_id ?? actor);
    const id = this.data.nextId.lead++;
    const createdAt = input.created_at ?? now;
    const lead: LeadWire = {
      id, name: input.name ?? `Сделка #${id}`, price: input.price ?? 0,
      responsible_user_id: responsible?.id ?? actor, group_id: responsible?.group_id ?? 0,
      status_id: statusId, pipeline_id: pipelineId,
      loss_reason_id: statusId === STATUS_LOST ? (input.loss_reason_id ?? null) : null,
      created_by: actor, updated_by: actor, created_at: createdAt, updated_at: createdAt,
      closed_at: isClosedStatus(statusId) ? createdAt : null, closest_task_at: null,
      is_deleted: false, custom_fields_values: null, score: null, account_id: this.data.account.id, labor_cost: null,
      _embedded: {
        tags: (input.tags ?? []).map((name) => ({ id: tagId(name), name, color: null })),
        contacts: (input.contact_ids ?? []).map((cid, i) => ({ id: cid, is_main: i === 0 })),
      },
    };
    this.data.leads.set(id, lead);
    this.writeEvent('lead_added', id, actor, createdAt, [{ lead_status: { id: statusId, pipeline_id: pipelineId } }], []);
    this.emit({ kind: 'lead_added', lead, actor });
    return lead;
  }

  updateLead(id: number, changes: LeadChanges, actor: number): LeadWire {
    const lead = this.data.leads.get(id);
    if (!lead) throw new Error(`lead ${id} not found`);
    const before = structuredClone(lead);
    const now = this.nowSec();
    if (changes.name !== undefined) lead.name = changes.name;
    if (changes.price !== undefined) lead.price = changes.price;
    if (changes.pipeline_id !== undefined && changes.status_id === undefined && changes.pipeline_id !== lead.pipeline_id) {
      // Moving to another pipeline without a stage lands in that pipeline's first stage.
      lead.status_id = this.firstOpenStatus(changes.pipeline_id);
    }
    if (changes.pipeline_id !== undefined) lead.pipeline_id = changes.pipeline_id;
    if (changes.status_id !== undefined) lead.status_id = changes.status_id;
    if (changes.responsible_user_id !== undefined) {
      lead.responsible_user_id = changes.responsible_user_id;
      lead.group_id = this.user(changes.responsible_user_id)?.group_id ?? lead.group_id;
    }
    // A loss reason only means something on "closed – lost"; amoCRM drops it elsewhere.
    if (lead.status_id === STATUS_LOST) {
      if (changes.loss_reason_id !== undefined) lead.loss_reason_id = changes.loss_reason_id;
    } else {
      lead.loss_reason_id = null;
    }
    if (isClosedStatus(lead.status_id) && !isClosedStatus(before.status_id)) lead.closed_at = now;
    if (!isClosedStatus(lead.status_id)) lead.closed_at = null;
    lead.updated_at = now;
    lead.updated_by = actor;

    if (lead.status_id !== before.status_id || lead.pipeline_id !== before.pipeline_id) {
      this.writeEvent('lead_status_changed', id, actor, now,
        [{ lead_status: { id: lead.status_id, pipeline_id: lead.pipeline_id } }],
        [{ lead_status: { id: before.status_id, pipeline_id: before.pipeline_id } }]);
    }
    if (lead.responsible_user_id !== before.responsible_user_id) {
      this.writeEvent('entity_responsible_changed', id, actor, now,
        [{ responsible_user: { id: lead.responsible_user_id } }], [{ responsible_user: { id: before.responsible_user_id } }]);
    }
    this.emit({ kind: 'lead_updated', lead, before, actor });
    return lead;
  }

  /** A contact; `id` only when a scenario reserved it already (leads seeded with contact refs). */
  createContact(input: NewContact, actor: number, id = this.data.nextId.contact++): ContactRecord {
    const now = input.created_at ?? this.nowSec();
    const responsible = this.user(input.responsible_user_id ?? actor);
    const name = input.name ?? ([input.first_name, input.last_name].filter(Boolean).join(' ') || `Контакт #${id}`);
    const contact: ContactRecord = {
      id, name, first_name: input.first_name ?? '', last_name: input.last_name ?? '',
      responsible_user_id: responsible?.id ?? actor, group_id: responsible?.group_id ?? 0,
      created_by: actor, updated_by: actor, created_at: now, updated_at: now, closest_task_at: null,
      is_deleted: false, is_unsorted: false, custom_fields_values: null, account_id: this.data.account.id,
    };
    this.data.contacts.set(id, contact);
    return contact;
  }

  createTask(input: NewTask, actor: number): TaskWire {
    const now = this.nowSec();
    const responsible = this.user(input.responsible_user_id ?? actor);
    const task: TaskWire = {
      id: this.data.nextId.task++, created_by: actor, updated_by: actor, created_at: now, updated_at: now,
      responsible_user_id: responsible?.id ?? actor, group_id: responsible?.group_id ?? 0,
      entity_id: input.entity_id ?? null, entity_type: input.entity_id !== undefined ? (input.entity_type ?? 'leads') : null,
      duration: input.duration ?? 0, is_completed: false, task_type_id: input.task_type_id ?? 1, text: input.text,
      result: [], complete_till: input.complete_till, account_id: this.data.account.id,
    };
    this.data.tasks.set(task.id, task);
    this.afterTaskChange(task, 'task_added', actor, now);
    this.emit({ kind: 'task_added', task, actor });
    return task;
  }

  updateTask(id: number, changes: TaskChanges, actor: number): TaskWire {
    const task = this.data.tasks.get(id);
    if (!task) throw new Error(`task ${id} not found`);
    const before = structuredClone(task);
    const now = this.nowSec();
    if (changes.text !== undefined) task.text = changes.text;
    if (changes.complete_till !== undefined) task.complete_till = changes.complete_till;
    if (changes.task_type_id !== undefined) task.task_type_id = changes.task_type_id;
    if (changes.responsible_user_id !== undefined) {
      task.responsible_user_id = changes.responsible_user_id;
      task.group_id = this.user(changes.responsible_user_id)?.group_id ?? task.group_id;
    }
    if (changes.is_completed !== undefined) task.is_completed = changes.is_completed;
    if (changes.result !== undefined) task.result = { text: changes.result.text };
    task.updated_at = now;
    task.updated_by = actor;
    const type = task.is_completed && !before.is_completed ? 'task_completed'
      : task.complete_till !== before.complete_till ? 'task_deadline_changed' : undefined;
    this.afterTaskChange(task, type, actor, now);
    this.emit({ kind: 'task_updated', task, before, actor });
    return task;
  }

  addNote(leadId: number, noteType: NoteType, params: NoteWire['params'], actor: number, createdAt?: number): NoteWire {
    const now = createdAt ?? this.nowSec();
    const lead = this.data.leads.get(leadId);
    const note: NoteWire = {
      id: this.data.nextId.note++, entity_id: leadId, created_by: actor, updated_by: actor, created_at: now, updated_at: now,
      responsible_user_id: lead?.responsible_user_id ?? actor, group_id: lead?.group_id ?? 0,
      note_type: noteType, params, account_id: this.data.account.id,
    };
    this.data.notes.set(note.id, note);
    this.writeEvent('common_note_added', leadId, actor, now, [{ note: { id: note.id } }], []);
    return note;
  }

  addWebhook(destination: string, settings: WebhookEvent[], actor: number, sort = 1): WebhookWire {
    const now = this.nowSec();
    const existing = [...this.data.webhooks.values()].find((w) => w.destination === destination);
    // amoCRM keeps one subscription per destination: re-posting replaces its settings.
    const hook: WebhookWire = {
      id: existing?.id ?? this.data.nextId.webhook++, destination, created_at: existing?.created_at ?? now, updated_at: now,
      account_id: this.data.account.id, created_by: actor, sort, disabled: false, settings,
    };
    this.data.webhooks.set(hook.id, hook);
    return hook;
  }

  /** `closest_task_at` = due time of the nearest open task of the lead, or null. */
  recomputeClosestTask(leadId: number): void {
    const lead = this.data.leads.get(leadId);
    if (!lead) return;
    let closest: number | null = null;
    for (const t of this.data.tasks.values()) {
      if (t.entity_type === 'leads' && t.entity_id === leadId && !t.is_completed && (closest === null || t.complete_till < closest)) {
        closest = t.complete_till;
      }
    }
    lead.closest_task_at = closest;
  }

  writeEvent(type: string, leadId: number, actor: number, at: number, after: EventValueWire[], before: EventValueWire[]): EventWire {
    const event: EventWire = {
      id: (this.data.nextId.event++).toString(36).padStart(10, '0'), type, entity_id: leadId, entity_type: 'lead',
      created_by: actor, created_at: at, value_after: after, value_before: before, account_id: this.data.account.id,
    };
    this.data.events.push(event);
    return event;
  }

  private afterTaskChange(task: TaskWire, eventType: string | undefined, actor: number, now: number): void {
    if (task.entity_type !== 'leads' || task.entity_id === null) return;
    this.recomputeClosestTask(task.entity_id);
    if (eventType) this.writeEvent(eventType, task.entity_id, actor, now, [{ task: { id: task.id } }], []);
  }
}

/** Stable tag ids per name, so the same tag keeps its id across leads. */
function tagId(name: string): number {
  let h = 7;
  for (const ch of name) h = (h * 31 + ch.charCodeAt(0)) % 1_000_000;
  return 100_000 + h;
}
