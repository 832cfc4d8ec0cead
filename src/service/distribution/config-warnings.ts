/**
 * What in the distribution section points at something amoCRM no longer has: participants,
 * on-duty users and managers with own hours who left or were deactivated, pipelines and stages
 * that were deleted. Shown next to the field; distribution keeps working (an unknown participant
 * counts as absent, a pool of a deleted pipeline never triggers).
 */
import type { AmoUser, Pipeline } from '../../core/domain';
import { deriveUserReferenceWarning } from '../config/reference-warnings';
import type { ConfigWarning, DistributionSection } from '../../contract/config';

export interface StageWarning {
  path: string;
  code: 'unknown_pipeline' | 'unknown_status';
  message: string;
}

/** User references only: these share ConfigWarning's codes and go into GET /api/v1/config. */
export function deriveDistributionUserWarnings(section: DistributionSection, directory: { users: readonly AmoUser[] }): ConfigWarning[] {
  const users = new Map<number, AmoUser>(directory.users.map((user) => [user.id, user]));
  const warnings: ConfigWarning[] = [];
  const check = (userId: number, path: string): void => {
    const warning = deriveUserReferenceWarning(users, userId, path);
    if (warning !== null) warnings.push(warning);
  };
  section.pools.forEach((pool, index) => {
    pool.participants.forEach((participant, position) => check(participant.userId, `distribution.pools.${index}.participants.${position}.userId`));
    if (pool.whenNobodyAvailable.kind === 'on_duty') check(pool.whenNobodyAvailable.userId, `distribution.pools.${index}.whenNobodyAvailable.userId`);
  });
  section.managerHours.forEach((entry, index) => check(entry.userId, `distribution.managerHours.${index}.userId`));
  return warnings;
}

/** Pipeline and stage references, checked against GET /api/v4/leads/pipelines. */
export function deriveDistributionStageWarnings(section: DistributionSection, pipelines: readonly Pipeline[]): StageWarning[] {
  const warnings: StageWarning[] = [];
  section.pools.forEach((pool, index) => {
    const pipeline = pipelines.find((candidate) => candidate.id === pool.pipelineId);
    if (pipeline === undefined) {
      warnings.push({ path: `distribution.pools.${index}.pipelineId`, code: 'unknown_pipeline', message: `pipeline ${pool.pipelineId} does not exist` });
      return;
    }
    const statuses = new Set<number>(pipeline.statuses.map((status) => status.id));
    const check = (statusId: number, path: string): void => {
      if (!statuses.has(statusId)) warnings.push({ path, code: 'unknown_status', message: `stage ${statusId} is not in pipeline ${pipeline.name}` });
    };
    pool.loadStatusIds.forEach((statusId, position) => check(statusId, `distribution.pools.${index}.loadStatusIds.${position}`));
    pool.triggers.webhookStatusIds.forEach((statusId, position) => check(statusId, `distribution.pools.${index}.triggers.webhookStatusIds.${position}`));
    pool.triggers.dpStatusIds.forEach((statusId, position) => check(statusId, `distribution.pools.${index}.triggers.dpStatusIds.${position}`));
  });
  return warnings;
}
