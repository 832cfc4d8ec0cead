import { useState } from 'preact/hooks';
import type { MessageKey } from '../../i18n';
import { DayField } from '../../ui/DayField';
import { formatIsoDay } from '../../ui/format';
import { useUi } from '../../ui/context';
import type { FieldMessage } from '../admin-focus/config-editor';
import { FieldMessageText } from '../admin-focus/FieldMessageText';
import {
  copyMondayToWeekdays, intervalsOf, MAX_INTERVALS_PER_DAY, WEEKDAYS, withDayOn, withHoliday, withInterval, withoutHoliday,
  withoutInterval, withSecondInterval, type Weekday, type WorkingHours,
} from './hours-draft';

export interface HoursEditorProps {
  hours: WorkingHours;
  /** Messages below this schedule's path (`days.1.0.to`, `days.1`, `holidays.0`). */
  errors: ReadonlyMap<string, FieldMessage>;
  /** Whose hours, for the labels of the inputs ("Monday from" alone is ambiguous with several schedules on screen). */
  owner: string;
  readOnly: boolean;
  onChange(hours: WorkingHours): void;
}

const dayKey = (day: Weekday): MessageKey => `distribution.hours.weekday.${day}`;

/**
 * A weekly schedule: each weekday on or off with one or two HH:MM blocks, "copy Monday to
 * weekdays", and holidays. Times are free text, not `<input type="time">`: the schema accepts
 * 24:00 as the end of the day, which time inputs refuse, and a malformed entry must stay visible
 * next to its message rather than be silently emptied by the browser.
 */
export function HoursEditor({ hours, errors, owner, readOnly, onChange }: HoursEditorProps) {
  const { t, dates } = useUi();
  const [holiday, setHoliday] = useState('');
  return (
    <div class="fr-hours" data-fr-hours={owner}>
      <table class="fr-table">
        <tbody>
          {WEEKDAYS.map((day) => {
            const list = intervalsOf(hours, day);
            const name = t(dayKey(day));
            return (
              <tr key={day} data-fr-day={day}>
                <th scope="row">
                  <label class="fr-check"><input type="checkbox" checked={list.length > 0} disabled={readOnly} data-fr-day-on={day}
                    onChange={(e) => onChange(withDayOn(hours, day, e.currentTarget.checked))} />{name}</label>
                </th>
                <td>
                  {list.length === 0 && <span class="fr-muted">{t('distribution.hours.dayOff')}</span>}
                  {list.map((entry, index) => (
                    <span key={index} class="fr-hours__interval" data-fr-interval={`${day}.${index}`}>
                      <input class="fr-input fr-input--time" value={entry.from} maxLength={5} placeholder="09:00" disabled={readOnly}
                        aria-label={t('distribution.hours.fromOf', { day: name, owner, n: index + 1 })}
                        onInput={(e) => onChange(withInterval(hours, day, index, { from: e.currentTarget.value.trim() }))} />
                      {' – '}
                      <input class="fr-input fr-input--time" value={entry.to} maxLength={5} placeholder="18:00" disabled={readOnly}
                        aria-label={t('distribution.hours.toOf', { day: name, owner, n: index + 1 })}
                        onInput={(e) => onChange(withInterval(hours, day, index, { to: e.currentTarget.value.trim() }))} />
                      {!readOnly && index > 0 && (
                        <button type="button" class="fr-link" data-fr-action="remove-interval" onClick={() => onChange(withoutInterval(hours, day, index))}>
                          {t('distribution.hours.removeInterval')}
                        </button>
                      )}
                      <FieldMessageText message={errors.get(`days.${day}.${index}.from`)} field={`from-${day}-${index}`} />
                      <FieldMessageText message={errors.get(`days.${day}.${index}.to`)} field={`to-${day}-${index}`} />
                    </span>
                  ))}
                  {!readOnly && list.length > 0 && list.length < MAX_INTERVALS_PER_DAY && (
                    <button type="button" class="fr-link" data-fr-action="add-interval" onClick={() => onChange(withSecondInterval(hours, day))}>
                      {t('distribution.hours.addInterval')}
                    </button>
                  )}
                  <FieldMessageText message={errors.get(`days.${day}`)} field={`day-${day}`} />
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
      {!readOnly && (
        <button type="button" class="fr-link" data-fr-action="copy-monday" onClick={() => onChange(copyMondayToWeekdays(hours))}>
          {t('distribution.hours.copyMonday')}
        </button>
      )}
      <div class="fr-field">
        <span class="fr-field__label">{t('distribution.hours.holidays')}</span>
        {hours.holidays.length === 0 && <p class="fr-muted">{t('distribution.hours.noHolidays')}</p>}
        <ul class="fr-chips">
          {hours.holidays.map((day, index) => (
            <li key={day} class="fr-chip" data-fr-holiday={day}>
              {formatIsoDay(day, dates.language)}
              {!readOnly && (
                <button type="button" class="fr-chip__remove" aria-label={t('distribution.hours.removeHoliday', { day })}
                  onClick={() => onChange(withoutHoliday(hours, day))}>×</button>
              )}
              <FieldMessageText message={errors.get(`holidays.${index}`)} field={`holiday-${index}`} />
            </li>
          ))}
        </ul>
        {!readOnly && (
          <span class="fr-form-inline">
            <DayField value={holiday} label={t('distribution.hours.holidayOf', { owner })} onChange={setHoliday} data-fr-input="holiday" />
            <button type="button" class="fr-button" data-fr-action="add-holiday" disabled={holiday === ''}
              onClick={() => { onChange(withHoliday(hours, holiday)); setHoliday(''); }}>
              {t('distribution.hours.addHoliday')}
            </button>
          </span>
        )}
      </div>
    </div>
  );
}
