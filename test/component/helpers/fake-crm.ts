/**
 * A scripted amoCRM for focus component tests: leads, notes and tasks in memory behind the AmoHttp
 * port, with every call recorded so tests can count requests. Only what the focus model uses.
 */
import type { AmoHttp } from '../../../src/amo/http';
import type { LeadWire } from '../../../src/amo/wire';

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
  readonly tasks: Array<Record<string, unknown>>;
  notes: Map<number, string>;
}

export function createFakeCrm(leads: FakeLead[]): FakeCrm {
  const crm: FakeCrm = { leads: new Map(leads.map((l) => [l.id, l])), calls: [], tasks: [], notes: new Map(), amo: null as unknown as AmoHttp };
  const amo: AmoHttp = {
    async request(method, path, options) {
      crm.calls.push(`${method} ${path}`);
      const one = /^\/api\/v4\/leads\/(\d+)$/.exec(path);
      if (method === 'GET' && one) {
        const lead = crm.leads.get(Number(one[1]));
        return lead ? toWire(lead) : null;
      }
      if (method === 'POST' && path === '/api/v4/tasks') {
        const body = (options?.body ?? []) as Array<Record<string, unknown>>;
        crm.tasks.push(...body);
        for (const task of body) {
          const lead = crm.leads.get(Number(task.entity_id));
          if (lead) lead.closestTaskAt = Number(task.complete_till);
        }
        return { _embedded: { tasks: body.map((_, i) => ({ id: 9000 + crm.tasks.length + i, request_id: String(i) })) } };
      }
      throw new Error(`unscripted amoCRM call: ${method} ${path}`);
    },
    async *pages(path, _key, options) {
      crm.calls.push(`LIST ${path}`);
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
