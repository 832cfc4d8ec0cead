/** Builders for focus tests: the focus pipeline's stages and filter; deals come from ./domain.ts. */
import type { StatusId, UserId } from '../../src/core/brand';
import { DEFAULT_FOCUS_FILTER, type FocusFilter } from '../../src/core/focus/filter';
import { PIPELINE, PROPOSAL } from './domain';
import { JUNE_2_2025_NOON_MOSCOW } from './time';

export { buildDeal, MANAGER, PIPELINE, PROPOSAL } from './domain';
export { seconds, utc } from './time';

export const OTHER_MANAGER = 7002 as UserId;
export const CLOSING = 1002 as StatusId;
export const NEW_LEAD = 1000 as StatusId;

export const NOW = JUNE_2_2025_NOON_MOSCOW;
export const TZ = 'Europe/Moscow';

export function buildFilter(overrides: Partial<FocusFilter> = {}): FocusFilter {
  return {
    ...DEFAULT_FOCUS_FILTER,
    stages: [{ pipelineId: PIPELINE, statusId: PROPOSAL }, { pipelineId: PIPELINE, statusId: CLOSING }],
    ...overrides,
  };
}
