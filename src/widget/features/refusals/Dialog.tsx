/**
 * A modal dialog of our own (the host's Modal is not available to features): labelled, Escape
 * closes it, Tab stays inside, and focus goes back where it was when it closes (WAI-ARIA APG
 * "Dialog (Modal)" pattern).
 */
import type { ComponentChildren } from 'preact';
import { useUi } from '../../ui/context';
import { useModalDialog } from '../../ui/use-modal-dialog';
import { ensureRefusalStyles } from './styles';

export interface DialogProps {
  title: string;
  onClose(): void;
  children: ComponentChildren;
}

export function Dialog({ title, onClose, children }: DialogProps) {
  const { t } = useUi();
  const { box, onKeyDown } = useModalDialog(onClose, () => { ensureRefusalStyles(document); });
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
