/**
 * Leads: GET /api/v4/leads with the documented filters (§4.4, filters-api), PATCH in batches.
 * Stage filtering goes through `filter[statuses][i][…]` only: a flat `filter[status_id]` is ignored
 * by amoCRM.
 */
import type { Deal } from '../core/domain';
import type { LeadId } from '../core/brand';
import { chunk, writeInBatches } from './batch';
import { AmoNotFound } from './errors';
import { numberedPage, type AmoHttp } from './http';
import { asWire, leadPatchToWire, mapLead } from './map';
import type { LeadPatch, LeadQuery, NumberedPage } from './port';
import { range, withList, type QueryParams } from './query';
import type { LeadWire } from './wire';

export const PAGE_LIMIT = 250;
/**
 * Ids per request: `filter[id][]` has no documented maximum, but URLs have one (§9.5). One page of
 * 250 (the list maximum) keeps a lookup of N ids at N/250 requests; with unescaped brackets
 * (`filter[id][]=25000004&`, ~22 bytes an id) the URL stays near 5.5 KB, under nginx's 8 KB default.
 */
const IDS_PER_REQUEST = 250;

/** A filter given as an empty list matches nothing, so no request is needed at all. */
function matchesNothing(q: LeadQuery): boolean {
  return [q.statuses, q.pipelineIds, q.responsibleUserIds, q.ids].some((xs) => xs !== undefined && xs.length === 0);
}

const leadWith = (o: { withLossReason?: boolean; withContacts?: boolean }): string | undefined =>
  withList([o.withLossReason && 'loss_reason', o.withContacts && 'contacts']);

export function leadQueryParams(q: LeadQuery): QueryParams {
  return {
    with: leadWith(q),
    limit: PAGE_LIMIT,
    filter: {
      id: q.ids,
      pipeline_id: q.pipelineIds,
      statuses: q.statuses?.map((s) => ({ pipeline_id: s.pipelineId, status_id: s.statusId })),
      responsible_user_id: q.responsibleUserIds,
      created_at: range(q.createdAt),
      updated_at: range(q.updatedAt),
      closed_at: range(q.closedAt),
      closest_task_at: range(q.closestTaskAt),
    },
  };
}

/** A query with a big id list becomes several queries of IDS_PER_REQUEST ids, each paged on its own. */
export function splitByIdList<Q extends object>(q: Q, key: keyof Q): Q[] {
  const ids = q[key];
  if (!Array.isArray(ids) || ids.length <= IDS_PER_REQUEST) return [q];
  return chunk(ids as readonly unknown[], IDS_PER_REQUEST).map((part) => ({ ...q, [key]: part }));
}

export async function* iterateLeads(http: AmoHttp, q: LeadQuery, signal?: AbortSignal): AsyncGenerator<Deal[]> {
  if (matchesNothing(q)) return;
  for (const part of splitByIdList(q, 'ids')) {
    for await (const page of http.pages('/api/v4/leads', 'leads', { query: leadQueryParams(part), signal })) {
      yield asWire<LeadWire>(page).map(mapLead);
    }
  }
}

/** One numbered page of leads updated since `updatedFrom` (the analytics mirror resumes at a page). */
export async function leadsPage(http: AmoHttp, q: { updatedFrom?: number | undefined }, page: number, limit: number): Promise<NumberedPage<Deal>> {
  const { raw, last } = await numberedPage(http, '/api/v4/leads', 'leads', { filter: { updated_at: q.updatedFrom === undefined ? undefined : { from: q.updatedFrom } } }, page, limit);
  return { items: asWire<LeadWire>(raw).map(mapLead), last };
}

export async function listLeads(http: AmoHttp, q: LeadQuery, signal?: AbortSignal): Promise<Deal[]> {
  const deals: Deal[] = [];
  for await (const page of iterateLeads(http, q, signal)) deals.push(...page);
  return deals;
}

/** null when the lead does not exist or the user may not see it (amoCRM answers 404 or 204). */
export async function getLead(
  http: AmoHttp,
  id: LeadId,
  opts: { withLossReason?: boolean; withContacts?: boolean } = {},
): Promise<Deal | null> {
  try {
    const body = await http.request('GET', `/api/v4/leads/${id}`, {
      query: { with: leadWith(opts) },
    });
    const [lead] = asWire<LeadWire>(body === null ? [] : [body]);
    return lead ? mapLead(lead) : null;
  } catch (e) {
    if (e instanceof AmoNotFound) return null;
    throw e;
  }
}

export async function updateLeads(http: AmoHttp, patches: readonly LeadPatch[], batchSize: number, signal?: AbortSignal): Promise<void> {
  if (patches.length === 0) return;
  await writeInBatches(http, 'PATCH', '/api/v4/leads', 'leads', patches.map(leadPatchToWire), batchSize, signal);
}
