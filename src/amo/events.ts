/** Status changes from the events API (§4.11): "days in stage" and "path through stages". */
import type { LeadId, UnixSeconds } from '../core/brand';
import type { StatusChange } from '../core/domain';
import { chunk } from './batch';
import { numberedPage, type AmoHttp } from './http';
import { asWire, mapStatusChange } from './map';
import type { EventQuery, FeedEvent, LeadStageEvents, NumberedPage, StatusChangeEvent, TimeRange } from './port';
import { range, type QueryParams } from './query';
import type { EventWire } from './wire';

/** amocrm.ru caps events at 100 per page (Kommo says 250; the smaller one is safe everywhere). */
const EVENTS_PAGE_LIMIT = 100;
/** `filter[entity_id][]` takes at most 10 ids, and only together with a single `filter[entity]`. */
const EVENT_ENTITY_IDS_MAX = 10;

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

/**
 * One lead's creation and stage moves (the focus panel's days in stage). Its `lead_added` event
 * carries the stage it was created in; without it the feed does not reach back to creation.
 */
export async function listStageEvents(http: AmoHttp, leadId: LeadId, signal?: AbortSignal): Promise<LeadStageEvents> {
  const changes: StatusChange[] = [];
  let reachesCreation = false;
  const query = eventQueryParams({ types: ['lead_added', 'lead_status_changed'], leadIds: [leadId] });
  for await (const page of http.pages('/api/v4/events', 'events', { query, signal })) {
    for (const event of asWire<EventWire>(page, 'string')) {
      if (event.type === 'lead_added') reachesCreation = true;
      const change = mapStatusChange(event);
      if (change) changes.push(change);
    }
  }
  return { changes: changes.sort((a, b) => a.at - b.at), reachesCreation };
}

/**
 * The lead events feed, a page (≤ 100) at a time, newest first as amoCRM lists it: the
 * reconciler's catch-up (src/service/reconcile). Give `createdAt.to` in the past so new events
 * cannot shift the pages while they are read.
 */
/** One numbered page of lead status changes created in the range, each with its event id. */
export async function statusChangesPage(
  http: AmoHttp, q: { createdFrom?: number | undefined; createdTo?: number | undefined }, page: number, limit: number,
): Promise<NumberedPage<StatusChangeEvent>> {
  const created = q.createdFrom === undefined && q.createdTo === undefined ? undefined : { from: q.createdFrom, to: q.createdTo };
  const { raw, last } = await numberedPage(http, '/api/v4/events', 'events', { filter: { type: 'lead_status_changed', created_at: created } }, page, limit);
  const items = asWire<EventWire>(raw, 'string').flatMap((event) => {
    const change = mapStatusChange(event);
    return change === null ? [] : [{ ...change, eventId: event.id }];
  });
  return { items, last };
}

export async function* iterateLeadEvents(
  http: AmoHttp, q: { types: readonly string[]; createdAt: TimeRange }, signal?: AbortSignal,
): AsyncIterable<FeedEvent[]> {
  const query = eventQueryParams({ types: [...q.types], createdAt: q.createdAt });
  for await (const page of http.pages('/api/v4/events', 'events', { query, signal })) {
    yield asWire<EventWire>(page, 'string').filter((event) => event.entity_type === 'lead').map((event) => {
      const change = mapStatusChange(event);
      return {
        id: String(event.id), type: event.type, leadId: event.entity_id as LeadId, at: event.created_at as UnixSeconds,
        to: change?.to ?? null, from: change?.from ?? null,
      };
    });
  }
}
