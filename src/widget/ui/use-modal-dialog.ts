/**
 * The keyboard and focus behaviour every modal of ours shares (the host's Modal is not available
 * to features): on open focus moves into the box, Escape closes, Tab stays inside, and on close
 * focus goes back where it was (WAI-ARIA APG "Dialog (Modal)" pattern). The caller draws the box.
 */
import type { RefObject } from 'preact';
import { useEffect, useRef } from 'preact/hooks';

const FOCUSABLE = 'a[href],button:not([disabled]),input:not([disabled]),select:not([disabled]),textarea:not([disabled]),[tabindex]:not([tabindex="-1"])';

export interface ModalDialog {
  /** Put on the element with role="dialog" (it needs tabIndex={-1} to take focus). */
  box: RefObject<HTMLDivElement>;
  onKeyDown(event: KeyboardEvent): void;
}

/** `onOpen` runs once before focus moves in (e.g. to inject the feature's styles). */
export function useModalDialog(onClose: () => void, onOpen?: () => void): ModalDialog {
  const box = useRef<HTMLDivElement>(null);
  useEffect(() => {
    onOpen?.();
    const before = document.activeElement;
    box.current?.focus();
    return () => { if (before instanceof HTMLElement) before.focus(); };
    // Once per mount: the dialog opens when it mounts and closes when it unmounts.
  }, []);
  const onKeyDown = (event: KeyboardEvent) => {
    if (event.key === 'Escape') { event.stopPropagation(); onClose(); return; }
    if (event.key !== 'Tab' || box.current === null) return;
    const items = [...box.current.querySelectorAll<HTMLElement>(FOCUSABLE)];
    const first = items[0];
    const last = items[items.length - 1];
    if (first === undefined || last === undefined) return;
    if (event.shiftKey && document.activeElement === first) { event.preventDefault(); last.focus(); }
    else if (!event.shiftKey && document.activeElement === last) { event.preventDefault(); first.focus(); }
  };
  return { box, onKeyDown };
}
