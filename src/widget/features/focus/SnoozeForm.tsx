import { useState } from 'preact/hooks';
import { SNOOZE_TWO_HOURS, type SnoozePreset } from '../../../core/focus';
import { useUi } from '../../ui/context';

/** Snooze presets: 2 hours, tomorrow morning (working schedule), or until a chosen date. Keys 1–3 pick one. */
export function SnoozeForm({ disabled, onSnooze, onCancel }: { disabled: boolean; onSnooze(preset: SnoozePreset): void; onCancel(): void }) {
  const { t } = useUi();
  const [date, setDate] = useState('');
  const onKeyDown = (e: KeyboardEvent): void => {
    if (e.target instanceof HTMLInputElement) return;
    if (e.key === '1') onSnooze(SNOOZE_TWO_HOURS);
    if (e.key === '2') onSnooze({ kind: 'tomorrow_morning' });
  };
  return (
    <form class="fr-form" data-fr-form="snooze" onKeyDown={onKeyDown} onSubmit={(e) => { e.preventDefault(); if (date) onSnooze({ kind: 'date', date }); }}>
      <div class="fr-chips">
        <button type="button" class="fr-chip" autoFocus disabled={disabled} onClick={() => onSnooze(SNOOZE_TWO_HOURS)}>1 · {t('focus.snooze_presets.two_hours')}</button>
        <button type="button" class="fr-chip" disabled={disabled} onClick={() => onSnooze({ kind: 'tomorrow_morning' })}>2 · {t('focus.snooze_presets.tomorrow')}</button>
      </div>
      <label>
        {t('focus.snooze_presets.date')}
        <input type="date" name="date" value={date} onInput={(e) => setDate(e.currentTarget.value)} />
      </label>
      <div class="fr-focus__actions">
        <button type="submit" class="fr-btn fr-btn--primary" disabled={disabled || date === ''}>{t('focus.snooze_confirm')}</button>
        <button type="button" class="fr-btn" onClick={onCancel}>{t('focus.cancel')}</button>
      </div>
    </form>
  );
}
