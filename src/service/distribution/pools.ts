/**
 * The distribution configuration in core terms: a pool per pipeline (core DistributionPool),
 * working schedules per pool and manager, and the stages whose deals count as load.
 */
import type { PipelineId, StatusId, UserId } from '../../core/brand';
import type { DistributionPool } from '../../core/distribution/pool';
import { toWorkingSchedule, type WorkingSchedule } from '../../core/time/schedule';
import type { Pipeline } from '../../core/domain';
import { asPipelineId, asStatusId, asUserId } from '../../core/brand';
import type { DistributionPoolConfig, DistributionSection } from '../../contract/config';

export function toCorePool(config: DistributionPoolConfig): DistributionPool {
  return {
    pipelineId: asPipelineId(config.pipelineId),
    mode: config.mode,
    participants: config.participants.map((participant) => ({
      userId: asUserId(participant.userId), weight: participant.weight, cap: participant.cap,
    })),
    stickyOwner: config.stickyOwner,
    guard: config.guard,
    whenNobodyAvailable: config.whenNobodyAvailable.kind === 'on_duty'
      ? { kind: 'on_duty', userId: asUserId(config.whenNobodyAvailable.userId) }
      : { kind: 'hold' },
  };
}

/** The pool's participants as the core names them, in rotation order. */
export const participantIds = (pool: DistributionPoolConfig): UserId[] => pool.participants.map((participant) => asUserId(participant.userId));

export function findPool(section: DistributionSection, pipelineId: number): DistributionPoolConfig | undefined {
  return section.pools.find((pool) => pool.pipelineId === pipelineId);
}

/** A manager's own hours win over the pool's; null = no restriction. */
export function scheduleResolver(section: DistributionSection, pool: DistributionPoolConfig, timezone: string): (userId: UserId) => WorkingSchedule | null {
  const own = new Map(section.managerHours.map((entry) => [entry.userId, toWorkingSchedule(entry.hours, timezone)]));
  const poolSchedule = pool.hours === null ? null : toWorkingSchedule(pool.hours, timezone);
  return (userId) => own.get(userId) ?? poolSchedule;
}

/** Loads are read only when something uses them: least-loaded mode or a cap. */
export function needsLoads(pool: DistributionPoolConfig): boolean {
  return pool.mode === 'least_loaded' || pool.participants.some((participant) => participant.cap !== null);
}

/**
 * The stages whose open deals count as a manager's load. Without pipeline data (amoCRM not read),
 * the configured stages only; an empty list then means "count nothing", never "count everything".
 */
export function loadStatuses(pool: DistributionPoolConfig, pipelines: readonly Pipeline[] | null): Array<{ pipelineId: PipelineId; statusId: StatusId }> {
  const pipelineId = asPipelineId(pool.pipelineId);
  if (pool.loadStatusIds.length > 0) return pool.loadStatusIds.map((statusId) => ({ pipelineId, statusId: asStatusId(statusId) }));
  const pipeline = pipelines?.find((candidate) => candidate.id === pipelineId);
  return (pipeline?.statuses ?? []).filter((status) => status.kind === 'open').map((status) => ({ pipelineId, statusId: status.id }));
}
