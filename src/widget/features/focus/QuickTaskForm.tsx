import { useMemo, useState } from 'preact/hooks';
import type { EpochMs, TaskTypeId } from '../../../core/brand';
import type { Task } from '../../../core/domain';
import type { WorkingSchedule } from '../../../core/time/schedule';
import { useUi } from '../../ui/context';
import { formatDateTime } from '../../ui/format';
import type { NewQuickTask } from './FocusModel';
import { selectDuePresets } from './task-presets';

export interface QuickTaskFormProps {
  taskTypes: ReadonlyArray<{ id: TaskTypeId; name: string }>;
  schedule: WorkingSchedule;
  now: EpochMs;
  disabled: boolean;
  /** The deal's open overdue tasks: offered for completion with a result in the same step. */
  overdue?: readonly Task[];
  onSave(task: NewQuickTask): void;
  onCancel?: () => void;
}

/** A next step in two clicks: type + a due preset (the text defaults to something sensible). */
export function QuickTaskForm({ taskTypes, schedule, now, disabled, overdue = [], onSave, onCancel }: QuickTaskFormProps) {
  const { t, dates } = useUi();
  const presets = useMemo(() => selectDuePresets(schedule, now), [schedule, now]);
  const [typeId, setTypeId] = useState<TaskTypeId | null>(taskTypes[0]?.id ?? null);
  const [dueAt, setDueAt] = useState<EpochMs | null>(presets.find((p) => p.id === 'tomorrow')?.at ?? presets[0]?.at ?? null);
  const [text, setText] = useState(t('focus.quick_task.default_text'));
  const [complete, setComplete] = useState(true);
  const [result, setResult] = useState('');
  const valid = typeId !== null && dueAt !== null && text.trim().length > 0;
  const first = overdue[0];
  return (
    <form
      class="fr-form"
      data-fr-form="task"
      onSubmit={(e) => {
        e.preventDefault();
        if (!valid) return;
        const completeOverdue = first !== undefined && complete ? { resultText: result.trim() } : null;
        onSave({ typeId, dueAt, text: text.trim(), completeOverdue });
      }}
    >
      {first !== undefined && (
        <fieldset class="fr-form__overdue" data-fr-overdue-task={first.id}>
          <label class="fr-check">
            <input type="checkbox" name="complete_overdue" checked={complete} onChange={(e) => setComplete(e.currentTarget.checked)} />
            <span>{overdue.length > 1
              ? t('focus.overdue_complete_more', { count: overdue.length, text: first.text })
              : t('focus.overdue_complete', { text: first.text })}</span>
          </label>
          {complete && (
            <label>
              {t('focus.overdue_result')}
              <input name="result" maxLength={500} value={result} placeholder={t('focus.overdue_result_placeholder')} onInput={(e) => setResult(e.currentTarget.value)} />
            </label>
          )}
        </fieldset>
      )}
      <strong>{t('focus.quick_task.title')}</strong>
      <label>
        {t('focus.quick_task.type')}
        <select name="type" value={typeId ?? ''} onChange={(e) => setTypeId(Number(e.currentTarget.value) as TaskTypeId)}>
          {taskTypes.map((type) => <option key={type.id} value={type.id}>{type.name}</option>)}
        </select>
      </label>
      <span class="fr-muted">{t('focus.quick_task.due')}</span>
      <div class="fr-chips">
        {presets.map((preset) => (
          <button
            key={preset.id}
            type="button"
            class="fr-chip"
            data-fr-due={preset.id}
            aria-pressed={preset.at === dueAt}
            title={formatDateTime(preset.at, dates)}
            onClick={() => setDueAt(preset.at)}
          >
            {t(`focus.quick_task.presets.${preset.id}`)}
          </button>
        ))}
      </div>
      <label>
        {t('focus.quick_task.text')}
        <input name="text" maxLength={500} value={text} onInput={(e) => setText(e.currentTarget.value)} />
      </label>
      <div class="fr-focus__actions">
        <button type="submit" class="fr-btn fr-btn--primary" disabled={disabled || !valid}>{t('focus.quick_task.save')}</button>
        {onCancel && <button type="button" class="fr-btn" onClick={onCancel}>{t('focus.cancel')}</button>}
      </div>
    </form>
  );
}
