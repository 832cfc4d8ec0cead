import { useState } from 'preact/hooks';
import { useUi } from '../../ui/context';

/** Skip needs a reason: it shows in the session log and tells the head why a deal was passed over. */
export function SkipForm({ disabled, onSkip, onCancel }: { disabled: boolean; onSkip(reason: string): void; onCancel(): void }) {
  const { t } = useUi();
  const [reason, setReason] = useState('');
  const valid = reason.trim().length > 0;
  return (
    <form class="fr-form" data-fr-form="skip" onSubmit={(e) => { e.preventDefault(); if (valid) onSkip(reason); }}>
      <label>
        {t('focus.skip_reason')}
        <input name="reason" autoFocus maxLength={200} value={reason} onInput={(e) => setReason(e.currentTarget.value)} />
      </label>
      <div class="fr-focus__actions">
        <button type="submit" class="fr-btn fr-btn--primary" disabled={disabled || !valid}>{t('focus.skip_confirm')}</button>
        <button type="button" class="fr-btn" onClick={onCancel}>{t('focus.cancel')}</button>
      </div>
    </form>
  );
}
