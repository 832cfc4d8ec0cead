import { useMemo, useState } from 'preact/hooks';
import type { EpochMs, TaskTypeId } from '../../../core/brand';
import type { WorkingSchedule } from '../../../core/time/schedule';
import { useUi } from '../../ui/context';
import { formatDateTime } from '../../ui/format';
import { selectDuePresets } from './task-presets';

export interface QuickTaskFormProps {
  taskTypes: ReadonlyArray<{ id: TaskTypeId; name: string }>;
  schedule: WorkingSchedule;
  now: EpochMs;
  disabled: boolean;
  onSave(task: { typeId: TaskTypeId; dueAt: EpochMs; text: string }): void;
  onCancel?: () => void;
}

/** A next step in two clicks: type + a due preset (the text defaults to something sensible). */
export function QuickTaskForm({ taskTypes, schedule, now, disabled, onSave, onCancel }: QuickTaskFormProps) {
  const { t, dates } = useUi();
  const presets = useMemo(() => selectDuePresets(schedule, now), [schedule, now]);
  const [typeId, setTypeId] = useState<TaskTypeId | null>(taskTypes[0]?.id ?? null);
  const [dueAt, setDueAt] = useState<EpochMs | null>(presets.find((p) => p.id === 'tomorrow')?.at ?? presets[0]?.at ?? null);
  const [text, setText] = useState(t('focus.quick_task.default_text'));
  const valid = typeId !== null && dueAt !== null && text.trim().length > 0;
  return (
    <form
      class="fr-form"
      data-fr-form="task"
      onSubmit={(e) => { e.preventDefault(); if (valid) onSave({ typeId, dueAt, text: text.trim() }); }}
    >
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
