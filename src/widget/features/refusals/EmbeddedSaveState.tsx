import { useUi } from '../../ui/context';
import type { ConfigEditor } from '../settings-kit/config-editor';

/** What the tab's shared Save did to an editor's slice, when it is not simply saved. */
export function EmbeddedSaveState({ editor }: { editor: ConfigEditor }) {
  const { t } = useUi();
  const state = editor.saveState.value.kind;
  if (state === 'invalid') return <p class="fr-field__error" role="alert" data-fr-save="invalid">{t('adminFocus.save.invalid')}</p>;
  if (state === 'failed') return <p class="fr-field__error" role="alert" data-fr-save="failed">{t('adminFocus.save.failed')}</p>;
  return null;
}
