/**
 * The decision log and "leads received" calls (GET /api/v1/distribution/log, /received). The
 * distribution engineers add them to the shared ServiceClient as `service.distribution`; until a
 * client carries them the viewer says so instead of failing. Periods are epoch ms on the wire.
 */
import type { DecisionLogEntry, DecisionLogResponse, ReceivedResponse, ReceivedRow } from '../../../service/distribution/api-types';
import type { ServiceClient } from '../../service-client';

export type { DecisionLogEntry, DecisionLogResponse, ReceivedResponse, ReceivedRow };

export type LogQuery = { leadId: number } | { from: number; to: number };

export interface DistributionReportCalls {
  log(query: LogQuery): Promise<DecisionLogResponse>;
  received(period: { from: number; to: number }): Promise<ReceivedResponse>;
}

export function reportCallsOf(service: ServiceClient): DistributionReportCalls | null {
  const extended: ServiceClient & { distribution?: Partial<DistributionReportCalls> } = service;
  const calls = extended.distribution;
  if (calls === undefined || typeof calls.log !== 'function' || typeof calls.received !== 'function') return null;
  const { log, received } = calls;
  return { log: (query) => log.call(calls, query), received: (period) => received.call(calls, period) };
}
