/**
 * The analytics routes as the views use them: the ServiceClient's `analytics` calls (wire types
 * from src/contract/analytics.ts, type-only). A client without them (an older build, a
 * test double) leaves the analytics entry points quiet instead of failing in the page.
 */
import type { AnalyticsCalls, ServiceClient } from '../../service-client';

export type {
  AnalyticsSettings, CalendarPeriod, ChecklistMetric, ChecklistResponse, ChecklistRow,  CohortGranularity, CohortRowDto,
  CohortsQuery, CohortsResponse, CohortSlice, CohortTotals, DistantTasksResponse, FunnelResponse, LossDealsResponse, LossesResponse,
  MetricTarget, MirrorStatus, PeriodQuery, SkippedStagePolicy, StuckResponse, TargetDirection,
} from '../../../contract/analytics';

export type AnalyticsApi = AnalyticsCalls;

const hasAnalytics = (value: unknown): value is AnalyticsCalls =>
  typeof value === 'object' && value !== null && typeof (value as Partial<Record<string, unknown>>).checklist === 'function';

export function analyticsApiOf(service: ServiceClient | null): AnalyticsApi | null {
  if (service === null) return null;
  const calls: unknown = (service as Partial<ServiceClient>).analytics;
  return hasAnalytics(calls) ? calls : null;
}
