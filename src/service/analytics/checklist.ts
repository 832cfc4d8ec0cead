/**
 * The checklist view: per manager and the team, this week against the previous weeks and against
 * targets. Numbers come from ./queries.ts (one query per number over all weeks at once); the rules
 * (weeks, mature window, out of band, change) are core ./checklist.ts.
 */
import type { Kysely } from 'kysely';
import { computeChange, deriveWeekBoundaries, selectOutOfBand, type Target } from '../../core/analytics/checklist';
import type { Database } from '../store/schema';
import type { ChecklistHistoryPoint, ChecklistMetric, ChecklistResponse, ChecklistRow, ChecklistValues, MetricTarget, MirrorStatus, ReasonLosses } from '../../contract/analytics';
import type { AnalyticsCatalog } from './catalog';
import {
  queryLiveCounts, querySnapshotCounts, querySnapshotWeeks, queryWeeklyLosses, queryWeeklyMature, queryWeeklyReceived, queryWeeklyTasks, type Scope,
} from './queries';
import { localDay } from './snapshots';
import { asUnixSeconds } from '../../core/brand';

export const CHECKLIST_METRICS: readonly ChecklistMetric[] = ['openDeals', 'withoutTask', 'withOverdueTask', 'onTimeShare', 'matureConversion', 'losses', 'leadsReceived'];
const SHARE_METRICS: readonly ChecklistMetric[] = ['onTimeShare', 'matureConversion'];

/** `listed`: gets a row even without any data (active users); others only when they own deals or tasks. */
export interface ChecklistPerson { id: number; name: string; groupId: number | null; listed: boolean }

export interface ChecklistInput {
  scope: Scope;
  people: readonly ChecklistPerson[];
  /** false for a manager: no team total. */
  withTotal: boolean;
  at: number;
  weeks: number;
  now: number;
  maturityDays: number;
  catalog: Pick<AnalyticsCatalog, 'timezone' | 'currency' | 'lossReasons'>;
  targets: readonly MetricTarget[];
  mirror: MirrorStatus;
}

const rate = (part: number, whole: number): number | null => (whole === 0 ? null : part / whole);

interface Acc {
  point: { openDeals: number; withoutTask: number; withOverdueTask: number } | null;
  tasksDue: number; tasksOnTime: number; matureLeads: number; matureWon: number;
  losses: Map<number | null, { count: number; value: number }>;
  received: number | null;
}

const emptyAcc = (received: boolean): Acc => ({ point: null, tasksDue: 0, tasksOnTime: 0, matureLeads: 0, matureWon: 0, losses: new Map(), received: received ? 0 : null });

function toValues(acc: Acc, reasonName: (id: number | null) => string | null): ChecklistValues {
  const lossesByReason: ReasonLosses[] = [...acc.losses].map(([reasonId, l]) => ({ reasonId, reasonName: reasonName(reasonId), ...l }))
    .sort((a, b) => b.count - a.count || b.value - a.value);
  return {
    openDeals: acc.point?.openDeals ?? null,
    withoutTask: acc.point?.withoutTask ?? null,
    withOverdueTask: acc.point?.withOverdueTask ?? null,
    tasksDue: acc.tasksDue, tasksOnTime: acc.tasksOnTime, onTimeShare: rate(acc.tasksOnTime, acc.tasksDue),
    matureLeads: acc.matureLeads, matureWon: acc.matureWon, matureConversion: rate(acc.matureWon, acc.matureLeads),
    losses: lossesByReason.reduce((n, l) => n + l.count, 0), lossesValue: lossesByReason.reduce((n, l) => n + l.value, 0), lossesByReason,
    leadsReceived: acc.received,
  };
}

const metricValues = (v: ChecklistValues): Record<ChecklistMetric, number | null> => ({
  openDeals: v.openDeals, withoutTask: v.withoutTask, withOverdueTask: v.withOverdueTask, onTimeShare: v.onTimeShare,
  matureConversion: v.matureConversion, losses: v.losses, leadsReceived: v.leadsReceived,
});

function sumAccs(accs: readonly Acc[], received: boolean): Acc {
  const total = emptyAcc(received);
  for (const acc of accs) {
    if (acc.point !== null) {
      total.point ??= { openDeals: 0, withoutTask: 0, withOverdueTask: 0 };
      total.point.openDeals += acc.point.openDeals;
      total.point.withoutTask += acc.point.withoutTask;
      total.point.withOverdueTask += acc.point.withOverdueTask;
    }
    total.tasksDue += acc.tasksDue;
    total.tasksOnTime += acc.tasksOnTime;
    total.matureLeads += acc.matureLeads;
    total.matureWon += acc.matureWon;
    for (const [reason, l] of acc.losses) {
      const t = total.losses.get(reason) ?? { count: 0, value: 0 };
      total.losses.set(reason, { count: t.count + l.count, value: t.value + l.value });
    }
    if (total.received !== null && acc.received !== null) total.received += acc.received;
  }
  return total;
}

export async function buildChecklist(db: Kysely<Database>, input: ChecklistInput): Promise<ChecklistResponse> {
  const { scope, catalog, weeks } = input;
  const bounds = deriveWeekBoundaries(catalog.timezone, asUnixSeconds(input.at), weeks);
  const days = bounds.map((b) => localDay(catalog.timezone, b));
  const [live, snapshots, snapshotWeeks, tasks, losses, mature, received] = await Promise.all([
    queryLiveCounts(db, scope, input.now),
    querySnapshotCounts(db, scope, days),
    querySnapshotWeeks(db, scope.accountId, days),
    queryWeeklyTasks(db, scope, bounds, input.now),
    queryWeeklyLosses(db, scope, bounds),
    queryWeeklyMature(db, scope, bounds, input.maturityDays),
    queryWeeklyReceived(db, scope, bounds),
  ]);
  const hasReceived = received !== null;
  const people = new Map(input.people.map((p) => [p.id, p]));
  const accs = new Map<number, Acc[]>();
  const accOf = (userId: number, week: number): Acc | null => {
    if (week < 0 || week >= weeks || !people.has(userId)) return null;
    let list = accs.get(userId);
    if (list === undefined) { list = Array.from({ length: weeks }, () => emptyAcc(hasReceived)); accs.set(userId, list); }
    return list[week] ?? null;
  };
  for (const p of input.people) if (p.listed) accOf(p.id, 0);
  // A week still running reads the live numbers; a finished one its last snapshot.
  const liveWeek = bounds.findIndex((b, i) => i < weeks && input.now >= b && input.now < (bounds[i + 1] as number));
  for (const s of snapshots) { if (s.week !== liveWeek) { const acc = accOf(s.userId, s.week); if (acc) acc.point = s; } }
  for (const t of tasks) { const acc = accOf(t.userId, t.week); if (acc) { acc.tasksDue += t.due; acc.tasksOnTime += t.onTime; } }
  for (const m of mature) { const acc = accOf(m.userId, m.week); if (acc) { acc.matureLeads += m.leads; acc.matureWon += m.won; } }
  for (const l of losses) {
    const acc = accOf(l.userId, l.week);
    if (!acc) continue;
    const cell = acc.losses.get(l.reasonId) ?? { count: 0, value: 0 };
    acc.losses.set(l.reasonId, { count: cell.count + l.count, value: cell.value + l.value });
  }
  for (const r of received ?? []) { const acc = accOf(r.userId, r.week); if (acc && acc.received !== null) acc.received += r.count; }
  for (const l of live) accOf(l.userId, liveWeek);
  // A snapshot holds rows only for managers with open deals: in a week that has one, the others had none.
  for (const list of accs.values()) {
    list.forEach((acc, week) => { if (acc.point === null && snapshotWeeks.has(week) && week !== liveWeek) acc.point = { openDeals: 0, withoutTask: 0, withOverdueTask: 0 }; });
  }
  if (liveWeek >= 0) {
    for (const list of accs.values()) { const acc = list[liveWeek]; if (acc) acc.point = { openDeals: 0, withoutTask: 0, withOverdueTask: 0 }; }
    for (const l of live) { const acc = accOf(l.userId, liveWeek); if (acc) acc.point = l; }
  }

  const reasons = new Map(catalog.lossReasons.map((r) => [r.id as number, r.name]));
  const reasonName = (id: number | null): string | null => (id === null ? null : reasons.get(id) ?? null);
  const targets: Target<ChecklistMetric>[] = input.targets.map((t) => ({ ...t }));
  const makeRow = (person: ChecklistPerson | null, list: readonly Acc[], metricsForBand: readonly ChecklistMetric[]): ChecklistRow => {
    const values = list.map((acc) => toValues(acc, reasonName));
    const current = values[weeks - 1] as ChecklistValues;
    const previous = values[weeks - 2] as ChecklistValues;
    const history: ChecklistHistoryPoint[] = values.map((v, i) => ({ weekStart: bounds[i] as number, values: metricValues(v) }));
    return {
      userId: person?.id ?? null, name: person?.name ?? '', groupId: person?.groupId ?? null, current, previous,
      change: computeChange(CHECKLIST_METRICS, metricValues(current), metricValues(previous)),
      outOfBand: selectOutOfBand(metricsForBand, metricValues(current), targets, person?.groupId ?? null),
      history,
    };
  };
  const rows = [...accs].map(([userId, list]) => makeRow(people.get(userId) ?? null, list, CHECKLIST_METRICS))
    .sort((a, b) => a.name.localeCompare(b.name) || (a.userId ?? 0) - (b.userId ?? 0));
  const totals = Array.from({ length: weeks }, (_, w) => sumAccs([...accs.values()].map((list) => list[w] as Acc), hasReceived));
  return {
    timezone: catalog.timezone, currency: catalog.currency,
    weekStart: bounds[weeks - 1] as number, previousWeekStart: bounds[weeks - 2] as number, maturityDays: input.maturityDays,
    metrics: [...CHECKLIST_METRICS], rows,
    total: input.withTotal ? makeRow(null, totals, SHARE_METRICS) : null,
    targets: [...input.targets], mirror: input.mirror,
  };
}
