/**
 * The full-page sheet the analytics open in, over amoCRM (like the review workspace, but the
 * whole window: the tables are wide). A modal dialog: labelled, Escape closes it, Tab stays
 * inside, focus returns where it was (WAI-ARIA APG "Dialog (Modal)").
 */
import type { ComponentChildren } from 'preact';
import { useEffect, useRef } from 'preact/hooks';
import { useUi } from '../../ui/context';
import { ensureAnalyticsStyles } from './styles';

const FOCUSABLE = 'a[href],button:not([disabled]),input:not([disabled]),select:not([disabled]),textarea:not([disabled]),[tabindex]:not([tabindex="-1"])';

export interface PageProps {
  title: string;
  /** The tab strip, drawn in the head bar beside the title. */
  nav?: ComponentChildren;
  onClose(): void;
  children: ComponentChildren;
}

export function Page({ title, nav, onClose, children }: PageProps) {
  const { t } = useUi();
  const box = useRef<HTMLDivElement>(null);
  useEffect(() => {
    ensureAnalyticsStyles(document);
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
    <>
      <div class="fr-an-backdrop" onClick={onClose} />
      <div ref={box} class="fr-an-page" role="dialog" aria-modal="true" aria-labelledby="fr-an-title" tabIndex={-1} onKeyDown={onKeyDown} data-fr-analytics="">
        <header class="fr-an-head">
          <h2 id="fr-an-title" class="fr-an-title">{title}</h2>
          {nav}
          <button type="button" class="fr-an-close" aria-label={t('analytics.close')} onClick={onClose}>×</button>
        </header>
        <div class="fr-an-body">{children}</div>
      </div>
    </>
  );
}
