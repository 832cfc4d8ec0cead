import type { FieldMessage } from './config-editor';
import { WorkingHoursEditor } from './WorkingHoursEditor';
import { defaultHours, type WorkingHours } from './working-hours-draft';

export interface OptionalWorkingHoursProps {
  /** null = no hours set (what that means is the section's: `anyTime` says it). */
  hours: WorkingHours | null;
  restrictLabel: string;
  anyTime: string;
  owner: string;
  errors: ReadonlyMap<string, FieldMessage>;
  readOnly: boolean;
  onChange(hours: WorkingHours | null): void;
}

/** Hours that may be left unset (a distribution pool, focus): a switch, then the week editor. */
export function OptionalWorkingHours({ hours, restrictLabel, anyTime, owner, errors, readOnly, onChange }: OptionalWorkingHoursProps) {
  return (
    <div class="fr-field" data-fr-optional-hours="">
      <label class="fr-check"><input type="checkbox" checked={hours !== null} disabled={readOnly} data-fr-input="restrictHours"
        onChange={(e) => onChange(e.currentTarget.checked ? defaultHours() : null)} />{restrictLabel}</label>
      {hours === null
        ? <p class="fr-muted">{anyTime}</p>
        : <WorkingHoursEditor hours={hours} owner={owner} errors={errors} readOnly={readOnly} onChange={onChange} />}
    </div>
  );
}
