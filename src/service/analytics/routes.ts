/**
 * /api/v1/analytics/… (shapes in src/contract/analytics.ts). Roles are resolved on the server for every call:
 * an admin sees every manager, a head the managers of their groups, a manager only their own
 * checklist row (every other view answers 403 heads_only). A managerId/groupId filter outside the
 * caller's scope answers 403 out_of_scope rather than an empty answer that would look like "no deals".
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Kysely } from 'kysely';
import { z } from 'zod';
import { CALENDAR_PERIODS, derivePeriod, type CalendarPeriod } from '../../core/analytics/periods';
import type { AccountId, UnixSeconds } from '../../core/brand';
import { toUnixSeconds } from '../../core/brand';
import type { Clock } from '../../core/time/clock';
import type { LocalDate } from '../../core/time';
import type { AmoUser } from '../../core/domain';
import type { DirectoryCache } from '../accounts/directory';
import { resolveCaller, type Caller } from '../auth/access';
import { authOf } from '../auth/authenticate';
import { forbidden, parseInput } from '../http/errors';
import type { Database } from '../store/schema';
import type {
  AnalyticsSettings, ChecklistResponse, CohortsResponse, DistantTasksResponse, FunnelResponse,
  LossDealsResponse, LossesResponse, MirrorStatus, StuckResponse, TagsResponse, TargetsResponse,
} from '../../contract/analytics';
import { analyticsTimeZone, readCatalog, type AnalyticsCatalog } from './catalog';
import { buildChecklist, CHECKLIST_METRICS, type ChecklistPerson } from './checklist';
import { queryDistantTasks, queryLossDeals, queryStuck, queryTags, type DealRow, type Scope } from './queries';
import { loadSettings, loadTargets, replaceTargets, saveSettings } from './settings';
import { readMirrorStatus } from './sync';
import { buildCohorts, buildFunnel, buildLosses, measureCutoff, requirePipeline, type ViewContext } from './views';

const DAY = 86_400;
const id = z.coerce.number().int().positive().max(Number.MAX_SAFE_INTEGER);
const time = z.coerce.number().int().min(0).max(Number.MAX_SAFE_INTEGER);
const policy = z.enum(['visited_only', 'assume_passed']);
const idOrNone = z.union([z.literal('none'), id]);
const page = { limit: z.coerce.number().int().min(1).max(500).default(100), offset: z.coerce.number().int().min(0).default(0) };
const who = { groupId: id.optional(), managerId: id.optional() };
const localDay = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'YYYY-MM-DD').transform((text) => {
  const [year, month, day] = text.split('-').map(Number) as [number, number, number];
  return { year, month, day };
});
/** A period: from/to in Unix seconds, or a calendar period, or whole local days fromDay…toDay (both in the account's zone). */
const periodFields = { from: time.optional(), to: time.optional(), period: z.enum(CALENDAR_PERIODS).optional(), fromDay: localDay.optional(), toDay: localDay.optional() };
type PeriodFields = { from?: number | undefined; to?: number | undefined; period?: CalendarPeriod | undefined; fromDay?: LocalDate | undefined; toDay?: LocalDate | undefined };
const forms = (p: PeriodFields): number =>
  [p.from !== undefined || p.to !== undefined, p.period !== undefined, p.fromDay !== undefined || p.toDay !== undefined].filter(Boolean).length;
const dayKey = (d: LocalDate): number => d.year * 10_000 + d.month * 100 + d.day;
const isPeriodValid = (p: PeriodFields, required: boolean): boolean => {
  if (forms(p) > 1 || (required && forms(p) === 0)) return false;
  if ((p.from === undefined) !== (p.to === undefined) && required) return false;
  if ((p.fromDay === undefined) !== (p.toDay === undefined)) return false;
  if (p.fromDay !== undefined && p.toDay !== undefined && dayKey(p.fromDay) > dayKey(p.toDay)) return false;
  return true;
};
const periodRule = (required: boolean): [(p: PeriodFields) => boolean, { message: string; path: string[] }] =>
  [(p) => isPeriodValid(p, required), { message: 'one period: from and to (seconds), or period, or fromDay ≤ toDay', path: ['period'] }];
const fromBeforeToIfGiven: [(p: PeriodFields) => boolean, { message: string; path: string[] }] =
  [(p) => p.from === undefined || p.to === undefined || p.from < p.to, { message: 'from must be before to', path: ['to'] }];
const fromBeforeTo: [(p: { from: number; to: number }) => boolean, { message: string; path: string[] }] =
  [(p) => p.from < p.to, { message: 'from must be before to', path: ['to'] }];

/** The query's period as [from, to) seconds in the account's zone; undefined when it names none. */
function resolvePeriod(p: PeriodFields, timezone: string, now: UnixSeconds): { from: number; to: number } | undefined {
  if (p.period !== undefined) return derivePeriod(timezone, now, { kind: 'calendar', name: p.period });
  if (p.fromDay !== undefined && p.toDay !== undefined) return derivePeriod(timezone, now, { kind: 'days', first: p.fromDay, last: p.toDay });
  return p.from === undefined || p.to === undefined ? undefined : { from: p.from, to: p.to };
}

const checklistQuery = z.object({ at: time.optional(), weeks: z.coerce.number().int().min(2).max(52).default(8), groupId: id.optional() }).strict();
const funnelQuery = z.object({ ...periodFields, pipelineId: id, policy: policy.default('visited_only'), ...who }).strict().refine(...periodRule(true)).refine(...fromBeforeToIfGiven);
const lossesQuery = z.object({ ...periodFields, pipelineId: id.optional(), ...who }).strict().refine(...periodRule(true)).refine(...fromBeforeToIfGiven);
const lossDealsQuery = z.object({ from: time, to: time, pipelineId: id.optional(), ...who, lostFromStatusId: idOrNone, reasonId: idOrNone, ...page })
  .strict().refine(...fromBeforeTo);
const cohortsQuery = z.object({
  pipelineId: id, by: z.enum(['week', 'month']).default('week'), ...periodFields,
  maturityDays: z.coerce.number().int().min(0).max(3650).optional(), policy: policy.default('visited_only'), ...who,
  tag: z.string().min(1).max(200).optional(), sliceBy: z.enum(['manager', 'tag']).optional(),
}).strict().refine(...periodRule(false)).refine(...fromBeforeToIfGiven);
const tagsQuery = z.object({ pipelineId: id.optional(), ...who }).strict();
const controlQuery = z.object({ pipelineId: id.optional(), ...who, ...page }).strict();
const distantQuery = z.object({ pipelineId: id.optional(), ...who, ...page, days: z.coerce.number().min(0).max(3650).optional() }).strict();
const metric = z.enum(CHECKLIST_METRICS as [string, ...string[]]);
const targetsBody = z.object({
  groupId: id.nullable(),
  targets: z.array(z.object({
    metric, value: z.number().finite(), allowedDeviation: z.number().finite().min(0), direction: z.enum(['at_least', 'at_most']),
  }).strict()).max(CHECKLIST_METRICS.length)
    .refine((ts) => new Set(ts.map((t) => t.metric)).size === ts.length, { message: 'one target per metric' }),
}).strict();
const settingsBody = z.object({
  stuckLimitDays: z.record(z.string().regex(/^\d+$/, 'a status id'), z.number().finite().min(0).max(3650)),
  taskGapDays: z.number().finite().min(0).max(3650),
  maturityDaysOverride: z.number().int().min(0).max(3650).nullable(),
}).strict();

export interface AnalyticsRouteDeps {
  db: Kysely<Database>;
  directory: DirectoryCache;
  clock: Clock;
  /** Starts the account's first backfill when it has none (viewing analytics is what turns the mirror on). */
  ensureMirror: (accountId: AccountId) => Promise<void>;
  startBackfill: (accountId: AccountId) => Promise<void>;
}

interface Viewer {
  caller: Caller;
  accountId: AccountId;
  baseUrl: string;
  users: AmoUser[];
  /** Users whose numbers the caller may read. */
  visible: AmoUser[];
}

const nowSeconds = (deps: AnalyticsRouteDeps): UnixSeconds => toUnixSeconds(deps.clock.now());

function visibleUsers(caller: Caller, users: readonly AmoUser[]): AmoUser[] {
  const { role } = caller;
  if (role.kind === 'admin') return [...users];
  if (role.kind === 'head') return users.filter((u) => u.groupId !== null && role.groupIds.includes(u.groupId));
  return users.filter((u) => u.id === caller.user.id);
}

/** The scope of a query: the caller's, narrowed by a group or manager filter that must lie inside it. */
function scopeOf(viewer: Viewer, filter: { groupId?: number | undefined; managerId?: number | undefined }): Scope {
  let users = viewer.visible;
  if (filter.groupId !== undefined) {
    if (viewer.caller.role.kind === 'head' && !viewer.caller.role.groupIds.includes(filter.groupId as never)) throw forbidden('out_of_scope');
    users = users.filter((u) => u.groupId === filter.groupId);
  }
  if (filter.managerId !== undefined) {
    if (viewer.caller.role.kind !== 'admin' && !viewer.visible.some((u) => u.id === filter.managerId)) throw forbidden('out_of_scope');
    return { accountId: viewer.accountId, userIds: [filter.managerId] };
  }
  const unfiltered = viewer.caller.role.kind === 'admin' && filter.groupId === undefined;
  return { accountId: viewer.accountId, userIds: unfiltered ? null : users.map((u) => u.id) };
}

/** The groups whose targets the caller reads: a head's own, a manager's one, every group for an admin (null). */
function targetGroupsOf(caller: Caller): number[] | null {
  if (caller.role.kind === 'head') return [...caller.role.groupIds];
  if (caller.role.kind === 'manager') return caller.user.groupId === null ? [] : [caller.user.groupId];
  return null;
}

const dealLink = (baseUrl: string, leadId: number): string => `${baseUrl}/leads/detail/${leadId}`;

export function registerAnalyticsRoutes(api: FastifyInstance, deps: AnalyticsRouteDeps): void {
  const viewerOf = async (request: FastifyRequest, opts: { headsOnly: boolean; adminOnly?: boolean }): Promise<Viewer> => {
    const auth = authOf(request);
    const caller = await resolveCaller(auth, deps.db, deps.directory);
    if (opts.headsOnly && caller.role.kind === 'manager') throw forbidden('heads_only');
    if (opts.adminOnly === true && caller.role.kind !== 'admin') throw forbidden('admin_only');
    const { users } = await deps.directory.get(auth.account.id);
    await deps.ensureMirror(auth.account.id);
    return { caller, accountId: auth.account.id, baseUrl: auth.account.baseUrl, users, visible: visibleUsers(caller, users) };
  };
  const nameOf = (viewer: Viewer, userId: number): string => viewer.users.find((u) => u.id === userId)?.name ?? `#${userId}`;
  const accountCutoff = async (viewer: Viewer) =>
    measureCutoff(deps.db, viewer.accountId, null, (await loadSettings(deps.db, viewer.accountId)).maturityDaysOverride, await readCatalog(deps.db, viewer.accountId));
  const viewOf = async (viewer: Viewer, filter: { groupId?: number | undefined; managerId?: number | undefined }): Promise<ViewContext> => {
    const scope = scopeOf(viewer, filter);
    const [catalog, mirror] = await Promise.all([readCatalog(deps.db, viewer.accountId), readMirrorStatus(deps.db, viewer.accountId)]);
    return { db: deps.db, scope, catalog, mirror, zone: await zoneFor(viewer, catalog), nameOf: (userId) => nameOf(viewer, userId) };
  };
  const zoneFor = (viewer: Viewer, catalog: AnalyticsCatalog | null): Promise<string> =>
    analyticsTimeZone(deps.db, viewer.accountId, catalog, async () => (await deps.directory.get(viewer.accountId)).timezone);
  const zoneOf = async (_viewer: Viewer, view: ViewContext): Promise<string> => view.zone;

  api.get('/api/v1/analytics/status', async (request): Promise<MirrorStatus> => {
    const viewer = await viewerOf(request, { headsOnly: false });
    return readMirrorStatus(deps.db, viewer.accountId);
  });

  api.post('/api/v1/analytics/backfill', async (request): Promise<MirrorStatus> => {
    const viewer = await viewerOf(request, { headsOnly: true, adminOnly: true });
    await deps.startBackfill(viewer.accountId);
    return readMirrorStatus(deps.db, viewer.accountId);
  });

  api.get('/api/v1/analytics/checklist', async (request): Promise<ChecklistResponse> => {
    const viewer = await viewerOf(request, { headsOnly: false });
    const q = parseInput(checklistQuery, request.query);
    const scope = scopeOf(viewer, { groupId: q.groupId });
    const isManager = viewer.caller.role.kind === 'manager';
    const inScope = scope.userIds === null ? viewer.visible : viewer.visible.filter((u) => scope.userIds?.includes(u.id));
    const people: ChecklistPerson[] = inScope.map((u) => ({ id: u.id, name: u.name, groupId: u.groupId, listed: u.isActive && (isManager || !u.isAdmin) }));
    const [catalog, mirror, cutoff, targets] = await Promise.all([
      readCatalog(deps.db, viewer.accountId), readMirrorStatus(deps.db, viewer.accountId), accountCutoff(viewer),
      loadTargets(deps.db, viewer.accountId, targetGroupsOf(viewer.caller)),
    ]);
    const timezone = await zoneFor(viewer, catalog);
    const now = nowSeconds(deps);
    return buildChecklist(deps.db, {
      scope, people, withTotal: !isManager, at: q.at ?? now, weeks: q.weeks, now, maturityDays: cutoff.days,
      catalog: { timezone, currency: catalog?.currency ?? '', lossReasons: catalog?.lossReasons ?? [] }, targets, mirror,
    });
  });

  api.get('/api/v1/analytics/targets', async (request): Promise<TargetsResponse> => {
    const viewer = await viewerOf(request, { headsOnly: true });
    return { targets: await loadTargets(deps.db, viewer.accountId, targetGroupsOf(viewer.caller)) };
  });

  api.put('/api/v1/analytics/targets', async (request): Promise<TargetsResponse> => {
    const viewer = await viewerOf(request, { headsOnly: true });
    const body = parseInput(targetsBody, request.body);
    const role = viewer.caller.role;
    if (role.kind === 'head' && (body.groupId === null || !role.groupIds.includes(body.groupId as never))) throw forbidden('out_of_scope');
    await replaceTargets(deps.db, viewer.accountId, body as Parameters<typeof replaceTargets>[2], viewer.caller.user.id, nowSeconds(deps));
    return { targets: await loadTargets(deps.db, viewer.accountId, targetGroupsOf(viewer.caller)) };
  });

  api.get('/api/v1/analytics/settings', async (request): Promise<AnalyticsSettings> => {
    const viewer = await viewerOf(request, { headsOnly: true });
    return loadSettings(deps.db, viewer.accountId);
  });

  api.put('/api/v1/analytics/settings', async (request): Promise<AnalyticsSettings> => {
    const viewer = await viewerOf(request, { headsOnly: true, adminOnly: true });
    const body = parseInput(settingsBody, request.body);
    await saveSettings(deps.db, viewer.accountId, body);
    return loadSettings(deps.db, viewer.accountId);
  });

  api.get('/api/v1/analytics/funnel', async (request): Promise<FunnelResponse> => {
    const viewer = await viewerOf(request, { headsOnly: true });
    const q = parseInput(funnelQuery, request.query);
    const view = await viewOf(viewer, q);
    return buildFunnel(view, { ...q, ...(resolvePeriod(q, await zoneOf(viewer, view), nowSeconds(deps)) as { from: number; to: number }) });
  });

  api.get('/api/v1/analytics/losses', async (request): Promise<LossesResponse> => {
    const viewer = await viewerOf(request, { headsOnly: true });
    const q = parseInput(lossesQuery, request.query);
    const view = await viewOf(viewer, q);
    return buildLosses(view, { ...q, ...(resolvePeriod(q, await zoneOf(viewer, view), nowSeconds(deps)) as { from: number; to: number }) });
  });

  api.get('/api/v1/analytics/losses/deals', async (request): Promise<LossDealsResponse> => {
    const viewer = await viewerOf(request, { headsOnly: true });
    const q = parseInput(lossDealsQuery, request.query);
    const scope = scopeOf(viewer, q);
    const result = await queryLossDeals(deps.db, scope, {
      ...q, lostFromStatusId: q.lostFromStatusId === 'none' ? null : q.lostFromStatusId, reasonId: q.reasonId === 'none' ? null : q.reasonId,
    });
    return {
      total: result.total,
      items: result.items.map((d) => ({
        ...dealRef(viewer, d), value: d.price, managerId: d.responsibleUserId, managerName: nameOf(viewer, d.responsibleUserId),
        pipelineId: d.pipelineId, lostFromStatusId: d.lostFromStatusId, reasonId: d.reasonId, closedAt: d.closedAt ?? 0,
      })),
    };
  });

  api.get('/api/v1/analytics/cohorts', async (request): Promise<CohortsResponse> => {
    const viewer = await viewerOf(request, { headsOnly: true });
    const q = parseInput(cohortsQuery, request.query);
    const view = await viewOf(viewer, q);
    requirePipeline(view.catalog, q.pipelineId);
    const settings = await loadSettings(deps.db, viewer.accountId);
    const cutoff = await measureCutoff(deps.db, viewer.accountId, q.pipelineId, q.maturityDays ?? settings.maturityDaysOverride, view.catalog);
    const now = nowSeconds(deps);
    const period = resolvePeriod(q, await zoneOf(viewer, view), now);
    return buildCohorts(view, { ...q, from: period?.from ?? q.from, to: period?.to ?? q.to, now, cutoff });
  });

  api.get('/api/v1/analytics/tags', async (request): Promise<TagsResponse> => {
    const viewer = await viewerOf(request, { headsOnly: true });
    const q = parseInput(tagsQuery, request.query);
    return { tags: await queryTags(deps.db, scopeOf(viewer, q), q.pipelineId) };
  });

  api.get('/api/v1/analytics/control/stuck', async (request): Promise<StuckResponse> => {
    const viewer = await viewerOf(request, { headsOnly: true });
    const q = parseInput(controlQuery, request.query);
    const scope = scopeOf(viewer, q);
    const settings = await loadSettings(deps.db, viewer.accountId);
    const limits = new Map(Object.entries(settings.stuckLimitDays).map(([status, days]) => [Number(status), days]));
    const now = nowSeconds(deps);
    const result = await queryStuck(deps.db, scope, q, limits, now);
    return {
      total: result.total, limits: settings.stuckLimitDays,
      items: result.items.map((d) => ({
        ...dealRef(viewer, d), pipelineId: d.pipelineId, statusId: d.statusId, managerId: d.responsibleUserId, managerName: nameOf(viewer, d.responsibleUserId),
        value: d.price, enteredAt: d.enteredStatusAt, daysInStage: Math.max(0, now - d.enteredStatusAt) / DAY, limitDays: d.limitDays,
      })),
    };
  });

  api.get('/api/v1/analytics/control/distant-tasks', async (request): Promise<DistantTasksResponse> => {
    const viewer = await viewerOf(request, { headsOnly: true });
    const q = parseInput(distantQuery, request.query);
    const scope = scopeOf(viewer, q);
    const days = q.days ?? (await loadSettings(deps.db, viewer.accountId)).taskGapDays;
    const now = nowSeconds(deps);
    const result = await queryDistantTasks(deps.db, scope, q, days, now);
    return {
      total: result.total, days,
      items: result.items.map((d) => ({
        ...dealRef(viewer, d), pipelineId: d.pipelineId, statusId: d.statusId, managerId: d.responsibleUserId, managerName: nameOf(viewer, d.responsibleUserId),
        value: d.price, nextTaskAt: d.closestTaskAt ?? 0, daysAway: ((d.closestTaskAt ?? now) - now) / DAY,
      })),
    };
  });
}

const dealRef = (viewer: Viewer, d: DealRow) => ({ leadId: d.id, leadName: d.name, link: dealLink(viewer.baseUrl, d.id) });
