import { useState } from 'preact/hooks';
import type { IsoWeekday } from '../../../core/time/zone';
import type { MessageKey } from '../../i18n';
import { DayField } from '../../ui/DayField';
import { formatIsoDay } from '../../ui/format';
import { useUi } from '../../ui/context';
import type { FieldMessage } from './config-editor';
import { FieldMessageText } from './FieldMessageText';
import {
  clockMinutes, clockText, copyMondayToWeekdays, intervalsOf, MAX_INTERVALS_PER_DAY, WEEKDAYS, withDayOn, withHoliday, withInterval,
  withoutHoliday, withoutInterval, withSecondInterval, type WorkingHours,
} from './working-hours-draft';

export interface WorkingHoursEditorProps {
  hours: WorkingHours;
  /** Messages below this schedule's path (`days.1.0.end`, `days.1`, `holidays.0`, `` for the whole week). */
  errors: ReadonlyMap<string, FieldMessage>;
  /** Whose hours, for the labels of the inputs ("Monday from" alone is ambiguous with several schedules on screen). */
  owner: string;
  readOnly: boolean;
  onChange(hours: WorkingHours): void;
}

const dayKey = (day: IsoWeekday): MessageKey => `workingHours.weekday.${day}`;

/**
 * A weekly schedule — focus, distribution (pool and manager) and refusal hours alike: each
 * weekday on or off with one or two HH:MM blocks (a break between them), "copy Monday to
 * weekdays", and holidays. Times are free text, not `<input type="time">`: 24:00 is a valid end of
 * the day, which time inputs refuse, and a malformed entry must stay visible next to its message
 * rather than be silently emptied by the browser.
 */
export function WorkingHoursEditor({ hours, errors, owner, readOnly, onChange }: WorkingHoursEditorProps) {
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
                  {list.length === 0 && <span class="fr-muted">{t('workingHours.dayOff')}</span>}
                  {list.map((entry, index) => (
                    <span key={index} class="fr-hours__interval" data-fr-interval={`${day}.${index}`}>
                      <ClockInput minutes={entry.start} placeholder="09:00" readOnly={readOnly}
                        label={t('workingHours.fromOf', { day: name, owner, n: index + 1 })}
                        onMinutes={(start) => onChange(withInterval(hours, day, index, { start }))} />
                      {' – '}
                      <ClockInput minutes={entry.end} placeholder="18:00" readOnly={readOnly}
                        label={t('workingHours.toOf', { day: name, owner, n: index + 1 })}
                        onMinutes={(end) => onChange(withInterval(hours, day, index, { end }))} />
                      {!readOnly && index > 0 && (
                        <button type="button" class="fr-link" data-fr-action="remove-interval" onClick={() => onChange(withoutInterval(hours, day, index))}>
                          {t('workingHours.removeInterval')}
                        </button>
                      )}
                      <FieldMessageText message={errors.get(`days.${day}.${index}.start`)} field={`from-${day}-${index}`} />
                      <FieldMessageText message={errors.get(`days.${day}.${index}.end`)} field={`to-${day}-${index}`} />
                    </span>
                  ))}
                  {!readOnly && list.length > 0 && list.length < MAX_INTERVALS_PER_DAY && (
                    <button type="button" class="fr-link" data-fr-action="add-interval" onClick={() => onChange(withSecondInterval(hours, day))}>
                      {t('workingHours.addInterval')}
                    </button>
                  )}
                  <FieldMessageText message={errors.get(`days.${day}`)} field={`day-${day}`} />
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
      <FieldMessageText message={errors.get('')} field="week" />
      {!readOnly && (
        <button type="button" class="fr-link" data-fr-action="copy-monday" onClick={() => onChange(copyMondayToWeekdays(hours))}>
          {t('workingHours.copyMonday')}
        </button>
      )}
      <div class="fr-field">
        <span class="fr-field__label">{t('workingHours.holidays')}</span>
        {hours.holidays.length === 0 && <p class="fr-muted">{t('workingHours.noHolidays')}</p>}
        <ul class="fr-chips">
          {hours.holidays.map((day, index) => (
            <li key={day} class="fr-chip" data-fr-holiday={day}>
              {formatIsoDay(day, dates.language)}
              {!readOnly && (
                <button type="button" class="fr-chip__remove" aria-label={t('workingHours.removeHoliday', { day })}
                  onClick={() => onChange(withoutHoliday(hours, day))}>×</button>
              )}
              <FieldMessageText message={errors.get(`holidays.${index}`)} field={`holiday-${index}`} />
            </li>
          ))}
        </ul>
        {!readOnly && (
          <span class="fr-form-inline">
            <DayField value={holiday} label={t('workingHours.holidayOf', { owner })} onChange={setHoliday} data-fr-input="holiday" />
            <button type="button" class="fr-button" data-fr-action="add-holiday" disabled={holiday === ''}
              onClick={() => { onChange(withHoliday(hours, holiday)); setHoliday(''); }}>
              {t('workingHours.addHoliday')}
            </button>
          </span>
        )}
      </div>
    </div>
  );
}

interface ClockInputProps {
  minutes: number;
  label: string;
  placeholder: string;
  readOnly: boolean;
  onMinutes(minutes: number): void;
}

/**
 * An HH:MM field over a stored minute. What the admin typed stays on screen while it still means
 * the stored value (or is no time yet, NaN, and carries a message); any other change — copy
 * Monday, discard — shows the stored value.
 */
function ClockInput({ minutes, label, placeholder, readOnly, onMinutes }: ClockInputProps) {
  const [typed, setTyped] = useState<string | null>(null);
  const shown = typed !== null && Object.is(clockMinutes(typed), minutes) ? typed : clockText(minutes);
  return (
    <input class="fr-input fr-input--time" value={shown} maxLength={5} placeholder={placeholder} disabled={readOnly} aria-label={label}
      onInput={(e) => { const text = e.currentTarget.value.trim(); setTyped(text); onMinutes(clockMinutes(text)); }} />
  );
}
