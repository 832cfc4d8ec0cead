/** Status changes from the events API (§4.11): "days in stage" and "path through stages". */
import type { StatusChange } from '../core/domain';
import { chunk } from './batch';
import type { AmoHttp } from './http';
import { asWire, mapStatusChange } from './map';
import type { EventQuery } from './port';
import { range, type QueryParams } from './query';
import type { EventWire } from './wire';

/** amocrm.ru caps events at 100 per page (Kommo says 250; the smaller one is safe everywhere). */
export const EVENTS_PAGE_LIMIT = 100;
/** `filter[entity_id][]` takes at most 10 ids, and only together with a single `filter[entity]`. */
export const EVENT_ENTITY_IDS_MAX = 10;

export function eventQueryParams(q: EventQuery): QueryParams {
  return {
    limit: EVENTS_PAGE_LIMIT,
    filter: {
      type: q.types.join(','),
      entity: q.leadIds ? 'lead' : undefined,
      entity_id: q.leadIds,
      created_at: range(q.createdAt),
      value_after: q.toStatuses
        ? { leads_statuses: q.toStatuses.map((s) => ({ pipeline_id: s.pipelineId, status_id: s.statusId })) }
        : undefined,
    },
  };
}

/** One query per 10 leads; oldest first across all of them. */
export function statusChangeQueries(q: Omit<EventQuery, 'types'>): EventQuery[] {
  const base: EventQuery = { ...q, types: ['lead_status_changed'] };
  if (!q.leadIds) return [base];
  return chunk(q.leadIds, EVENT_ENTITY_IDS_MAX).map((leadIds) => ({ ...base, leadIds }));
}

export async function listStatusChanges(http: AmoHttp, q: Omit<EventQuery, 'types'>, signal?: AbortSignal): Promise<StatusChange[]> {
  if ((q.leadIds && q.leadIds.length === 0) || (q.toStatuses && q.toStatuses.length === 0)) return [];
  const changes: StatusChange[] = [];
  for (const part of statusChangeQueries(q)) {
    for await (const page of http.pages('/api/v4/events', 'events', { query: eventQueryParams(part), signal })) {
      for (const event of asWire<EventWire>(page, 'string')) {
        const change = mapStatusChange(event);
        if (change) changes.push(change);
      }
    }
  }
  return changes.sort((a, b) => a.at - b.at);
}
