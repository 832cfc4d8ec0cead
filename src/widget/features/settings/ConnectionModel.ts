/**
 * Whether the companion service answers at the configured address. The probe is injected (the
 * host implements it over self.$authorizedAjax) so the model stays testable without amoCRM.
 * Every state names the address it is about: after a save the modal shows the new address, not
 * the one it was opened with.
 */
import { signal, type ReadonlySignal } from '@preact/signals';
import type { EpochMs } from '../../../core/brand';
import { ServiceError } from '../../service-client';

export type ConnectionProbe = (serviceUrl: string) => Promise<void>;

/** Why the service did not answer, as a person can act on it (connection.reasons.<code>). */
export type UnreachableReason =
  | { readonly code: 'network' | 'unauthorized' | 'forbidden' | 'not_connected' | 'invalid_answer' | 'amo_access_rejected' | 'unknown' }
  | { readonly code: 'http' | 'unavailable'; readonly status: number };

export type ConnectionState =
  | { kind: 'not_configured' }
  | { kind: 'checking'; url: string }
  | { kind: 'connected'; url: string; checkedAt: EpochMs }
  /** `saveRefused`: the admin tried to save this address and the save was stopped. */
  | { kind: 'unreachable'; url: string; checkedAt: EpochMs; reason: UnreachableReason; saveRefused: boolean };

export interface ConnectionModel {
  readonly state: ReadonlySignal<ConnectionState>;
  /** `forSave`: the check decides whether an address being saved is accepted. Resolves with the result. */
  check(serviceUrl: string | null, options?: { forSave?: boolean }): Promise<ConnectionState>;
}

function describeUnreachable(error: unknown): UnreachableReason {
  if (!(error instanceof ServiceError)) return { code: 'unknown' };
  switch (error.kind) {
    case 'http':
    case 'unavailable':
      return { code: error.kind, status: error.status };
    default:
      return { code: error.kind };
  }
}

export function createConnectionModel(probe: ConnectionProbe, now: () => EpochMs): ConnectionModel {
  const state = signal<ConnectionState>({ kind: 'not_configured' });
  // Only the latest check may write: an answer to an older URL must not overwrite a newer one.
  let generation = 0;
  return {
    state,
    async check(serviceUrl, options = {}) {
      const mine = ++generation;
      if (!serviceUrl) {
        state.value = { kind: 'not_configured' };
        return state.value;
      }
      state.value = { kind: 'checking', url: serviceUrl };
      let next: ConnectionState;
      try {
        await probe(serviceUrl);
        next = { kind: 'connected', url: serviceUrl, checkedAt: now() };
      } catch (error) {
        next = { kind: 'unreachable', url: serviceUrl, checkedAt: now(), reason: describeUnreachable(error), saveRefused: options.forSave === true };
      }
      if (mine === generation) state.value = next;
      return next;
    },
  };
}
