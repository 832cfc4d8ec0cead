import type { ComponentChildren } from 'preact';
import type { Pipeline } from '../../../core/domain';
import { DEFAULT_FOCUS_FILTER, type DealTaskState, type FocusFilter } from '../../../core/focus/filter';
import { useUi } from '../../ui/context';
import type { FieldMessage } from '../settings-kit/config-editor';
import { clockToMinute, describeField, minuteToClock, TASK_STATES } from './describe-filter';
import { FieldRow } from './FieldRow';
import { withField, type FilterPatch, type PatchField } from './focus-layers';
import { OrderList } from './OrderList';
import { StagePicker } from './StagePicker';
import { TagChips } from './TagChips';

export interface FilterEditorProps {
  patch: FilterPatch;
  inherited: FocusFilter;
  pipelines: readonly Pipeline[];
  /** Messages of this layer by field name. */
  errors: ReadonlyMap<string, FieldMessage>;
  readOnly: boolean;
  onChange(patch: FilterPatch): void;
}

/** Empty text is "no condition" where the field allows it; other junk becomes NaN for the checks to flag. */
const parseNumber = (text: string, nullable: boolean): number | null => (text.trim() === '' ? (nullable ? null : Number.NaN) : Number(text));
const shownNumber = (value: number | null | undefined): string => (value === null || value === undefined || Number.isNaN(value) ? '' : String(value));

/** Every setting of one filter layer, each either set here or inherited. */
export function FilterEditor({ patch, inherited, pipelines, errors, readOnly, onChange }: FilterEditorProps) {
  const { t } = useUi();
  const set = <K extends PatchField>(field: K, value: FilterPatch[K] | undefined): void => onChange(withField(patch, field, value));
  const row = (field: PatchField, control: () => ComponentChildren) => (
    <FieldRow field={field} label={t(`adminFocus.fields.${field}`)} isSet={patch[field] !== undefined}
      inherited={describeField(t, pipelines, inherited, field)} readOnly={readOnly} error={errors.get(field)}
      onToggle={(on) => set(field, on ? structuredClone(inherited[field]) as FilterPatch[typeof field] : undefined)}>
      {control()}
    </FieldRow>
  );
  const numberInput = (field: 'minDaysInStage' | 'minValue' | 'cooldownHours' | 'idleTimeoutMinutes', nullable: boolean) => row(field, () => (
    <input class="fr-input fr-input--number" type="number" min={0} disabled={readOnly} value={shownNumber(patch[field])}
      aria-invalid={errors.has(field)} aria-label={t(`adminFocus.fields.${field}`)} data-fr-input={field}
      onInput={(e) => set(field, parseNumber(e.currentTarget.value, nullable) as FilterPatch[typeof field])} />
  ));
  const taskStates = patch.taskStates ?? [];
  const toggleState = (state: DealTaskState, on: boolean): void =>
    set('taskStates', on ? TASK_STATES.filter((entry) => entry === state || taskStates.includes(entry)) : taskStates.filter((entry) => entry !== state));

  return (
    <div class="fr-filter" data-fr-filter="">
      {row('stages', () => <StagePicker pipelines={pipelines} value={patch.stages ?? []} readOnly={readOnly} onChange={(stages) => set('stages', stages)} />)}
      {row('taskStates', () => (
        <div class="fr-checks">
          {TASK_STATES.map((state) => (
            <label key={state} class="fr-check">
              <input type="checkbox" disabled={readOnly} checked={taskStates.includes(state)} data-fr-task-state={state}
                onChange={(e) => toggleState(state, e.currentTarget.checked)} />
              {t(`adminFocus.taskState.${state}`)}
            </label>
          ))}
          {taskStates.length === 0 && <span class="fr-muted">{t('adminFocus.taskState.anyHint')}</span>}
        </div>
      ))}
      {numberInput('minDaysInStage', true)}
      {numberInput('minValue', true)}
      {row('tagsIn', () => <TagChips field="tagsIn" value={patch.tagsIn ?? []} readOnly={readOnly} onChange={(tags) => set('tagsIn', tags)} />)}
      {row('tagsOut', () => <TagChips field="tagsOut" value={patch.tagsOut ?? []} readOnly={readOnly} onChange={(tags) => set('tagsOut', tags)} />)}
      {numberInput('cooldownHours', true)}
      {row('order', () => <OrderList value={patch.order ?? DEFAULT_FOCUS_FILTER.order} readOnly={readOnly} onChange={(order) => set('order', order)} />)}
      {numberInput('idleTimeoutMinutes', false)}
      {row('endOfDayMinute', () => (
        <input class="fr-input" type="time" disabled={readOnly} data-fr-input="endOfDayMinute" aria-label={t('adminFocus.fields.endOfDayMinute')}
          value={patch.endOfDayMinute === null || patch.endOfDayMinute === undefined ? '' : minuteToClock(patch.endOfDayMinute)}
          onInput={(e) => set('endOfDayMinute', e.currentTarget.value === '' ? null : clockToMinute(e.currentTarget.value) ?? Number.NaN)} />
      ))}
    </div>
  );
}
