import { useState } from 'preact/hooks';
import { useUi } from '../../ui/context';

const MAX_REASON = 200;

/** "Set away" opens a reason field: the manager will read it, so it is required. */
export function SetAwayForm({ name, onSubmit }: { name: string; onSubmit(reason: string): Promise<void> }) {
  const { t } = useUi();
  const [open, setOpen] = useState(false);
  const [reason, setReason] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  if (!open) return <button type="button" class="fr-button" onClick={() => setOpen(true)} data-fr-action="set-away">{t('team.setAway')}</button>;
  const submit = async (event: Event): Promise<void> => {
    event.preventDefault();
    const text = reason.trim();
    if (text === '') return setError(t('team.reasonRequired'));
    if (text.length > MAX_REASON) return setError(t('team.reasonTooLong', { max: MAX_REASON }));
    setBusy(true);
    await onSubmit(text);
    setBusy(false);
    setOpen(false);
    setReason('');
  };
  return (
    <form class="fr-form-inline" onSubmit={(event) => void submit(event)} data-fr-away-form="">
      <input class="fr-input" value={reason} aria-label={t('team.reasonFor', { name })} placeholder={t('team.reason')} aria-invalid={error !== null}
        onInput={(e) => { setReason(e.currentTarget.value); setError(null); }} />
      <button type="submit" class="fr-button fr-button--primary" disabled={busy}>{t('team.confirmAway')}</button>
      <button type="button" class="fr-button" onClick={() => { setOpen(false); setError(null); }}>{t('team.cancel')}</button>
      {error !== null && <p class="fr-field__error" role="alert" data-fr-field-error="reason">{error}</p>}
    </form>
  );
}
