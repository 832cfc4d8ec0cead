/**
 * Snoozes made without the service (it keeps them otherwise): remembered in this browser so a
 * snoozed deal stays out of the queue after a reload. Expired entries are dropped on every write.
 */
import type { EpochMs, LeadId } from '../../../core/brand';
import type { KeyValueStore } from './focus-setup';
import { isRecord } from '../../../core/is-record';


export function readLocalSnoozes(store: KeyValueStore | null, key: string, now: EpochMs): Map<LeadId, EpochMs> {
  const snoozes = new Map<LeadId, EpochMs>();
  try {
    const raw: unknown = JSON.parse(store?.getItem(key) ?? '{}');
    if (!isRecord(raw)) return snoozes;
    for (const [id, until] of Object.entries(raw)) {
      if (typeof until === 'number' && until > now && /^\d+$/.test(id)) snoozes.set(Number(id) as LeadId, until as EpochMs);
    }
  } catch {
    // Unreadable: start over.
  }
  return snoozes;
}

export function writeLocalSnooze(store: KeyValueStore | null, key: string, dealId: LeadId, until: EpochMs, now: EpochMs): void {
  const snoozes = readLocalSnoozes(store, key, now);
  snoozes.set(dealId, until);
  try {
    store?.setItem(key, JSON.stringify(Object.fromEntries(snoozes)));
  } catch {
    // Blocked storage: the snooze still holds for this page's session.
  }
}
