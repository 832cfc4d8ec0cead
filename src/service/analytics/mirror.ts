/**
 * The per-account mirror's writes: leads, status changes and tasks as read from amoCRM (backfill,
 * incremental sync) or written straight in (benchmark), and the per-lead facts derived from the
 * changes (core deriveLeadFacts) that the numbers read as plain columns.
 */
import { sql, type Kysely, type Transaction } from 'kysely';
import { asLeadId, asPipelineId, asStatusId, asUnixSeconds, asUserId, orNull } from '../../core/brand';
import { deriveLeadFacts } from '../../core/analytics/lead-facts';
import type { Deal, StatusChange, Task } from '../../core/domain';
import type { Database } from '../store/schema';
import type { AnalyticsCatalog, TimeToWin } from './catalog';
import { queryTimeToWin } from './queries';
import { keyOfChange, lockStageTimeBins, rebuildStageTimeBins, type StageBinKey } from './stage-times';

/** A status change with amoCRM's event id (the mirror's key for it). */
export interface MirroredChange extends StatusChange { eventId: string }

/** Rows per INSERT: well under PostgreSQL's 65,535 bind parameters for every table. */
const INSERT_BATCH = 1_000;
/** Leads re-derived per round trip. */
const DERIVE_BATCH = 2_000;

function batches<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

export async function upsertLeads(db: Kysely<Database>, accountId: number, deals: readonly Deal[]): Promise<void> {
  for (const part of batches(deals, INSERT_BATCH)) {
    await db.insertInto('analytics_leads').values(part.map((d) => ({
      account_id: accountId, id: d.id, name: d.name, pipeline_id: d.pipelineId, status_id: d.statusId,
      responsible_user_id: d.responsibleUserId, group_id: d.groupId ?? null, price: d.price,
      created_at: d.createdAt, updated_at: d.updatedAt, closed_at: d.closedAt, closest_task_at: d.closestTaskAt,
      loss_reason_id: d.lossReasonId, tags: d.tags, entered_status_at: d.createdAt,
    }))).onConflict((oc) => oc.columns(['account_id', 'id']).doUpdateSet((eb) => ({
      name: eb.ref('excluded.name'), pipeline_id: eb.ref('excluded.pipeline_id'), status_id: eb.ref('excluded.status_id'),
      responsible_user_id: eb.ref('excluded.responsible_user_id'), group_id: eb.ref('excluded.group_id'), price: eb.ref('excluded.price'),
      created_at: eb.ref('excluded.created_at'), updated_at: eb.ref('excluded.updated_at'), closed_at: eb.ref('excluded.closed_at'),
      closest_task_at: eb.ref('excluded.closest_task_at'), loss_reason_id: eb.ref('excluded.loss_reason_id'), tags: eb.ref('excluded.tags'),
    }))).execute();
  }
}

export async function insertChanges(db: Kysely<Database>, accountId: number, changes: readonly MirroredChange[]): Promise<void> {
  for (const part of batches(changes, INSERT_BATCH)) {
    await db.insertInto('analytics_status_changes').values(part.map((c) => ({
      account_id: accountId, event_id: c.eventId, lead_id: c.leadId, at: c.at, by_user_id: c.by,
      from_pipeline_id: c.from?.pipelineId ?? null, from_status_id: c.from?.statusId ?? null,
      to_pipeline_id: c.to.pipelineId, to_status_id: c.to.statusId,
    }))).onConflict((oc) => oc.columns(['account_id', 'event_id']).doNothing()).execute();
  }
}

export async function upsertTasks(db: Kysely<Database>, accountId: number, tasks: readonly Task[]): Promise<void> {
  for (const part of batches(tasks, INSERT_BATCH)) {
    await db.insertInto('analytics_tasks').values(part.map((t) => ({
      account_id: accountId, id: t.id, lead_id: t.entityType === 'leads' ? t.entityId : null,
      responsible_user_id: t.responsibleUserId, complete_till: t.completeTill, is_completed: t.isCompleted, updated_at: t.updatedAt,
    }))).onConflict((oc) => oc.columns(['account_id', 'id']).doUpdateSet((eb) => ({
      lead_id: eb.ref('excluded.lead_id'), responsible_user_id: eb.ref('excluded.responsible_user_id'),
      complete_till: eb.ref('excluded.complete_till'), is_completed: eb.ref('excluded.is_completed'), updated_at: eb.ref('excluded.updated_at'),
    }))).execute();
  }
}

/** Runs `work` in a transaction holding the account's stage-time bins (joins the caller's transaction). */
async function withBins<T>(db: Kysely<Database>, accountId: number, work: (trx: Kysely<Database>) => Promise<T>): Promise<T> {
  const run = async (trx: Transaction<Database>): Promise<T> => {
    await lockStageTimeBins(trx, accountId);
    return work(trx);
  };
  return db.isTransaction ? run(db as Transaction<Database>) : db.transaction().execute(run);
}

export async function deleteLeads(db: Kysely<Database>, accountId: number, leadIds: readonly number[]): Promise<void> {
  if (leadIds.length === 0) return;
  await withBins(db, accountId, async (trx) => {
    await trx.deleteFrom('analytics_leads').where('account_id', '=', accountId).where('id', 'in', [...leadIds]).execute();
    const gone = await trx.deleteFrom('analytics_status_changes').where('account_id', '=', accountId).where('lead_id', 'in', [...leadIds])
      .returning(['from_pipeline_id', 'from_status_id', 'owner_id', 'from_entered_at', 'at']).execute();
    await rebuildStageTimeBins(trx, accountId, gone.map(keyOfChange).filter((k): k is StageBinKey => k !== null));
  });
}

const toDeal = (row: {
  id: number; name: string; pipeline_id: number; status_id: number; responsible_user_id: number; group_id: number | null; price: number;
  created_at: number; updated_at: number; closed_at: number | null; closest_task_at: number | null; loss_reason_id: number | null; tags: string[];
}): Deal => ({
  id: asLeadId(row.id), name: row.name, price: row.price, responsibleUserId: asUserId(row.responsible_user_id),
  groupId: (row.group_id ?? 0) as Deal['groupId'], pipelineId: asPipelineId(row.pipeline_id), statusId: asStatusId(row.status_id),
  lossReasonId: row.loss_reason_id as Deal['lossReasonId'], createdAt: asUnixSeconds(row.created_at), updatedAt: asUnixSeconds(row.updated_at),
  closedAt: orNull(asUnixSeconds)(row.closed_at), closestTaskAt: orNull(asUnixSeconds)(row.closest_task_at), tags: row.tags,
  contactIds: [], mainContactId: null, lossReason: null,
});

/** Recomputes the derived lead columns and each change's `from_entered_at` for these leads (null = every lead). */
export async function deriveFacts(db: Kysely<Database>, accountId: number, leadIds: readonly number[] | null): Promise<void> {
  const ids = leadIds ?? (await db.selectFrom('analytics_leads').select('id').where('account_id', '=', accountId).orderBy('id').execute()).map((r) => Number(r.id));
  for (const part of batches([...new Set(ids)], DERIVE_BATCH)) {
    // Every lead at once (backfill): one rebuild of all bins at the end instead of one per batch.
    await withBins(db, accountId, async (trx) => {
      const touched = await deriveBatch(trx, accountId, part);
      if (leadIds !== null) await rebuildStageTimeBins(trx, accountId, touched);
    });
  }
  if (leadIds === null) await withBins(db, accountId, (trx) => rebuildStageTimeBins(trx, accountId, null));
}

/** Re-derives one batch of leads; returns the stage-time bins whose visits changed (before and after). */
async function deriveBatch(db: Kysely<Database>, accountId: number, part: number[]): Promise<StageBinKey[]> {
  const touched: StageBinKey[] = [];
  const leads = await db.selectFrom('analytics_leads')
    .select(['id', 'name', 'pipeline_id', 'status_id', 'responsible_user_id', 'group_id', 'price', 'created_at', 'updated_at', 'closed_at', 'closest_task_at', 'loss_reason_id', 'tags'])
    .where('account_id', '=', accountId).where('id', 'in', part).execute();
  if (leads.length === 0) return touched;
  const changeRows = await db.selectFrom('analytics_status_changes')
    .select(['event_id', 'lead_id', 'at', 'by_user_id', 'from_pipeline_id', 'from_status_id', 'to_pipeline_id', 'to_status_id', 'from_entered_at', 'owner_id'])
    .where('account_id', '=', accountId).where('lead_id', 'in', part).orderBy('lead_id').orderBy('at').orderBy('event_id').execute();
  const byLead = new Map<number, MirroredChange[]>();
  const stored = new Map(changeRows.map((row) => [row.event_id, row]));
  for (const row of changeRows) {
    const list = byLead.get(Number(row.lead_id)) ?? [];
    list.push({
      eventId: row.event_id, leadId: asLeadId(Number(row.lead_id)), at: asUnixSeconds(Number(row.at)), by: asUserId(Number(row.by_user_id)),
      from: row.from_status_id === null ? null : { pipelineId: asPipelineId(Number(row.from_pipeline_id)), statusId: asStatusId(Number(row.from_status_id)) },
      to: { pipelineId: asPipelineId(Number(row.to_pipeline_id)), statusId: asStatusId(Number(row.to_status_id)) },
    });
    byLead.set(Number(row.lead_id), list);
  }
  const leadUpdates = { ids: [] as number[], visited: [] as string[], lostFrom: [] as Array<number | null>, entered: [] as number[] };
  const changeUpdates = { ids: [] as string[], entered: [] as number[], owner: [] as number[] };
  for (const row of leads) {
    const deal = toDeal({ ...row, id: Number(row.id), pipeline_id: Number(row.pipeline_id), status_id: Number(row.status_id), responsible_user_id: Number(row.responsible_user_id), group_id: row.group_id === null ? null : Number(row.group_id), created_at: Number(row.created_at), updated_at: Number(row.updated_at), closed_at: row.closed_at === null ? null : Number(row.closed_at), closest_task_at: row.closest_task_at === null ? null : Number(row.closest_task_at), loss_reason_id: row.loss_reason_id === null ? null : Number(row.loss_reason_id) });
    const changes = byLead.get(deal.id) ?? [];
    const facts = deriveLeadFacts(deal, changes);
    leadUpdates.ids.push(deal.id);
    leadUpdates.visited.push(`{${facts.visited.join(',')}}`);
    leadUpdates.lostFrom.push(facts.lostFromStatusId);
    leadUpdates.entered.push(facts.enteredStatusAt);
    changes.forEach((c, i) => {
      const entered = facts.fromEnteredAt[i] as number;
      const before = stored.get(c.eventId);
      if (before !== undefined && Number(before.from_entered_at) === entered && Number(before.owner_id) === deal.responsibleUserId && before.from_entered_at !== null) return;
      changeUpdates.ids.push(c.eventId);
      changeUpdates.entered.push(entered);
      changeUpdates.owner.push(deal.responsibleUserId);
      if (before === undefined) return;
      for (const key of [keyOfChange(before), keyOfChange({ ...before, from_entered_at: entered, owner_id: deal.responsibleUserId })]) if (key !== null) touched.push(key);
    });
  }
  await sql`
    UPDATE analytics_leads AS l SET visited = u.visited::bigint[], lost_from_status_id = u.lost_from, entered_status_at = u.entered
    FROM unnest(${leadUpdates.ids}::bigint[], ${leadUpdates.visited}::text[], ${leadUpdates.lostFrom}::bigint[], ${leadUpdates.entered}::bigint[])
      AS u(id, visited, lost_from, entered)
    WHERE l.account_id = ${accountId} AND l.id = u.id`.execute(db);
  if (changeUpdates.ids.length > 0) {
    await sql`
      UPDATE analytics_status_changes AS c SET from_entered_at = u.entered, owner_id = u.owner
      FROM unnest(${changeUpdates.ids}::text[], ${changeUpdates.entered}::bigint[], ${changeUpdates.owner}::bigint[]) AS u(event_id, entered, owner)
      WHERE c.account_id = ${accountId} AND c.event_id = u.event_id`.execute(db);
  }
  return touched;
}

/** Counts the mirror's rows into the sync row, so a status read does not count a million rows. */
export async function recordCounts(db: Kysely<Database>, accountId: number): Promise<void> {
  const count = async (table: 'analytics_leads' | 'analytics_status_changes' | 'analytics_tasks'): Promise<number> =>
    Number((await db.selectFrom(table).select((eb) => eb.fn.countAll<number>().as('n')).where('account_id', '=', accountId).executeTakeFirst())?.n ?? 0);
  const counts = { leads: await count('analytics_leads'), statusChanges: await count('analytics_status_changes'), tasks: await count('analytics_tasks') };
  await db.updateTable('analytics_sync').set({ counts: JSON.stringify(counts) }).where('account_id', '=', accountId).execute();
}

/** Measures each pipeline's time to win (and the account's) into the catalog; run after each sync. */
export async function recordTimeToWin(db: Kysely<Database>, accountId: number): Promise<void> {
  const row = await db.selectFrom('analytics_sync').select('catalog').where('account_id', '=', accountId).executeTakeFirst();
  const catalog = row?.catalog as AnalyticsCatalog | null | undefined;
  if (catalog === null || catalog === undefined) return;
  const timeToWin: Record<string, TimeToWin> = { all: await queryTimeToWin(db, accountId, null) };
  for (const pipeline of catalog.pipelines) timeToWin[String(pipeline.id)] = await queryTimeToWin(db, accountId, pipeline.id);
  await db.updateTable('analytics_sync').set({ catalog: JSON.stringify({ ...catalog, timeToWin }) }).where('account_id', '=', accountId).execute();
}

/** Everything analytics keeps about an account: called when the account disconnects. */
export async function deleteAnalyticsData(db: Kysely<Database>, accountId: number): Promise<void> {
  await db.deleteFrom('analytics_leads').where('account_id', '=', accountId).execute();
  await db.deleteFrom('analytics_status_changes').where('account_id', '=', accountId).execute();
  await db.deleteFrom('analytics_tasks').where('account_id', '=', accountId).execute();
  await db.deleteFrom('analytics_stage_time_bins').where('account_id', '=', accountId).execute();
  await db.deleteFrom('analytics_snapshots').where('account_id', '=', accountId).execute();
  await db.deleteFrom('analytics_sync').where('account_id', '=', accountId).execute();
}
