/**
 * /api/v1/analytics/… (shapes in ./api-types.ts). Roles are resolved on the server for every call:
 * an admin sees every manager, a head the managers of their groups, a manager only their own
 * checklist row (every other view answers 403 heads_only). A managerId/groupId filter outside the
 * caller's scope answers 403 out_of_scope rather than an empty answer that would look like "no deals".
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Kysely } from 'kysely';
import { z } from 'zod';
import type { AccountId, UnixSeconds } from '../../core/brand';
import { deriveMonthBoundaries, deriveWeekBoundaries } from '../../core/analytics/checklist';
import { finishCounts, type RawCohortCounts } from '../../core/analytics/cohort-table';
import { selectFunnelStages } from '../../core/analytics/funnel';
import { isStageTimeOutlier, deriveCutoffFromPercentile } from '../../core/analytics/stage-times';
import type { AmoUser, Pipeline } from '../../core/domain';
import type { DirectoryCache } from '../accounts/directory';
import { resolveCaller, type Caller } from '../auth/access';
import { authOf } from '../auth/authenticate';
import { forbidden, HttpError, parseInput } from '../http/errors';
import type { Database } from '../store/schema';
import type {
  AnalyticsSettings, ChecklistResponse, CohortRowDto, CohortsResponse, CohortTotals, DistantTasksResponse, FunnelResponse,
  LossDealsResponse, LossesResponse, MirrorStatus, StuckResponse, TargetsResponse,
} from './api-types';
import { readCatalog, type AnalyticsCatalog } from './catalog';
import { buildChecklist, CHECKLIST_METRICS, type ChecklistPerson } from './checklist';
import {
  queryCohorts, queryDistantTasks, queryFunnel, queryLossDeals, queryLosses, queryStageTimes, queryStuck, queryTimeToWin, type DealRow, type Scope,
} from './queries';
import { loadSettings, loadTargets, replaceTargets, saveSettings } from './settings';
import { readMirrorStatus } from './sync';

const DAY = 86_400;
const id = z.coerce.number().int().positive().max(Number.MAX_SAFE_INTEGER);
const time = z.coerce.number().int().min(0).max(Number.MAX_SAFE_INTEGER);
const policy = z.enum(['visited_only', 'assume_passed']);
const idOrNone = z.union([z.literal('none'), id]);
const page = { limit: z.coerce.number().int().min(1).max(500).default(100), offset: z.coerce.number().int().min(0).default(0) };
const who = { groupId: id.optional(), managerId: id.optional() };
const fromBeforeTo: [(p: { from: number; to: number }) => boolean, { message: string; path: string[] }] =
  [(p) => p.from < p.to, { message: 'from must be before to', path: ['to'] }];

const checklistQuery = z.object({ at: time.optional(), weeks: z.coerce.number().int().min(2).max(52).default(8), groupId: id.optional() }).strict();
const funnelQuery = z.object({ from: time, to: time, pipelineId: id, policy: policy.default('visited_only'), ...who }).strict().refine(...fromBeforeTo);
const lossesQuery = z.object({ from: time, to: time, pipelineId: id.optional(), ...who }).strict().refine(...fromBeforeTo);
const lossDealsQuery = z.object({ from: time, to: time, pipelineId: id.optional(), ...who, lostFromStatusId: idOrNone, reasonId: idOrNone, ...page })
  .strict().refine(...fromBeforeTo);
const cohortsQuery = z.object({
  pipelineId: id, by: z.enum(['week', 'month']).default('week'), from: time.optional(), to: time.optional(),
  maturityDays: z.coerce.number().int().min(0).max(3650).optional(), policy: policy.default('visited_only'), ...who,
  tag: z.string().min(1).max(200).optional(), sliceBy: z.enum(['manager', 'tag']).optional(),
}).strict().refine((q) => q.from === undefined || q.to === undefined || q.from < q.to, { message: 'from must be before to', path: ['to'] });
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
  now: () => number;
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

const nowSeconds = (deps: AnalyticsRouteDeps): number => Math.floor(deps.now() / 1000);

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

const dealLink = (baseUrl: string, leadId: number): string => `${baseUrl}/leads/detail/${leadId}`;

function requirePipeline(catalog: AnalyticsCatalog | null, pipelineId: number): Pipeline {
  const pipeline = catalog?.pipelines.find((p) => p.id === pipelineId);
  if (pipeline === undefined) throw new HttpError(404, 'pipeline_not_found', `pipeline ${pipelineId} is not in the mirror (yet)`);
  return pipeline;
}

const stageName = (catalog: AnalyticsCatalog | null, statusId: number | null): string | null =>
  statusId === null ? null : catalog?.pipelines.flatMap((p) => p.statuses).find((s) => s.id === statusId)?.name ?? null;

export function registerAnalyticsRoutes(api: FastifyInstance, deps: AnalyticsRouteDeps): void {
  const viewerOf = async (request: FastifyRequest, opts: { headsOnly: boolean }): Promise<Viewer> => {
    const auth = authOf(request);
    const caller = await resolveCaller(auth, deps.db, deps.directory);
    if (opts.headsOnly && caller.role.kind === 'manager') throw forbidden('heads_only');
    const { users } = await deps.directory.get(auth.account.id);
    await deps.ensureMirror(auth.account.id);
    return { caller, accountId: auth.account.id, baseUrl: auth.account.baseUrl, users, visible: visibleUsers(caller, users) };
  };
  const nameOf = (viewer: Viewer, userId: number): string => viewer.users.find((u) => u.id === userId)?.name ?? `#${userId}`;
  const accountCutoff = async (viewer: Viewer, pipelineId: number | null, override: number | null) => {
    const settings = await loadSettings(deps.db, viewer.accountId);
    const ttw = await queryTimeToWin(deps.db, viewer.accountId, pipelineId);
    return deriveCutoffFromPercentile(ttw.p80, ttw.won, override ?? settings.maturityDaysOverride);
  };

  api.get('/api/v1/analytics/status', async (request): Promise<MirrorStatus> => {
    const viewer = await viewerOf(request, { headsOnly: false });
    return readMirrorStatus(deps.db, viewer.accountId);
  });

  api.post('/api/v1/analytics/backfill', async (request): Promise<MirrorStatus> => {
    const viewer = await viewerOf(request, { headsOnly: true });
    if (viewer.caller.role.kind !== 'admin') throw forbidden('admin_only');
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
      readCatalog(deps.db, viewer.accountId), readMirrorStatus(deps.db, viewer.accountId), accountCutoff(viewer, null, null),
      loadTargets(deps.db, viewer.accountId, viewer.caller.role.kind === 'head' ? [...viewer.caller.role.groupIds] : viewer.caller.role.kind === 'manager' ? (viewer.caller.user.groupId === null ? [] : [viewer.caller.user.groupId]) : null),
    ]);
    const timezone = catalog?.timezone ?? (await deps.directory.get(viewer.accountId)).timezone ?? 'UTC';
    const now = nowSeconds(deps);
    return buildChecklist(deps.db, {
      scope, people, withTotal: !isManager, at: q.at ?? now, weeks: q.weeks, now, maturityDays: cutoff.days,
      catalog: { timezone, currency: catalog?.currency ?? '', lossReasons: catalog?.lossReasons ?? [] }, targets, mirror,
    });
  });

  api.get('/api/v1/analytics/targets', async (request): Promise<TargetsResponse> => {
    const viewer = await viewerOf(request, { headsOnly: true });
    const role = viewer.caller.role;
    return { targets: await loadTargets(deps.db, viewer.accountId, role.kind === 'head' ? [...role.groupIds] : null) };
  });

  api.put('/api/v1/analytics/targets', async (request): Promise<TargetsResponse> => {
    const viewer = await viewerOf(request, { headsOnly: true });
    const body = parseInput(targetsBody, request.body);
    const role = viewer.caller.role;
    if (role.kind === 'head' && (body.groupId === null || !role.groupIds.includes(body.groupId as never))) throw forbidden('out_of_scope');
    await replaceTargets(deps.db, viewer.accountId, body as Parameters<typeof replaceTargets>[2], viewer.caller.user.id, nowSeconds(deps));
    return { targets: await loadTargets(deps.db, viewer.accountId, role.kind === 'head' ? [...role.groupIds] : null) };
  });

  api.get('/api/v1/analytics/settings', async (request): Promise<AnalyticsSettings> => {
    const viewer = await viewerOf(request, { headsOnly: true });
    return loadSettings(deps.db, viewer.accountId);
  });

  api.put('/api/v1/analytics/settings', async (request): Promise<AnalyticsSettings> => {
    const viewer = await viewerOf(request, { headsOnly: true });
    if (viewer.caller.role.kind !== 'admin') throw forbidden('admin_only');
    const body = parseInput(settingsBody, request.body);
    await saveSettings(deps.db, viewer.accountId, body);
    return loadSettings(deps.db, viewer.accountId);
  });

  api.get('/api/v1/analytics/funnel', async (request): Promise<FunnelResponse> => {
    const viewer = await viewerOf(request, { headsOnly: true });
    const q = parseInput(funnelQuery, request.query);
    const scope = scopeOf(viewer, q);
    const catalog = await readCatalog(deps.db, viewer.accountId);
    const pipeline = requirePipeline(catalog, q.pipelineId);
    const stages = selectFunnelStages(pipeline) as number[];
    const [counts, times, mirror] = await Promise.all([
      queryFunnel(deps.db, scope, q.pipelineId, stages, q, q.policy),
      queryStageTimes(deps.db, scope, q.pipelineId, stages, q),
      readMirrorStatus(deps.db, viewer.accountId),
    ]);
    return {
      pipelineId: q.pipelineId, from: q.from, to: q.to, policy: q.policy, deals: counts.deals, won: counts.won, lost: counts.lost,
      stages: stages.map((statusId, i) => {
        const entered = counts.entered[i] ?? 0;
        const progressed = counts.progressed[i] ?? 0;
        return { statusId, name: stageName(catalog, statusId) ?? '', entered, progressed, lost: counts.lostAt[i] ?? 0, progressRate: entered === 0 ? null : progressed / entered };
      }),
      stageTimes: stages.map((statusId) => {
        const team = times.find((t) => t.statusId === statusId && t.userId === null);
        const teamMedian = team?.medianDays ?? null;
        return {
          statusId, name: stageName(catalog, statusId) ?? '', teamMedianDays: teamMedian, teamVisits: team?.visits ?? 0,
          managers: times.filter((t) => t.statusId === statusId && t.userId !== null).map((t) => ({
            userId: t.userId as number, name: nameOf(viewer, t.userId as number), medianDays: t.medianDays, visits: t.visits,
            outlier: isStageTimeOutlier(t.medianDays, t.visits, teamMedian),
          })).sort((a, b) => a.name.localeCompare(b.name)),
        };
      }),
      mirror,
    };
  });

  api.get('/api/v1/analytics/losses', async (request): Promise<LossesResponse> => {
    const viewer = await viewerOf(request, { headsOnly: true });
    const q = parseInput(lossesQuery, request.query);
    const scope = scopeOf(viewer, q);
    const [cells, catalog, mirror] = await Promise.all([queryLosses(deps.db, scope, q), readCatalog(deps.db, viewer.accountId), readMirrorStatus(deps.db, viewer.accountId)]);
    const reasons = new Map((catalog?.lossReasons ?? []).map((r) => [r.id as number, r.name]));
    return {
      from: q.from, to: q.to, currency: catalog?.currency ?? '',
      cells: cells.map((c) => ({ ...c, stageName: stageName(catalog, c.lostFromStatusId), reasonName: c.reasonId === null ? null : reasons.get(c.reasonId) ?? null })),
      total: { count: cells.reduce((n, c) => n + c.count, 0), value: cells.reduce((n, c) => n + c.value, 0) },
      mirror,
    };
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
    const scope = scopeOf(viewer, q);
    const catalog = await readCatalog(deps.db, viewer.accountId);
    const pipeline = requirePipeline(catalog, q.pipelineId);
    const stages = selectFunnelStages(pipeline) as number[];
    const timezone = catalog?.timezone ?? 'UTC';
    const now = nowSeconds(deps);
    const to = q.to ?? now + 1;
    const span = q.by === 'week' ? 7 * DAY : 28 * DAY;
    const count = q.from === undefined ? (q.by === 'week' ? 26 : 12) : Math.max(1, Math.ceil((to - q.from) / span) + 1);
    const derive = q.by === 'week' ? deriveWeekBoundaries : deriveMonthBoundaries;
    let bounds = derive(timezone, (to - 1) as UnixSeconds, count) as number[];
    if (q.from !== undefined) { const first = bounds.findIndex((b, i) => (bounds[i + 1] ?? Infinity) > (q.from as number)); bounds = bounds.slice(Math.max(0, first)); }
    const [cutoff, buckets, mirror] = await Promise.all([
      accountCutoff(viewer, q.pipelineId, q.maturityDays ?? null),
      queryCohorts(deps.db, scope, { pipelineId: q.pipelineId, stages, bounds, policy: q.policy, tag: q.tag, sliceBy: q.sliceBy }),
      readMirrorStatus(deps.db, viewer.accountId),
    ]);
    const matureBy = now - cutoff.days * DAY;
    const isMature = (bucket: number): boolean => (bounds[bucket + 1] as number) <= matureBy;
    const emptyRaw = (): RawCohortCounts => ({ created: 0, reached: stages.map(() => 0), won: 0, lost: 0 });
    const add = (into: RawCohortCounts, b: { created: number; reached: number[]; won: number; lost: number }): void => {
      into.created += b.created; into.won += b.won; into.lost += b.lost;
      b.reached.forEach((n, i) => { into.reached[i] = (into.reached[i] ?? 0) + n; });
    };
    const perBucket = new Map<number, RawCohortCounts>();
    const perSlice = new Map<string, RawCohortCounts>();
    for (const b of buckets) {
      if (b.bucket < 0 || b.bucket >= bounds.length - 1) continue;
      // With a tag slice a deal with two tags is in two slices; the cohort rows count it once only without slicing.
      if (q.sliceBy === undefined) { const raw = perBucket.get(b.bucket) ?? emptyRaw(); add(raw, b); perBucket.set(b.bucket, raw); }
      if (q.sliceBy !== undefined && isMature(b.bucket) && b.key !== null) { const raw = perSlice.get(b.key) ?? emptyRaw(); add(raw, b); perSlice.set(b.key, raw); }
    }
    if (q.sliceBy !== undefined) {
      const plain = await queryCohorts(deps.db, scope, { pipelineId: q.pipelineId, stages, bounds, policy: q.policy, tag: q.tag });
      for (const b of plain) { if (b.bucket < 0 || b.bucket >= bounds.length - 1) continue; const raw = perBucket.get(b.bucket) ?? emptyRaw(); add(raw, b); perBucket.set(b.bucket, raw); }
    }
    const rows: CohortRowDto[] = [...perBucket].sort(([a], [b]) => a - b)
      .map(([bucket, raw]) => ({ start: bounds[bucket] as number, mature: isMature(bucket), ...finishCounts(stages as never, raw) }));
    const total = emptyRaw();
    for (const [bucket, raw] of perBucket) if (isMature(bucket)) add(total, raw);
    const totals: CohortTotals = finishCounts(stages as never, total);
    const immature = rows.filter((r) => !r.mature);
    const response: CohortsResponse = {
      pipelineId: q.pipelineId, by: q.by, policy: q.policy, cutoff,
      stages: stages.map((statusId) => ({ statusId, name: stageName(catalog, statusId) ?? '' })),
      cohorts: rows.filter((r) => r.mature), immature, immatureLeads: immature.reduce((n, r) => n + r.created, 0), totals, mirror,
    };
    if (q.sliceBy !== undefined) {
      response.slices = [...perSlice].map(([key, raw]) => ({
        key, label: q.sliceBy === 'manager' ? nameOf(viewer, Number(key)) : key, totals: finishCounts(stages as never, raw),
      })).sort((a, b) => b.totals.created - a.totals.created || a.label.localeCompare(b.label));
    }
    return response;
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
