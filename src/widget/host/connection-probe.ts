/**
 * Asks the companion service who we are (GET /api/v1/me, through the typed service client) with
 * self.$authorizedAjax, which adds amoCRM's one-time X-Auth-Token (platform reference §2.3, §9.1).
 * Success therefore proves the address, CORS and the integration secret all at once.
 */
import type { ConnectionProbe } from '../features/settings/ConnectionModel';
import { createServiceClient, type Send } from '../service-client';
import type { HostSelf } from './types';

/** self.$authorizedAjax as a promise; jQuery's jqXHR is a thenable, so Promise.resolve adopts it. */
export function createAuthorizedSend(self: HostSelf): Send {
  return (request) => {
    const ajax = self.$authorizedAjax;
    if (typeof ajax !== 'function') return Promise.reject(new Error('self.$authorizedAjax is not available on this page'));
    return Promise.resolve(ajax.call(self, request));
  };
}

export function createConnectionProbe(self: HostSelf): ConnectionProbe {
  const send = createAuthorizedSend(self);
  return async (serviceUrl) => {
    await createServiceClient(send, serviceUrl).me();
  };
}
