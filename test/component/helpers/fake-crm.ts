/**
 * A scripted amoCRM for focus component tests: leads, notes and tasks in memory behind the AmoHttp
 * port, with every call recorded so tests can count requests. Only what the focus model uses.
 */
import { AmoForbidden } from '../../../src/amo/errors';
import type { AmoHttp } from '../../../src/amo/http';
import type { EventWire, LeadWire, TaskWire } from '../../../src/amo/wire';

export interface FakeLead {
  id: number; name: string; price: number; responsible: number; pipeline: number; status: number;
  updatedAt: number; createdAt: number; closestTaskAt: number | null;
}

export const PIPELINE = 3001;
export const STAGE_OFFER = 4002;
export const STAGE_CLOSING = 4003;

export function buildLead(overrides: Partial<FakeLead> & { id: number }): FakeLead {
  return {
    name: `Deal ${overrides.id}`, price: 1000, responsible: 101, pipeline: PIPELINE, status: STAGE_OFFER,
    updatedAt: 1_700_000_000, createdAt: 1_690_000_000, closestTaskAt: null, ...overrides,
  };
}

const toWire = (l: FakeLead): LeadWire => ({
  id: l.id, name: l.name, price: l.price, responsible_user_id: l.responsible, group_id: 1, status_id: l.status, pipeline_id: l.pipeline,
  loss_reason_id: null, created_by: 1, updated_by: 1, created_at: l.createdAt, updated_at: l.updatedAt, closed_at: null,
  closest_task_at: l.closestTaskAt, is_deleted: false, custom_fields_values: null, score: null, account_id: 31000001, _embedded: { tags: [] },
});

export interface FakeCrm {
  readonly amo: AmoHttp;
  readonly leads: Map<number, FakeLead>;
  readonly calls: string[];
  /** Tasks POSTed through the API (what the widget wrote). */
  readonly tasks: Array<Record<string, unknown>>;
  /** Every task amoCRM holds, incl. the open one behind a lead's initial `closestTaskAt`. */
  readonly allTasks: TaskWire[];
  /** lead_status_changed events, any order (listed newest first, as amoCRM does). */
  readonly events: EventWire[];
  /** Leads the user may no longer see: GET answers 403 like amoCRM does for a lead given to someone else. */
  readonly forbidden: Set<number>;
  /** `LIST /api/v4/leads`-style keys whose next call fails with the given error (then works again). */
  readonly failOnce: Map<string, Error>;
  notes: Map<number, string>;
}

function taskWire(id: number, leadId: number, completeTill: number, text: string, createdAt: number): TaskWire {
  return {
    id, created_by: 101, updated_by: 101, created_at: createdAt, updated_at: createdAt, responsible_user_id: 101, group_id: 1,
    entity_id: leadId, entity_type: 'leads', duration: 0, is_completed: false, task_type_id: 1, text, result: [], complete_till: completeTill, account_id: 31000001,
  };
}

export function createFakeCrm(leads: FakeLead[]): FakeCrm {
  const crm: FakeCrm = {
    leads: new Map(leads.map((l) => [l.id, l])), calls: [], tasks: [], allTasks: [], events: [], forbidden: new Set(), failOnce: new Map(),
    notes: new Map(), amo: null as unknown as AmoHttp,
  };
  let nextTaskId = 9001;
  for (const lead of leads) {
    if (lead.closestTaskAt !== null) crm.allTasks.push(taskWire(nextTaskId++, lead.id, lead.closestTaskAt, 'Перезвонить', lead.createdAt));
  }
  /** amoCRM's `closest_task_at`: the due time of the NEAREST open task, overdue ones included. */
  const recompute = (leadId: number): void => {
    const lead = crm.leads.get(leadId);
    if (!lead) return;
    const open = crm.allTasks.filter((t) => t.entity_id === leadId && !t.is_completed).map((t) => t.complete_till);
    lead.closestTaskAt = open.length === 0 ? null : Math.min(...open);
  };
  const maybeFail = (key: string): void => {
    const error = crm.failOnce.get(key);
    if (error) {
      crm.failOnce.delete(key);
      throw error;
    }
  };
  const amo: AmoHttp = {
    async request(method, path, options) {
      crm.calls.push(`${method} ${path}`);
      maybeFail(`${method} ${path}`);
      const one = /^\/api\/v4\/leads\/(\d+)$/.exec(path);
      if (method === 'GET' && one) {
        if (crm.forbidden.has(Number(one[1]))) throw new AmoForbidden({ method, path, status: 403 });
        const lead = crm.leads.get(Number(one[1]));
        return lead ? toWire(lead) : null;
      }
      if (method === 'POST' && path === '/api/v4/tasks') {
        const body = (options?.body ?? []) as Array<Record<string, unknown>>;
        crm.tasks.push(...body);
        const ids = body.map((task) => {
          const id = nextTaskId++;
          crm.allTasks.push({ ...taskWire(id, Number(task.entity_id), Number(task.complete_till), String(task.text), 1_700_000_000), task_type_id: Number(task.task_type_id) });
          recompute(Number(task.entity_id));
          return id;
        });
        return { _embedded: { tasks: ids.map((id, i) => ({ id, request_id: String(i) })) } };
      }
      if (method === 'PATCH' && path === '/api/v4/tasks') {
        const body = (options?.body ?? []) as Array<{ id: number; is_completed?: boolean; result?: { text: string } }>;
        for (const patch of body) {
          const task = crm.allTasks.find((t) => t.id === patch.id);
          if (!task) throw new Error(`no task ${patch.id}`);
          if (patch.is_completed !== undefined) task.is_completed = patch.is_completed;
          if (patch.result) task.result = patch.result;
          if (task.entity_id !== null) recompute(task.entity_id);
        }
        return { _embedded: { tasks: body.map((t, i) => ({ id: t.id, request_id: String(i) })) } };
      }
      throw new Error(`unscripted amoCRM call: ${method} ${path}`);
    },
    async *pages(path, _key, options) {
      crm.calls.push(`LIST ${path}`);
      maybeFail(`LIST ${path}`);
      if (path === '/api/v4/tasks') {
        const filter = (options?.query?.filter ?? {}) as { entity_id?: number[]; is_completed?: boolean };
        yield crm.allTasks.filter((t) => (filter.entity_id === undefined || filter.entity_id.includes(t.entity_id ?? -1))
          && (filter.is_completed === undefined || t.is_completed === filter.is_completed));
        return;
      }
      if (path === '/api/v4/events') {
        const filter = (options?.query?.filter ?? {}) as { entity_id?: number[] };
        const found = crm.events.filter((e) => filter.entity_id === undefined || filter.entity_id.includes(e.entity_id));
        if (found.length > 0) yield [...found].sort((a, b) => b.created_at - a.created_at);
        return;
      }
      if (path === '/api/v4/leads') {
        const filter = (options?.query?.filter ?? {}) as { responsible_user_id?: number[] };
        const who = filter.responsible_user_id ?? [];
        yield [...crm.leads.values()].filter((l) => who.length === 0 || who.includes(l.responsible)).map(toWire);
        return;
      }
      const notes = /^\/api\/v4\/leads\/(\d+)\/notes$/.exec(path);
      if (notes) {
        const text = crm.notes.get(Number(notes[1]));
        if (text) yield [{ id: 1, entity_id: Number(notes[1]), note_type: 'common', params: { text }, created_by: 101, created_at: 1_700_000_000 }];
        return;
      }
      if (path === '/api/v4/leads/pipelines') {
        yield [{
          id: PIPELINE, name: 'Воронка', sort: 1, is_main: true, is_archive: false, is_unsorted_on: true, account_id: 1,
          _embedded: { statuses: [
            { id: STAGE_OFFER, name: 'КП отправлено', sort: 20, pipeline_id: PIPELINE, color: '#fff', type: 0, is_editable: true },
            { id: STAGE_CLOSING, name: 'Дожим', sort: 30, pipeline_id: PIPELINE, color: '#fff', type: 0, is_editable: true },
          ] },
        }];
        return;
      }
      throw new Error(`unscripted amoCRM list: ${path}`);
    },
  };
  (crm as { amo: AmoHttp }).amo = amo;
  return crm;
}
