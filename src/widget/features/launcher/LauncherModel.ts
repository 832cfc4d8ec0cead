/**
 * State of the launcher on every page. It lives on the widget instance (the initial script), so it
 * survives destroy() → render() on every area switch; the focus model it carries is created by the
 * lazy launcher chunk on first need and kept here for the same reason (a session runs across areas).
 */
import { signal, type Signal } from '@preact/signals';
import type { FocusModel } from '../focus/FocusModel';

export interface LauncherModel {
  /** Ready focus deals for the badge; null until the first count arrives. */
  readonly readyCount: Signal<number | null>;
  /** Refusal reviews waiting for this head or admin; null for managers and until known. */
  readonly reviewsPending: Signal<number | null>;
  readonly isOpen: Signal<boolean>;
  /** The manager's focus model, once the launcher chunk created it (type-only import: no code here). */
  readonly focus: Signal<FocusModel | null>;
  toggle(): void;
  close(): void;
}

export function createLauncherModel(initialCount: number | null = null): LauncherModel {
  const readyCount = signal<number | null>(initialCount);
  const isOpen = signal(false);
  return {
    readyCount,
    reviewsPending: signal<number | null>(null),
    isOpen,
    focus: signal<FocusModel | null>(null),
    toggle: () => { isOpen.value = !isOpen.value; },
    close: () => { isOpen.value = false; },
  };
}
