/**
 * The one in-memory amoCRM for component tests, behind the port features use (AppEnv.amo,
 * WidgetAmoPort). It keeps what amoCRM keeps in its own (wire) shape and answers through the real
 * wire→domain mapping, the way amoCRM does where tests depend on it:
 * - `closest_task_at` is the due time of the NEAREST open task, overdue ones included;
 * - a lead given to someone this user may not see answers 403, a deleted one 404/204: the port
 *   says null for all three;
 * - any operation can fail once with a given error (`failOnce`, keyed by the request it stands for).
 * Every call is recorded as the amoCRM request it stands for (`LIST /api/v4/leads`,
 * `GET /api/v4/leads/1`, `POST /api/v4/tasks`), so tests count requests. Filters it does not
 * emulate fail loudly, like calls it was not scripted for.
 */
import type { LeadId, TaskId } from '../../../src/core/brand';
import { amoFailureKind } from '../../../src/amo/errors';
import { mapLead, mapLossReason, mapNote, mapPipeline, mapStatusChange, mapTask, newTaskToWire } from '../../../src/amo/map';
import type { WidgetAmoPort, WidgetLeadQuery } from '../../../src/amo/port';
import type { EventWire, LeadWire, LossReasonWire, PipelineWire, TaskWire } from '../../../src/amo/wire';

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

const FOCUS_PIPELINE: PipelineWire = {
  id: PIPELINE, name: 'Воронка', sort: 1, is_main: true, is_archive: false, is_unsorted_on: true, account_id: 1,
  _embedded: { statuses: [
    { id: STAGE_OFFER, name: 'КП отправлено', sort: 20, pipeline_id: PIPELINE, color: '#fff', type: 0, is_editable: true, account_id: 1 },
    { id: STAGE_CLOSING, name: 'Дожим', sort: 30, pipeline_id: PIPELINE, color: '#fff', type: 0, is_editable: true, account_id: 1 },
  ] },
};

const toWire = (l: FakeLead): LeadWire => ({
  id: l.id, name: l.name, price: l.price, responsible_user_id: l.responsible, group_id: 1, status_id: l.status, pipeline_id: l.pipeline,
  loss_reason_id: null, created_by: 1, updated_by: 1, created_at: l.createdAt, updated_at: l.updatedAt, closed_at: null,
  closest_task_at: l.closestTaskAt, is_deleted: false, custom_fields_values: null, score: null, account_id: 31000001, _embedded: { tags: [] },
});

export interface FakeCrm {
  /** The port, as AppEnv.amo. */
  readonly amo: WidgetAmoPort;
  readonly leads: Map<number, FakeLead>;
  readonly calls: string[];
  /** Tasks POSTed through the API (what the widget wrote), as amoCRM received them. */
  readonly tasks: Array<Record<string, unknown>>;
  /** Every task amoCRM holds, incl. the open one behind a lead's initial `closestTaskAt`. */
  readonly allTasks: TaskWire[];
  /** lead_added and lead_status_changed events, any order. */
  readonly events: EventWire[];
  /** Leads the user may no longer see: amoCRM answers 403 for a lead given to someone else. */
  readonly forbidden: Set<number>;
  /** Request keys (`LIST /api/v4/leads`) whose next call fails with the given error (then works again). */
  readonly failOnce: Map<string, Error>;
  notes: Map<number, string>;
}

export interface FakeCrmOptions {
  pipelines?: readonly PipelineWire[];
  /** Unset: the loss-reason list is not scripted and fails. */
  lossReasons?: readonly LossReasonWire[];
}

function taskWire(id: number, leadId: number, completeTill: number, text: string, createdAt: number): TaskWire {
  return {
    id, created_by: 101, updated_by: 101, created_at: createdAt, updated_at: createdAt, responsible_user_id: 101, group_id: 1,
    entity_id: leadId, entity_type: 'leads', duration: 0, is_completed: false, task_type_id: 1, text, result: [], complete_till: completeTill, account_id: 31000001,
  };
}

/** The filters features use; anything else would be a query this fake does not answer like amoCRM. */
function matchesLead(query: WidgetLeadQuery, lead: FakeLead): boolean {
  const unknown = Object.keys(query).filter((key) => !['ids', 'statuses', 'responsibleUserIds'].includes(key));
  if (unknown.length > 0) throw new Error(`fake amoCRM does not emulate lead filters: ${unknown.join(', ')}`);
  return (query.ids === undefined || query.ids.includes(lead.id as LeadId))
    && (query.responsibleUserIds === undefined || query.responsibleUserIds.some((id) => id === lead.responsible))
    && (query.statuses === undefined || query.statuses.some((s) => s.pipelineId === lead.pipeline && s.statusId === lead.status));
}

export function createFakeCrm(leads: FakeLead[], options: FakeCrmOptions = {}): FakeCrm {
  const crm: Omit<FakeCrm, 'amo'> = {
    leads: new Map(leads.map((l) => [l.id, l])), calls: [], tasks: [], allTasks: [], events: [], forbidden: new Set(), failOnce: new Map(),
    notes: new Map(),
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
  /** Records the request an operation stands for, and fails it when a test asked for that. */
  const request = (key: string): void => {
    crm.calls.push(key);
    const error = crm.failOnce.get(key);
    if (error) {
      crm.failOnce.delete(key);
      throw error;
    }
  };
  const emptyFilter = (query: WidgetLeadQuery): boolean => [query.ids, query.statuses, query.responsibleUserIds].some((xs) => xs !== undefined && xs.length === 0);

  const amo: WidgetAmoPort = {
    async listLeads(query) {
      if (emptyFilter(query)) return [];
      request('LIST /api/v4/leads');
      return [...crm.leads.values()].filter((lead) => matchesLead(query, lead)).map((lead) => mapLead(toWire(lead)));
    },
    async getLead(id) {
      request(`GET /api/v4/leads/${id}`);
      if (crm.forbidden.has(id)) return null;
      const lead = crm.leads.get(id);
      return lead ? mapLead(toWire(lead)) : null;
    },
    async listStageEvents(leadId) {
      request('LIST /api/v4/events');
      const own = crm.events.filter((e) => e.entity_id === leadId && (e.type === 'lead_added' || e.type === 'lead_status_changed'));
      const changes = own.flatMap((e) => mapStatusChange(e) ?? []).sort((a, b) => a.at - b.at);
      return { changes, reachesCreation: own.some((e) => e.type === 'lead_added') };
    },
    async listNotes(leadId, { limit }) {
      request(`LIST /api/v4/leads/${leadId}/notes`);
      const text = crm.notes.get(leadId);
      const notes = text ? [mapNote({
        id: 1, entity_id: leadId, note_type: 'common', params: { text }, created_by: 101, updated_by: 101, created_at: 1_700_000_000,
        updated_at: 1_700_000_000, responsible_user_id: 101, group_id: 1, account_id: 31000001,
      })] : [];
      return notes.slice(0, limit);
    },
    async listOpenTasks(leadId) {
      request('LIST /api/v4/tasks');
      return crm.allTasks.filter((t) => t.entity_id === leadId && !t.is_completed).map(mapTask);
    },
    async createTasks(tasks) {
      if (tasks.length === 0) return [];
      request('POST /api/v4/tasks');
      return tasks.map((task) => {
        const wire = newTaskToWire(task);
        crm.tasks.push({ ...wire });
        const id = nextTaskId++;
        crm.allTasks.push({ ...taskWire(id, task.leadId, task.completeTill, task.text, 1_700_000_000), task_type_id: task.taskTypeId });
        recompute(task.leadId);
        return task.requestId === undefined ? { id: id as TaskId } : { id: id as TaskId, requestId: task.requestId };
      });
    },
    async completeTasks(done) {
      if (done.length === 0) return;
      request('PATCH /api/v4/tasks');
      for (const { id, resultText } of done) {
        const task = crm.allTasks.find((t) => t.id === id);
        if (!task) throw new Error(`no task ${id}`);
        task.is_completed = true;
        task.result = { text: resultText };
        if (task.entity_id !== null) recompute(task.entity_id);
      }
    },
    async listPipelines() {
      request('LIST /api/v4/leads/pipelines');
      return (options.pipelines ?? [FOCUS_PIPELINE]).map(mapPipeline).sort((a, b) => a.sort - b.sort);
    },
    async listLossReasons() {
      request('LIST /api/v4/leads/loss_reasons');
      if (!options.lossReasons) throw new Error('unscripted amoCRM list: /api/v4/leads/loss_reasons');
      return options.lossReasons.map(mapLossReason).sort((a, b) => a.sort - b.sort);
    },
    failureKind: amoFailureKind,
  };
  return { ...crm, amo };
}

/** amoCRM that nobody scripted: every operation fails loudly instead of hanging. */
export function unscriptedAmo(): WidgetAmoPort {
  const fail = (what: string) => () => Promise.reject(new Error(`unscripted amoCRM call: ${what}`));
  return {
    listLeads: fail('listLeads'), getLead: fail('getLead'), listStageEvents: fail('listStageEvents'), listNotes: fail('listNotes'),
    listOpenTasks: fail('listOpenTasks'), createTasks: fail('createTasks'), completeTasks: fail('completeTasks'),
    listPipelines: fail('listPipelines'), listLossReasons: fail('listLossReasons'), failureKind: amoFailureKind,
  };
}
