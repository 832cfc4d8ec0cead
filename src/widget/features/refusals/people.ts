/**
 * Who may review and what the account has, for the refusal views. The role comes from the
 * service (GET /api/v1/me: heads are our configuration, amoCRM has no such flag, §9.10); the
 * catalog is read with the user's own amoCRM session. The me and pipelines reads are shared with
 * the other views (../shared-reads.ts); the catalog is built once per widget instance.
 */
import type { TaskTypeId } from '../../../core/brand';
import type { AmoUser, LossReason, Pipeline } from '../../../core/domain';
import type { RefusalCatalog } from '../../../core/refusals';
import type { AppEnv, AppUser } from '../app-env';
import { loadMe, loadPipelines } from '../shared-reads';

export type RoleKind = 'admin' | 'head' | 'manager';

const catalogs = new WeakMap<AppEnv, Promise<RefusalCatalog>>();

/** Without a service the amoCRM admin flag is all we know; heads need the service anyway. */
export function loadRole(env: AppEnv): Promise<RoleKind> {
  return env.service === null
    ? Promise.resolve<RoleKind>(env.user.isAdmin ? 'admin' : 'manager')
    : loadMe(env).then((me) => me.role.kind);
}

export const canReview = (role: RoleKind): boolean => role === 'admin' || role === 'head';

const toAmoUser = (user: AppUser): AmoUser => ({ ...user, email: '' });

export function loadCatalog(env: AppEnv): Promise<RefusalCatalog> {
  let catalog = catalogs.get(env);
  if (catalog === undefined) {
    catalog = Promise.all([loadPipelines(env), env.amo.listLossReasons()]).then(([pipelines, reasons]) => ({
      pipelines,
      reasons,
      users: env.managers.map(toAmoUser),
      groups: [...env.groups],
      taskTypes: env.taskTypes.map((type) => ({ ...type, id: type.id as TaskTypeId, color: null })),
    }));
    catalog.catch(() => catalogs.delete(env));
    catalogs.set(env, catalog);
  }
  return catalog;
}

export interface Names {
  user(id: number | null): string | null;
  reason(id: number | null): string | null;
  pipeline(id: number): string | null;
  status(pipelineId: number, statusId: number | null): string | null;
}

/** Lookups by id; null when the thing is gone (the view says "removed" rather than a bare number). */
export function deriveNames(catalog: RefusalCatalog): Names {
  const users = new Map(catalog.users.map((u) => [u.id as number, u.name]));
  const reasons = new Map<number, LossReason>(catalog.reasons.map((r) => [r.id, r]));
  const pipelines = new Map<number, Pipeline>(catalog.pipelines.map((p) => [p.id, p]));
  return {
    user: (id) => (id === null ? null : users.get(id) ?? null),
    reason: (id) => (id === null ? null : reasons.get(id)?.name ?? null),
    pipeline: (id) => pipelines.get(id)?.name ?? null,
    status: (pipelineId, statusId) => {
      if (statusId === null) return null;
      // Won/lost (142/143) exist in every pipeline; look anywhere when the pipeline is unknown.
      const inPipeline = pipelines.get(pipelineId)?.statuses.find((s) => s.id === statusId);
      return inPipeline?.name ?? catalog.pipelines.flatMap((p) => p.statuses).find((s) => s.id === statusId)?.name ?? null;
    },
  };
}
