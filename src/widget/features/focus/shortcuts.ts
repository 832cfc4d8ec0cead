/**
 * Keyboard shortcuts of the focus panel. Plain letters, like Close's Power Dialer, ignored while
 * the manager types (amoCRM's own inputs, notes, our forms) and with any modifier held, so
 * Ctrl+N, Cmd+S and friends stay the browser's and amoCRM's.
 */
export type FocusAction = 'next' | 'skip' | 'snooze' | 'task' | 'stop';

export const FOCUS_SHORTCUTS: ReadonlyArray<{ readonly key: string; readonly action: FocusAction }> = [
  { key: 'N', action: 'next' },
  { key: 'S', action: 'skip' },
  { key: 'Z', action: 'snooze' },
  { key: 'T', action: 'task' },
  { key: 'Q', action: 'stop' },
];

export interface KeyLike {
  readonly key: string;
  readonly ctrlKey: boolean;
  readonly metaKey: boolean;
  readonly altKey: boolean;
  readonly target: EventTarget | null;
}

function isTypingTarget(target: EventTarget | null): boolean {
  if (typeof Element === 'undefined' || !(target instanceof Element)) return false;
  if (target.closest('input, textarea, select, [contenteditable=""], [contenteditable="true"]')) return true;
  return target instanceof HTMLElement && target.isContentEditable;
}

export function actionForKey(event: KeyLike): FocusAction | null {
  if (event.ctrlKey || event.metaKey || event.altKey || isTypingTarget(event.target)) return null;
  // `key` follows the keyboard layout: on a Russian layout the N key sends "т". Both are accepted.
  const letter = LAYOUT_ALIASES[event.key.toLowerCase()] ?? event.key.toUpperCase();
  return FOCUS_SHORTCUTS.find((shortcut) => shortcut.key === letter)?.action ?? null;
}

/** The same keys on the ЙЦУКЕН layout most amoCRM users type on. */
const LAYOUT_ALIASES: Readonly<Record<string, string>> = { т: 'N', ы: 'S', я: 'Z', е: 'T', й: 'Q' };
