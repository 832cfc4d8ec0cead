/**
 * Creates the focus model for a widget instance (the launcher keeps it; see LauncherModel). Loaded as
 * its own chunk the first time the launcher mounts, so the launcher chunk itself stays small.
 */
import type { Signal } from '@preact/signals';
import type { AppEnv } from '../app-env';
import type { KeyValueStore } from './focus-setup';
import { createFocusModel, type FocusModel } from './FocusModel';

const TAB_KEY = 'focus_refusals:tab-id';

/** Storage can throw on access (blocked cookies, sandboxed frames): then there is none. */
function storageOf(get: () => Storage): KeyValueStore | null {
  try {
    return get();
  } catch {
    return null;
  }
}

/** One id per browser tab, kept over reloads of that tab (sessionStorage is per tab). */
function tabIdOf(store: KeyValueStore | null): string {
  const known = store?.getItem(TAB_KEY);
  if (known) return known;
  const id = typeof crypto !== 'undefined' && 'randomUUID' in crypto ? crypto.randomUUID() : `${Date.now()}-${Math.random().toString(36).slice(2)}`;
  try {
    store?.setItem(TAB_KEY, id);
  } catch {
    // Not kept: a reload then counts as a new tab, which the session tolerates.
  }
  return id;
}

export function startFocusModel(env: AppEnv, readyCount: Signal<number | null>): FocusModel {
  return createFocusModel({
    env,
    readyCount,
    store: storageOf(() => localStorage),
    tabId: tabIdOf(storageOf(() => sessionStorage)),
    doc: typeof document === 'undefined' ? null : document,
  });
}
