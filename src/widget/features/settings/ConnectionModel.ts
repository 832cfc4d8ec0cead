/**
 * Whether the companion service answers at the configured address. The probe is injected (the
 * host implements it over self.$authorizedAjax) so the model stays testable without amoCRM.
 */
import { signal, type ReadonlySignal } from '@preact/signals';
import type { EpochMs } from '../../../core/brand';

export type ConnectionProbe = (serviceUrl: string) => Promise<void>;

export type ConnectionState =
  | { kind: 'not_configured' }
  | { kind: 'checking' }
  | { kind: 'connected'; checkedAt: EpochMs }
  | { kind: 'unreachable'; checkedAt: EpochMs; reason: string };

export interface ConnectionModel {
  readonly state: ReadonlySignal<ConnectionState>;
  check(serviceUrl: string | null): Promise<void>;
}

export function createConnectionModel(probe: ConnectionProbe, now: () => EpochMs): ConnectionModel {
  const state = signal<ConnectionState>({ kind: 'not_configured' });
  // Only the latest check may write: an answer to an older URL must not overwrite a newer one.
  let generation = 0;
  return {
    state,
    async check(serviceUrl) {
      const mine = ++generation;
      if (!serviceUrl) {
        state.value = { kind: 'not_configured' };
        return;
      }
      state.value = { kind: 'checking' };
      try {
        await probe(serviceUrl);
        if (mine === generation) state.value = { kind: 'connected', checkedAt: now() };
      } catch (error) {
        const reason = error instanceof Error ? error.message : String(error);
        if (mine === generation) state.value = { kind: 'unreachable', checkedAt: now(), reason };
      }
    },
  };
}
