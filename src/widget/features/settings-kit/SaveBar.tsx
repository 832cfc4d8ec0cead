import { useEffect } from 'preact/hooks';
import { useUi } from '../../ui/context';
import type { ConfigEditor } from './config-editor';

/**
 * Save / discard for a settings tab, with the outcomes spelled out: saved, invalid (see the
 * fields), failed, and a version conflict with its two ways out.
 */
export function SaveBar({ editor }: { editor: ConfigEditor }) {
  const { t } = useUi();
  const dirty = editor.dirty.value;
  const state = editor.saveState.value;
  useUnsavedGuard(dirty);
  if (state.kind === 'conflict') {
    return (
      <div class="fr-savebar fr-savebar--conflict" role="alert" data-fr-save="conflict">
        <p>{t('adminFocus.save.conflict')}</p>
        <button type="button" class="fr-button" onClick={() => void editor.reload()} data-fr-action="reload">{t('adminFocus.save.reload')}</button>
        <button type="button" class="fr-button fr-button--danger" onClick={() => void editor.overwrite()} data-fr-action="overwrite">{t('adminFocus.save.overwrite')}</button>
      </div>
    );
  }
  return (
    <div class="fr-savebar" data-fr-save={state.kind}>
      <button type="button" class="fr-button fr-button--primary" disabled={!dirty || state.kind === 'saving'} onClick={() => void editor.save()} data-fr-action="save">
        {state.kind === 'saving' ? t('adminFocus.save.saving') : t('adminFocus.save.save')}
      </button>
      <button type="button" class="fr-button" disabled={!dirty || state.kind === 'saving'} onClick={editor.discard} data-fr-action="discard">{t('adminFocus.save.discard')}</button>
      {dirty && state.kind === 'idle' && <span class="fr-muted" data-fr-dirty="">{t('adminFocus.save.unsaved')}</span>}
      {state.kind === 'saved' && <span class="fr-ok" role="status">{t('adminFocus.save.saved')}</span>}
      {state.kind === 'invalid' && <span class="fr-field__error" role="alert">{t('adminFocus.save.invalid')}</span>}
      {state.kind === 'failed' && <span class="fr-field__error" role="alert">{t('adminFocus.save.failed')}</span>}
    </div>
  );
}

/**
 * Leaving the page with unsaved settings asks first. amoCRM navigates inside its own app too;
 * those in-app moves cannot be intercepted from a widget, so the bar also says "unsaved".
 */
function useUnsavedGuard(dirty: boolean): void {
  useEffect(() => {
    if (!dirty || typeof window === 'undefined') return undefined;
    const warn = (event: BeforeUnloadEvent): void => { event.preventDefault(); };
    window.addEventListener('beforeunload', warn);
    return () => window.removeEventListener('beforeunload', warn);
  }, [dirty]);
}
