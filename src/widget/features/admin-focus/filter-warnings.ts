/** Stale references of the draft (deleted stages, departed managers), as translated lines per layer. */
import type { GroupId, UserId } from '../../../core/brand';
import type { Pipeline } from '../../../core/domain';
import { deriveFilterWarnings, type FilterWarning } from '../../../core/focus/filter-warnings';
import type { Translate } from '../../i18n';
import type { AppEnv } from '../app-env';
import { toFocusConfig } from '../../../core/focus/stored-config';
import { scopeKey, type FocusSection } from './focus-layers';

const STAGE_CODES = new Set<FilterWarning['code']>(['unknown_stage', 'closed_stage', 'archived_pipeline']);

/**
 * `pipelines` null = not loaded (yet, or the read failed): stage warnings are left out rather
 * than calling every stage "deleted".
 */
export function deriveWarningsByScope(section: FocusSection, pipelines: readonly Pipeline[] | null, env: Pick<AppEnv, 'managers' | 'groups'>): Map<string, FilterWarning[]> {
  const catalog = {
    pipelines: pipelines ?? [],
    users: env.managers.map((user) => ({ ...user, email: '' })),
    // amoCRM's default group (0) is not always listed among the account's groups.
    groups: [{ id: 0 as GroupId, name: '' }, ...env.groups],
  };
  const byScope = new Map<string, FilterWarning[]>();
  for (const warning of deriveFilterWarnings(toFocusConfig(section), catalog)) {
    if (pipelines === null && STAGE_CODES.has(warning.code)) continue;
    const key = scopeKey(warning.scope);
    byScope.set(key, [...(byScope.get(key) ?? []), warning]);
  }
  return byScope;
}

export function describeWarning(t: Translate, warning: FilterWarning, pipelines: readonly Pipeline[], nameOf: (id: UserId) => string | null): string {
  switch (warning.code) {
    case 'unknown_stage': return t('adminFocus.warnings.unknown_stage', { id: warning.statusId });
    case 'closed_stage': return t('adminFocus.warnings.closed_stage');
    case 'archived_pipeline': return t('adminFocus.warnings.archived_pipeline', { name: pipelines.find((p) => p.id === warning.pipelineId)?.name ?? String(warning.pipelineId) });
    case 'unknown_group': return t('adminFocus.warnings.unknown_group', { id: warning.groupId });
    case 'unknown_manager': return t('adminFocus.warnings.unknown_manager', { id: warning.managerId });
    case 'inactive_manager': return t('adminFocus.warnings.inactive_manager', { name: nameOf(warning.managerId) ?? String(warning.managerId) });
  }
}

