import { useUi } from '../../ui/context';
import { useAppEnv } from '../app-env';
import { errorsUnder, type FieldErrors } from '../settings-kit/config-editor';
import { WorkingHoursEditor } from '../settings-kit/WorkingHoursEditor';
import { withManagerHours, type ManagerHours } from './pools-draft';

export interface ManagerHoursEditorProps {
  list: readonly ManagerHours[];
  errors: FieldErrors;
  readOnly: boolean;
  onChange(list: ManagerHours[]): void;
}

/** Managers whose own week replaces their pools' hours (part-timers, another time of day). */
export function ManagerHoursEditor({ list, errors, readOnly, onChange }: ManagerHoursEditorProps) {
  const { t } = useUi();
  const env = useAppEnv();
  const nameOf = (id: number): string => env.managers.find((user) => user.id === id)?.name ?? t('distribution.unknownUser', { id });
  const free = env.managers.filter((user) => user.isActive && !list.some((entry) => entry.userId === user.id));
  return (
    <section class="fr-field" data-fr-manager-hours="">
      <h3 class="fr-subheading">{t('distribution.hours.managersHeading')}</h3>
      <p class="fr-muted">{t('distribution.hours.managersHint')}</p>
      {list.map((entry, index) => (
        <fieldset key={entry.userId} class="fr-stages__pipeline" data-fr-manager-hours-of={entry.userId} disabled={readOnly}>
          <legend>{nameOf(entry.userId)}</legend>
          <WorkingHoursEditor hours={entry.hours} owner={nameOf(entry.userId)} readOnly={readOnly}
            errors={errorsUnder(errors, `distribution.managerHours.${index}.hours`)}
            onChange={(hours) => onChange(list.map((other, at) => (at === index ? { ...other, hours } : other)))} />
          {!readOnly && (
            <button type="button" class="fr-link" data-fr-action="remove-manager-hours" onClick={() => onChange(list.filter((_, at) => at !== index))}>
              {t('distribution.hours.removeManager')}
            </button>
          )}
        </fieldset>
      ))}
      {!readOnly && free.length > 0 && (
        <select class="fr-input" value="" aria-label={t('distribution.hours.addManager')} data-fr-add-manager-hours=""
          onChange={(e) => { const id = Number(e.currentTarget.value); if (id > 0) onChange(withManagerHours(list, id)); }}>
          <option value="">{t('distribution.hours.addManager')}</option>
          {free.map((user) => <option key={user.id} value={user.id}>{user.name}</option>)}
        </select>
      )}
    </section>
  );
}
