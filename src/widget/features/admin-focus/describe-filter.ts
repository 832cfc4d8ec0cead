/** Short human summaries of filter values: what a layer inherits, what a warning points at. */
import { STATUS_LOST, STATUS_WON, type PipelineId, type StatusId } from '../../../core/brand';
import type { Pipeline } from '../../../core/domain';
import type { DealTaskState, FocusFilter, FocusOrderKey } from '../../../core/focus/filter';
import type { Translate } from '../../i18n';

export const TASK_STATES: readonly DealTaskState[] = ['none', 'overdue', 'due_today', 'later'];
export const ORDER_KEYS: readonly FocusOrderKey[] = ['overdue_task', 'no_task', 'due_today', 'value', 'days_in_stage'];

export interface StageName { pipeline: string; stage: string }

/** A stage's names, or null when the pipeline or the stage no longer exists. */
export function findStage(pipelines: readonly Pipeline[], pipelineId: number, statusId: number): StageName | null {
  const pipeline = pipelines.find((entry) => entry.id === pipelineId);
  const status = pipeline?.statuses.find((entry) => entry.id === statusId);
  return pipeline && status ? { pipeline: pipeline.name, stage: status.name } : null;
}

export const isClosedStage = (statusId: number): boolean => statusId === STATUS_WON || statusId === STATUS_LOST;

/** Stages an admin can pick: open ones (closed deals never make a queue). */
export const pickableStatuses = (pipeline: Pipeline): Pipeline['statuses'] =>
  pipeline.statuses.filter((status) => status.kind !== 'won' && status.kind !== 'lost');

export function minuteToClock(minute: number): string {
  const hours = Math.floor(minute / 60);
  return `${String(hours).padStart(2, '0')}:${String(minute % 60).padStart(2, '0')}`;
}

/** "18:30" → 1110; anything else → null. */
export function clockToMinute(text: string): number | null {
  const match = /^(\d{2}):(\d{2})$/.exec(text);
  if (!match) return null;
  const minute = Number(match[1]) * 60 + Number(match[2]);
  return Number(match[1]) < 24 && Number(match[2]) < 60 ? minute : null;
}

function describeStages(t: Translate, pipelines: readonly Pipeline[], stages: FocusFilter['stages']): string {
  if (stages.length === 0) return t('adminFocus.summary.allStages');
  return stages.map(({ pipelineId, statusId }) => {
    const name = findStage(pipelines, pipelineId, statusId);
    return name ? `${name.pipeline}: ${name.stage}` : t('adminFocus.summary.missingStage', { id: statusId });
  }).join(', ');
}

export function describeField(t: Translate, pipelines: readonly Pipeline[], filter: FocusFilter, field: keyof FocusFilter): string {
  const none = t('adminFocus.summary.none');
  switch (field) {
    case 'stages': return describeStages(t, pipelines, filter.stages);
    case 'taskStates': return filter.taskStates.length === 0 ? t('adminFocus.taskState.any') : filter.taskStates.map((state) => t(`adminFocus.taskState.${state}`)).join(', ');
    case 'minDaysInStage': case 'minValue': case 'cooldownHours': return filter[field] === null ? none : String(filter[field]);
    case 'tagsIn': case 'tagsOut': return filter[field].length === 0 ? none : filter[field].join(', ');
    case 'order': return filter.order.map((key) => t(`adminFocus.order.${key}`)).join(' → ');
    case 'idleTimeoutMinutes': return t('adminFocus.summary.minutes', { count: filter.idleTimeoutMinutes });
    case 'endOfDayMinute': return filter.endOfDayMinute === null ? t('adminFocus.summary.never') : minuteToClock(filter.endOfDayMinute);
  }
}

export type StageKey = `${number}:${number}`;
export const stageKey = (pipelineId: PipelineId | number, statusId: StatusId | number): StageKey => `${pipelineId}:${statusId}`;
