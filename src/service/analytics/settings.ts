/** Targets per checklist metric (heads: their groups; admins: every group and account-wide) and the control-list settings. */
import type { Kysely } from 'kysely';
import type { Database } from '../store/schema';
import type { AnalyticsSettings, MetricTarget, SaveTargetsRequest } from '../../contract/analytics';

const DEFAULT_SETTINGS: AnalyticsSettings = { stuckLimitDays: {}, taskGapDays: 14, maturityDaysOverride: null };

export async function loadSettings(db: Kysely<Database>, accountId: number): Promise<AnalyticsSettings> {
  const row = await db.selectFrom('analytics_settings').select('settings').where('account_id', '=', accountId).executeTakeFirst();
  return { ...DEFAULT_SETTINGS, ...(row?.settings as Partial<AnalyticsSettings> | undefined) };
}

export async function saveSettings(db: Kysely<Database>, accountId: number, settings: AnalyticsSettings): Promise<void> {
  await db.insertInto('analytics_settings').values({ account_id: accountId, settings: JSON.stringify(settings) })
    .onConflict((oc) => oc.column('account_id').doUpdateSet({ settings: JSON.stringify(settings) })).execute();
}

/** `groupIds` null = every target; otherwise the account-wide ones and those of these groups. */
export async function loadTargets(db: Kysely<Database>, accountId: number, groupIds: readonly number[] | null): Promise<MetricTarget[]> {
  let query = db.selectFrom('analytics_targets').selectAll().where('account_id', '=', accountId);
  if (groupIds !== null) query = query.where('group_key', 'in', [0, ...groupIds]);
  const rows = await query.orderBy('group_key').orderBy('metric').execute();
  return rows.map((r) => ({
    metric: r.metric as MetricTarget['metric'], groupId: Number(r.group_key) === 0 ? null : Number(r.group_key),
    value: r.value, allowedDeviation: r.allowed_deviation, direction: r.direction, updatedBy: Number(r.updated_by), updatedAt: Number(r.updated_at),
  }));
}

export async function replaceTargets(db: Kysely<Database>, accountId: number, request: SaveTargetsRequest, by: number, at: number): Promise<void> {
  const groupKey = request.groupId ?? 0;
  await db.transaction().execute(async (trx) => {
    await trx.deleteFrom('analytics_targets').where('account_id', '=', accountId).where('group_key', '=', groupKey).execute();
    if (request.targets.length === 0) return;
    await trx.insertInto('analytics_targets').values(request.targets.map((t) => ({
      account_id: accountId, group_key: groupKey, metric: t.metric, value: t.value, allowed_deviation: t.allowedDeviation,
      direction: t.direction, updated_by: by, updated_at: at,
    }))).execute();
  });
}
