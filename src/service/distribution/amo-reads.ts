/**
 * The amoCRM reads of a distribution batch, shaped for bursts: every list is read by ids in pages
 * of 250 (`filter[id][]` has no documented maximum, §9.5; 250 eight-digit ids keep the URL near
 * 6 KB, under the common 8 KB line limit), so 1,000 leads cost 4 requests per kind of read,
 * not one per lead. The port's own `listLeads` splits id lists at 100; these calls do not.
 */
import { z } from 'zod';
import type { ContactId, LeadId, PipelineId, StatusId, TaskId, UserId } from '../../core/brand';
import { asContactId, asLeadId, asTaskId, asUserId } from '../../core/brand';
import type { Deal } from '../../core/domain';
import { chunk } from '../../amo/batch';
import type { AmoHttp } from '../../amo/http';
import { leadQueryParams, PAGE_LIMIT } from '../../amo/leads';
import { asWire, mapLead } from '../../amo/map';
import type { LeadWire } from '../../amo/wire';

const IDS_PER_READ = 250;

/** amoCRM's ids as the rows below read them: branded once, here. */
const id = <B>(brand: (value: number) => B) => z.number().int().transform(brand);

async function collect(http: AmoHttp, path: string, key: string, query: Parameters<AmoHttp['pages']>[2]): Promise<unknown[]> {
  const rows: unknown[] = [];
  for await (const page of http.pages(path, key, query)) rows.push(...page);
  return rows;
}

/** Leads by id with their contact refs; missing or invisible ids are simply absent. */
export async function readLeadsByIds(http: AmoHttp, ids: readonly LeadId[]): Promise<Map<LeadId, Deal>> {
  const deals = new Map<LeadId, Deal>();
  for (const part of chunk([...new Set(ids)], IDS_PER_READ)) {
    const rows = await collect(http, '/api/v4/leads', 'leads', { query: leadQueryParams({ ids: part, withContacts: true }) });
    for (const deal of asWire<LeadWire>(rows).map(mapLead)) deals.set(deal.id, deal);
  }
  return deals;
}

const contactRow = z.object({ id: id(asContactId), responsible_user_id: id(asUserId) });

/** Contact id → its responsible user (the sticky owner). GET /api/v4/contacts, filter[id][]. */
export async function readContactOwners(http: AmoHttp, ids: readonly ContactId[]): Promise<Map<ContactId, UserId>> {
  const owners = new Map<ContactId, UserId>();
  for (const part of chunk([...new Set(ids)], IDS_PER_READ)) {
    const rows = await collect(http, '/api/v4/contacts', 'contacts', { query: { limit: PAGE_LIMIT, filter: { id: part } } });
    for (const row of rows) {
      const parsed = contactRow.safeParse(row);
      if (parsed.success) owners.set(parsed.data.id, parsed.data.responsible_user_id);
    }
  }
  return owners;
}

const taskRow = z.object({ id: id(asTaskId), entity_id: id(asLeadId).nullable(), responsible_user_id: id(asUserId), is_completed: z.boolean() });

export interface OpenTask { readonly id: TaskId; readonly leadId: LeadId; readonly responsibleUserId: UserId }

/** Open tasks of these leads: `filter[entity_type]=leads&filter[entity_id][]=…&filter[is_completed]=0`. */
export async function readOpenTasks(http: AmoHttp, leadIds: readonly LeadId[]): Promise<OpenTask[]> {
  const tasks: OpenTask[] = [];
  for (const part of chunk([...new Set(leadIds)], IDS_PER_READ)) {
    const query = { limit: PAGE_LIMIT, filter: { entity_type: 'leads', entity_id: part, is_completed: false } };
    for (const row of await collect(http, '/api/v4/tasks', 'tasks', { query })) {
      const parsed = taskRow.safeParse(row);
      if (!parsed.success || parsed.data.is_completed || parsed.data.entity_id === null) continue;
      tasks.push({ id: parsed.data.id, leadId: parsed.data.entity_id, responsibleUserId: parsed.data.responsible_user_id });
    }
  }
  return tasks;
}

const ownerRow = z.object({ responsible_user_id: id(asUserId) });

/**
 * Open deals per manager in the given stages — the load for least-loaded mode and caps. One
 * paged list filtered by stages and responsibles; closed deals never count (they are not in the stages).
 */
export async function readLoads(
  http: AmoHttp, statuses: ReadonlyArray<{ pipelineId: PipelineId; statusId: StatusId }>, userIds: readonly UserId[],
): Promise<Map<UserId, number>> {
  const loads = new Map<UserId, number>();
  if (statuses.length === 0 || userIds.length === 0) return loads;
  const query = leadQueryParams({ statuses: [...statuses], responsibleUserIds: [...userIds] });
  for (const row of await collect(http, '/api/v4/leads', 'leads', { query })) {
    const owner = ownerRow.safeParse(row);
    if (owner.success) loads.set(owner.data.responsible_user_id, (loads.get(owner.data.responsible_user_id) ?? 0) + 1);
  }
  return loads;
}
