/**
 * The full-page sheet the analytics open in, over amoCRM (like the review workspace, but the
 * whole window: the tables are wide). A modal dialog: labelled, Escape closes it, Tab stays
 * inside, focus returns where it was (WAI-ARIA APG "Dialog (Modal)").
 */
import type { ComponentChildren } from 'preact';
import { useUi } from '../../ui/context';
import { useModalDialog } from '../../ui/use-modal-dialog';
import { ensureAnalyticsStyles } from './styles';

export interface PageProps {
  title: string;
  /** The tab strip, drawn in the head bar beside the title. */
  nav?: ComponentChildren;
  onClose(): void;
  children: ComponentChildren;
}

export function Page({ title, nav, onClose, children }: PageProps) {
  const { t } = useUi();
  const { box, onKeyDown } = useModalDialog(onClose, () => { ensureAnalyticsStyles(document); });
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
