/**
 * Asks the companion service who we are (GET /api/v1/me) through self.$authorizedAjax, which adds
 * amoCRM's one-time X-Auth-Token (platform reference §2.3, §9.1). Success therefore proves the
 * address, CORS and the integration secret all at once.
 * TODO(service-client): route through src/widget/service-client.ts once it exists.
 */
import type { ConnectionProbe } from '../features/settings/ConnectionModel';
import { isRecord } from './parse';
import type { HostSelf } from './types';

const PROBE_TIMEOUT_MS = 10_000;

/** jQuery rejects with the jqXHR itself, not an Error. */
export function describeAjaxFailure(failure: unknown): string {
  if (failure instanceof Error) return failure.message;
  if (isRecord(failure) && typeof failure.status === 'number') {
    const text = typeof failure.statusText === 'string' ? failure.statusText : '';
    return failure.status === 0 ? `network error ${text}`.trim() : `HTTP ${failure.status} ${text}`.trim();
  }
  return String(failure);
}

export function createConnectionProbe(self: HostSelf): ConnectionProbe {
  return async (serviceUrl) => {
    const ajax = self.$authorizedAjax;
    if (typeof ajax !== 'function') throw new Error('self.$authorizedAjax is not available on this page');
    try {
      await Promise.resolve(ajax.call(self, {
        url: `${serviceUrl}/api/v1/me`, method: 'GET', dataType: 'json', timeout: PROBE_TIMEOUT_MS,
      }));
    } catch (failure) {
      throw new Error(describeAjaxFailure(failure), { cause: failure });
    }
  };
}
