/**
 * The sandbox clock: starts at `startMs` and then runs with real time, so tokens expire and tasks
 * become overdue on their own, while tests can jump ahead (`advance`) or pin it (`set`) instead of
 * sleeping. Everything time-based in the sandbox reads this clock, never `Date.now()` directly.
 */
export interface SandboxClock {
  now(): number;
  advance(ms: number): void;
  set(ms: number): void;
  /** Called after every advance/set, so timers keyed on sandbox time can fire at once. */
  onJump(listener: () => void): void;
}

export function createClock(startMs: number): SandboxClock {
  let base = startMs;
  let anchor = performance.now();
  const listeners: Array<() => void> = [];
  const jumped = (): void => { for (const l of listeners) l(); };
  return {
    now: () => Math.floor(base + (performance.now() - anchor)),
    advance(ms) { base += ms; jumped(); },
    set(ms) { base = ms; anchor = performance.now(); jumped(); },
    onJump(listener) { listeners.push(listener); },
  };
}

export const toSeconds = (ms: number): number => Math.floor(ms / 1000);
