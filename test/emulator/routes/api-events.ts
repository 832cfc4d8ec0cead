/**
 * GET /api/v4/events (§4.11): history of leads, filtered by type, entity ids (≤ 10, one entity),
 * creation time, creator, and the stage or responsible a change led to. limit ≤ 100 as on amocrm.ru.
 */
import type { FastifyInstance } from 'fastify';
import type { EventValueWire, EventWire } from '../wire';
import { callerOf, type SandboxContext } from '../context';
import { sendPage, withSelfLink } from '../hal';
import { badRequest } from '../http-errors';
import { asIntList, asRange, asString, asStringList, asTree, assertOnlyKeys, inRange, parseIntStrict, queryOf, readPaging, type QueryTree } from '../query';
import { canViewLead } from '../rights';

interface StageRef { pipelineId?: number; statusId?: number }

function readValueFilter(tree: QueryTree | undefined, name: string): { statuses?: StageRef[]; responsible?: number[] } | undefined {
  if (!tree) return undefined;
  assertOnlyKeys(tree, ['leads_statuses', 'responsible_user_id'], name);
  const statusTree = asTree(tree.leads_statuses, `${name}[leads_statuses]`);
  const statuses = statusTree && Object.entries(statusTree).map(([i, v]) => {
    const t = asTree(v, `${name}[leads_statuses][${i}]`) ?? {};
    assertOnlyKeys(t, ['pipeline_id', 'status_id'], `${name}[leads_statuses][${i}]`);
    const p = asString(t.pipeline_id, 'pipeline_id');
    const s = asString(t.status_id, 'status_id');
    return { pipelineId: p === undefined ? undefined : parseIntStrict(p, 'pipeline_id'), statusId: s === undefined ? undefined : parseIntStrict(s, 'status_id') };
  });
  return { statuses, responsible: asIntList(tree.responsible_user_id, `${name}[responsible_user_id]`) };
}

function valueMatches(values: EventValueWire[], f: ReturnType<typeof readValueFilter>): boolean {
  if (!f) return true;
  if (f.statuses) {
    const ok = values.some((v) => 'lead_status' in v && f.statuses?.some((s) => {
      const ls = v.lead_status as { id: number; pipeline_id: number };
      return (s.pipelineId === undefined || s.pipelineId === ls.pipeline_id) && (s.statusId === undefined || s.statusId === ls.id);
    }));
    if (!ok) return false;
  }
  if (f.responsible) {
    const ok = values.some((v) => 'responsible_user' in v && f.responsible?.includes((v.responsible_user as { id: number }).id));
    if (!ok) return false;
  }
  return true;
}

export function eventRoutes(app: FastifyInstance, ctx: SandboxContext): void {
  app.get('/api/v4/events', async (request, reply) => {
    const { user } = callerOf(request);
    const store = ctx.store();
    const q = queryOf(request.url);
    assertOnlyKeys(q, ['page', 'limit', 'filter'], '');
    const paging = readPaging(q, 100);
    const filter = asTree(q.filter, 'filter') ?? {};
    assertOnlyKeys(filter, ['id', 'type', 'entity', 'entity_id', 'created_at', 'created_by', 'value_after', 'value_before'], 'filter');
    const types = asStringList(filter.type, 'filter[type]');
    const entities = asStringList(filter.entity, 'filter[entity]');
    const entityIds = asIntList(filter.entity_id, 'filter[entity_id]');
    const createdBy = asIntList(filter.created_by, 'filter[created_by]');
    const ids = asStringList(filter.id, 'filter[id]');
    const created = asRange(filter.created_at, 'filter[created_at]');
    const after = readValueFilter(asTree(filter.value_after, 'filter[value_after]'), 'filter[value_after]');
    const before = readValueFilter(asTree(filter.value_before, 'filter[value_before]'), 'filter[value_before]');
    if (entityIds && (entityIds.length > 10 || entities?.length !== 1)) throw badRequest('filter[entity_id] takes at most 10 ids and exactly one filter[entity]');
    if (createdBy && createdBy.length > 10) throw badRequest('filter[created_by] takes at most 10 users');
    if (entities?.some((e) => e !== 'lead')) throw badRequest('The sandbox records events of leads only (filter[entity]=lead)');

    const matches = (e: EventWire): boolean => {
      const lead = store.data.leads.get(e.entity_id);
      return (lead === undefined || canViewLead(user, lead)) &&
        (!types || types.includes(e.type)) && (!entityIds || entityIds.includes(e.entity_id)) &&
        (!createdBy || createdBy.includes(e.created_by)) && (!ids || ids.includes(e.id)) && inRange(e.created_at, created) &&
        valueMatches(e.value_after, after) && valueMatches(e.value_before, before);
    };
    // Newest first, as amoCRM lists history.
    const events = store.data.events.filter(matches).sort((a, b) => b.created_at - a.created_at || (b.id < a.id ? -1 : 1));
    return sendPage(reply, request, ctx.url, 'events', events, paging, (e) => withSelfLink(e, `${ctx.url}/api/v4/events/${e.id}`));
  });
}
