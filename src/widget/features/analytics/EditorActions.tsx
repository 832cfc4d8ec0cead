/** The end of every analytics editor form: why the last save failed, then Save and Cancel. */
import { useUi } from '../../ui/context';
import { describeFailure } from './failure';

export interface EditorActionsProps {
  /** The last save's error; null when there is none. */
  failure: unknown;
  saving: boolean;
  saveLabel: string;
  /** The data attribute that marks the form's Save button (e.g. `data-fr-an-target-save`). */
  saveMarker: `data-${string}`;
  onCancel: () => void;
}

export function EditorActions({ failure, saving, saveLabel, saveMarker, onCancel }: EditorActionsProps) {
  const { t } = useUi();
  return (
    <>
      {failure !== null && <p class="fr-an-error" role="alert">{describeFailure(t, failure)}</p>}
      <div class="fr-an-actions">
        <button type="submit" class="fr-an-btn fr-an-btn--primary" disabled={saving} {...{ [saveMarker]: '' }}>{saveLabel}</button>
        <button type="button" class="fr-an-btn" onClick={onCancel}>{t('analytics.targets.cancel')}</button>
      </div>
    </>
  );
}
