/**
 * A modal dialog of our own (the host's Modal is not available to features): labelled, Escape
 * closes it, Tab stays inside, and focus goes back where it was when it closes (WAI-ARIA APG
 * "Dialog (Modal)" pattern).
 */
import type { ComponentChildren } from 'preact';
import { useEffect, useRef } from 'preact/hooks';
import { useUi } from '../../ui/context';
import { ensureRefusalStyles } from './styles';

const FOCUSABLE = 'a[href],button:not([disabled]),input:not([disabled]),select:not([disabled]),textarea:not([disabled]),[tabindex]:not([tabindex="-1"])';

export interface DialogProps {
  title: string;
  onClose(): void;
  children: ComponentChildren;
}

export function Dialog({ title, onClose, children }: DialogProps) {
  const { t } = useUi();
  const box = useRef<HTMLDivElement>(null);
  useEffect(() => {
    ensureRefusalStyles(document);
    const before = document.activeElement;
    box.current?.focus();
    return () => { if (before instanceof HTMLElement) before.focus(); };
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

  return (
    <div class="fr-rf-backdrop" onClick={(event) => { if (event.target === event.currentTarget) onClose(); }}>
      <div ref={box} class="fr-rf-dialog" role="dialog" aria-modal="true" aria-labelledby="fr-rf-dialog-title" tabIndex={-1} onKeyDown={onKeyDown}>
        <header class="fr-rf-dialog__head">
          <h2 id="fr-rf-dialog-title" class="fr-heading">{title}</h2>
          <button type="button" class="fr-rf-icon" aria-label={t('refusals.close')} onClick={onClose}>×</button>
        </header>
        {children}
      </div>
    </div>
  );
}
