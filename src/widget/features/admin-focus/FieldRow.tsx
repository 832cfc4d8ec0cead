import type { ComponentChildren } from 'preact';
import { useUi } from '../../ui/context';
import type { FieldMessage } from '../settings-kit/config-editor';
import { FieldMessageText } from '../settings-kit/FieldMessageText';

export interface FieldRowProps {
  field: string;
  label: string;
  /** Whether this layer sets the field; when not, `inherited` describes what applies. */
  isSet: boolean;
  inherited: string;
  /** null: the layer cannot hand the field back (nothing below it). */
  onToggle: ((set: boolean) => void) | null;
  readOnly: boolean;
  error: FieldMessage | undefined;
  children: ComponentChildren;
}

/** One setting of a filter layer: "set here" or inherited from the layer below. */
export function FieldRow({ field, label, isSet, inherited, onToggle, readOnly, error, children }: FieldRowProps) {
  const { t } = useUi();
  const id = `fr-field-${field}`;
  return (
    <div class={`fr-field${error ? ' fr-field--invalid' : ''}`} data-fr-field={field}>
      <div class="fr-field__head">
        <span class="fr-field__label" id={id}>{label}</span>
        {onToggle && (
          <label class="fr-muted">
            <input type="checkbox" checked={isSet} disabled={readOnly} onChange={(e) => onToggle(e.currentTarget.checked)} data-fr-override={field} />
            {' '}{t('adminFocus.setHere')}
          </label>
        )}
      </div>
      <div role="group" aria-labelledby={id}>
        {isSet ? children : <p class="fr-muted" data-fr-inherited={field}>{t('adminFocus.inherits', { value: inherited })}</p>}
      </div>
      <FieldMessageText message={error} field={field} />
    </div>
  );
}
