/**
 * Reads for heads and admins: the decision log (per lead, or for a period) and "leads received"
 * per manager — a fold of the same log (core computeLeadsReceived). Managers get 403.
 */
import type { FastifyInstance } from 'fastify';
import type { Kysely, Selectable } from 'kysely';
import { z } from 'zod';
import { asEpochMs, asLeadId, asPipelineId, asUserId, epochMsOf, type UserId } from '../../core/brand';
import { computeLeadsReceived } from '../../core/distribution/report';
import type { AssignmentDecision, AssignmentReason, CandidateVerdict, DecisionTrigger } from '../../core/distribution/pool';
import type { AccountServices } from '../accounts/services';
import { requireAdmin, resolveCaller } from '../auth/access';
import { authOf } from '../auth/authenticate';
import { canSeeUser } from '../auth/roles';
import { forbidden, HttpError, parseInput } from '../http/errors';
import type { Database } from '../store/schema';
import type { DistributionDecisionsTable } from '../store/tables-distribution';
import type { DecisionLogEntry, DecisionLogResponse, DistributionWarningsResponse, IgnoreReason, ReceivedResponse } from '../../contract/distribution';
import { deriveDistributionStageWarnings, deriveDistributionUserWarnings } from './config-warnings';
import { loadConfig } from '../config/repository';

const MAX_LOG_ENTRIES = 1_000;
const MAX_PERIOD_MS = 93 * 86_400_000;

/** Epoch milliseconds (a DistributionPeriod) or ISO 8601, branded at the parse. */
const instant = z.union([
  z.string().regex(/^\d{1,15}$/).transform((text) => asEpochMs(Number(text))),
  z.string().datetime({ offset: true }).transform((text) => asEpochMs(Date.parse(text))),
]);
const periodSchema = z.object({ from: instant, to: instant }).refine((period) => period.from < period.to, { message: 'must be after from', path: ['to'] })
  .refine((period) => period.to - period.from <= MAX_PERIOD_MS, { message: 'at most 93 days', path: ['to'] });
const logQuerySchema = z.union([
  z.object({ leadId: z.string().regex(/^[1-9]\d{0,14}$/).transform((text) => asLeadId(Number(text))) }).strict(),
  periodSchema,
]);

type Row = Selectable<DistributionDecisionsTable>;

function toEntry(row: Row): DecisionLogEntry {
  const base = {
    id: Number(row.id), leadId: Number(row.lead_id), pipelineId: row.pipeline_id === null ? null : Number(row.pipeline_id),
    at: row.at.toISOString(), trigger: row.trigger as DecisionTrigger, fromUserId: row.from_user_id === null ? null : Number(row.from_user_id),
  };
  const candidates = (Array.isArray(row.candidates) ? row.candidates : []) as CandidateVerdict[];
  switch (row.kind) {
    case 'assigned':
      return { ...base, kind: 'assigned', userId: Number(row.user_id), why: row.why as AssignmentReason, candidates, appliedAt: row.applied_at?.toISOString() ?? null };
    case 'held':
      return { ...base, kind: 'held', candidates };
    case 'ignored':
      return { ...base, kind: 'ignored', reason: row.why as IgnoreReason };
  }
}

/**
 * What a head may read of one decision: those about their groups — assigned to one of their
 * managers, or held or assigned elsewhere after weighing one of them — with the other groups'
 * candidates left out. Ignored leads concern nobody's group. Admins read everything.
 */
function scopeEntry(entry: DecisionLogEntry, sees: (userId: number) => boolean): DecisionLogEntry | null {
  if (entry.kind === 'ignored') return null;
  const candidates = entry.candidates.filter((verdict) => sees(verdict.userId));
  const assignedHere = entry.kind === 'assigned' && sees(entry.userId);
  return assignedHere || candidates.length > 0 ? { ...entry, candidates } : null;
}

/** Only what the report fold reads; the log rows are the one source of truth. */
function toDecision(row: Row): AssignmentDecision {
  const base = { leadId: asLeadId(Number(row.lead_id)), pipelineId: asPipelineId(Number(row.pipeline_id)), at: epochMsOf(row.at), trigger: row.trigger as DecisionTrigger, candidates: [] };
  return row.kind === 'assigned'
    ? { ...base, kind: 'assigned', userId: asUserId(Number(row.user_id)), why: row.why as AssignmentReason }
    : { ...base, kind: 'held' };
}

export function registerDistributionRoutes(api: FastifyInstance, db: Kysely<Database>, accounts: AccountServices): void {
  const { directory } = accounts;
  const requireHeadOrAdmin = async (request: Parameters<typeof authOf>[0]) => {
    const auth = authOf(request);
    const caller = await resolveCaller(auth, db, directory);
    if (caller.role.kind === 'manager') throw forbidden('heads_and_admins_only');
    return { accountId: auth.account.id, caller };
  };

  api.get('/api/v1/distribution/log', async (request): Promise<DecisionLogResponse> => {
    const { accountId, caller } = await requireHeadOrAdmin(request);
    const query = parseInput(logQuerySchema, request.query);
    let select = db.selectFrom('distribution_decisions').selectAll().where('account_id', '=', accountId);
    select = 'leadId' in query
      ? select.where('lead_id', '=', query.leadId)
      : select.where('at', '>=', new Date(query.from)).where('at', '<', new Date(query.to));
    const rows = await select.orderBy('at').orderBy('id').limit(MAX_LOG_ENTRIES + 1).execute();
    const entries = rows.slice(0, MAX_LOG_ENTRIES).map(toEntry);
    if (caller.role.kind === 'admin') return { entries, truncated: rows.length > MAX_LOG_ENTRIES };
    const { users } = await directory.get(accountId);
    const role = caller.role;
    const sees = (userId: number): boolean => {
      const user = users.find((candidate) => candidate.id === userId);
      return user !== undefined && canSeeUser(role, caller.user.id, user);
    };
    return { entries: entries.flatMap((entry) => scopeEntry(entry, sees) ?? []), truncated: rows.length > MAX_LOG_ENTRIES };
  });

  api.get('/api/v1/distribution/received', async (request): Promise<ReceivedResponse> => {
    const { accountId, caller } = await requireHeadOrAdmin(request);
    const period = parseInput(periodSchema, request.query);
    const rows = await db.selectFrom('distribution_decisions').selectAll()
      .where('account_id', '=', accountId).where('kind', 'in', ['assigned', 'held'])
      .where('at', '>=', new Date(period.from)).where('at', '<', new Date(period.to))
      .execute();
    const report = computeLeadsReceived(rows.map(toDecision), period);
    const { users } = await directory.get(accountId);
    // A head sees the managers of their groups; a manager who left still shows to admins.
    const visible = (userId: UserId): boolean => {
      const user = users.find((candidate) => candidate.id === userId);
      return user === undefined ? caller.role.kind === 'admin' : canSeeUser(caller.role, caller.user.id, user);
    };
    const managers = [...report.perManager.entries()]
      .filter(([userId]) => visible(userId))
      .map(([userId, counts]) => ({ userId, total: counts.total, byReason: { ...counts.byReason }, fromGuard: counts.fromGuard }))
      .sort((a, b) => b.total - a.total || a.userId - b.userId);
    return { from: new Date(period.from).toISOString(), to: new Date(period.to).toISOString(), managers, held: report.held };
  });

  /** Admins: references in the saved pools to users, pipelines or stages amoCRM no longer has. */
  api.get('/api/v1/distribution/warnings', async (request): Promise<DistributionWarningsResponse> => {
    const auth = authOf(request);
    await requireAdmin(auth, db, directory);
    const { config } = await loadConfig(db, auth.account.id);
    const [{ users }, pipelines] = await Promise.all([
      directory.get(auth.account.id),
      accounts.amoClientFor(auth.account).listPipelines().catch(() => null),
    ]);
    if (pipelines === null) throw new HttpError(503, 'amo_unavailable', 'cannot read the pipelines from amoCRM');
    return { warnings: [...deriveDistributionUserWarnings(config.distribution, { users }), ...deriveDistributionStageWarnings(config.distribution, pipelines)] };
  });
}
