/**
 * State of the launcher on every page. `readyCount` is null until the focus queue (a later issue)
 * reports a number; the view shows a placeholder until then.
 */
import { signal, type Signal } from '@preact/signals';

export interface LauncherModel {
  readonly readyCount: Signal<number | null>;
  readonly isOpen: Signal<boolean>;
  toggle(): void;
  close(): void;
}

export function createLauncherModel(initialCount: number | null = null): LauncherModel {
  const readyCount = signal<number | null>(initialCount);
  const isOpen = signal(false);
  return {
    readyCount,
    isOpen,
    toggle: () => { isOpen.value = !isOpen.value; },
    close: () => { isOpen.value = false; },
  };
}
