import { SYSTEM_TASK_TYPE_IDS } from '../../../core/refusals';
import type { AccountConfig, ServiceClient } from '../../service-client';
import { useUi } from '../../ui/context';
import { errorsUnder, type ConfigEditor, type FieldMessage } from '../settings-kit/config-editor';
import { FieldMessageText } from '../settings-kit/FieldMessageText';
import { SaveBar } from '../settings-kit/SaveBar';
import { useAdminStyles } from '../settings-kit/styles';
import { WhenLoaded } from '../settings-kit/WhenLoaded';
import {
  adviceSlice, moved, newTemplate, TEMPLATE_LIMITS, validateAdviceSection,
  type AdviceTemplateConfig, type ManagerTaskConfig,
} from './advice-templates';
import { EmbeddedSaveState } from './EmbeddedSaveState';
import { useSliceEditor } from './use-slice-editor';

export interface AdviceTemplatesEditorProps {
  service: ServiceClient;
  /** The account's own task types (amoCRM's call and meeting are always offered). */
  taskTypes: ReadonlyArray<{ id: number; name: string }>;
  /**
   * Inside the Refusals tab the tab's one Save button saves the templates too: the editor is
   * handed over and only a conflict or a failure shows here. Alone, the editor has its own save bar.
   */
  register?(editor: ConfigEditor): void;
}

const numberOf = (text: string): number => (text.trim() === '' ? Number.NaN : Number(text.replace(',', '.')));

/**
 * Advanced settings → Refusals: the advice templates heads pick from when they return a deal, and
 * the defaults of the task the manager then gets. Saved on its own (see `slicePort`) with the
 * shared save bar: saved / invalid / failed / someone else changed the templates meanwhile.
 */
export default function AdviceTemplatesEditor({ service, taskTypes, register }: AdviceTemplatesEditorProps) {
  useAdminStyles();
  const editor = useSliceEditor(service, adviceSlice, validateAdviceSection, register);
  return <WhenLoaded editor={editor}>{(draft) => <TemplatesForm editor={editor} draft={draft} taskTypes={taskTypes} embedded={register !== undefined} />}</WhenLoaded>;
}

interface TemplatesFormProps {
  editor: ConfigEditor;
  draft: AccountConfig;
  taskTypes: AdviceTemplatesEditorProps['taskTypes'];
  /** Saved by the tab's one Save (only a conflict or a failure shows here). */
  embedded: boolean;
}

function TemplatesForm({ editor, draft, taskTypes, embedded }: TemplatesFormProps) {
  const { t } = useUi();
  const templates = draft.refusals.adviceTemplates;
  const task = draft.refusals.managerTask;
  const errors = editor.errors.value;
  const setTemplates = (next: AdviceTemplateConfig[]) => editor.edit((config) => ({ ...config, refusals: { ...config.refusals, adviceTemplates: next } }));
  const setTask = (next: ManagerTaskConfig) => editor.edit((config) => ({ ...config, refusals: { ...config.refusals, managerTask: next } }));
  const types = [
    ...SYSTEM_TASK_TYPE_IDS.filter((id) => !taskTypes.some((type) => type.id === id))
      .map((id) => ({ id, name: t(id === 1 ? 'refusals.rules.taskCall' : 'refusals.rules.taskMeeting') })),
    ...taskTypes,
  ];
  const dueError = errors.get('refusals.managerTask.dueInWorkingHours');
  return (
    <section class="fr-admin" data-fr-advice-templates="">
      <h3 class="fr-subheading">{t('refusals.templates.heading')}</h3>
      <p class="fr-muted">{t('refusals.templates.hint')}</p>
      {templates.length === 0 && <p class="fr-muted">{t('refusals.templates.none')}</p>}
      <ol class="fr-templates">
        {templates.map((entry, index) => (
          <TemplateRow key={entry.id} entry={entry} index={index} count={templates.length} errors={errorsUnder(errors, `refusals.adviceTemplates.${index}`)}
            onChange={(next) => setTemplates(templates.map((other, at) => (at === index ? next : other)))}
            onMove={(by) => setTemplates(moved(templates, index, by))}
            onRemove={() => setTemplates(templates.filter((_, at) => at !== index))} />
        ))}
      </ol>
      {templates.length < TEMPLATE_LIMITS.count
        ? <button type="button" class="fr-button" data-fr-action="add-template" onClick={() => setTemplates([...templates, newTemplate(templates)])}>{t('refusals.templates.add')}</button>
        : <p class="fr-muted">{t('refusals.templates.limit', { max: TEMPLATE_LIMITS.count })}</p>}
      <h3 class="fr-subheading">{t('refusals.templates.taskHeading')}</h3>
      <div class="fr-field" data-fr-field="managerTaskType">
        <label>{t('refusals.templates.taskType')}{' '}
          <select class="fr-input" value={String(task.taskTypeId)} data-fr-input="managerTaskType"
            onChange={(e) => setTask({ ...task, taskTypeId: Number(e.currentTarget.value) })}>
            {types.map((type) => <option key={type.id} value={String(type.id)}>{type.name}</option>)}
            {!types.some((type) => type.id === task.taskTypeId) && <option value={String(task.taskTypeId)}>{t('refusals.rules.removedItem', { id: task.taskTypeId })}</option>}
          </select>
        </label>
        <FieldMessageText message={errors.get('refusals.managerTask.taskTypeId')} field="managerTaskType" />
      </div>
      <div class={`fr-field${dueError ? ' fr-field--invalid' : ''}`} data-fr-field="managerTaskDue">
        <label>{t('refusals.templates.taskDue')}{' '}
          <input class="fr-input fr-input--number" inputMode="decimal" data-fr-input="managerTaskDue"
            value={Number.isNaN(task.dueInWorkingHours) ? '' : String(task.dueInWorkingHours)}
            onInput={(e) => setTask({ ...task, dueInWorkingHours: numberOf(e.currentTarget.value) })} />
        </label>
        <FieldMessageText message={dueError} field="managerTaskDue" />
      </div>
      {!embedded || editor.saveState.value.kind === 'conflict' ? <SaveBar editor={editor} /> : <EmbeddedSaveState editor={editor} />}
    </section>
  );
}

interface TemplateRowProps {
  entry: AdviceTemplateConfig;
  index: number;
  count: number;
  errors: ReadonlyMap<string, FieldMessage>;
  onChange(entry: AdviceTemplateConfig): void;
  onMove(by: -1 | 1): void;
  onRemove(): void;
}

function TemplateRow({ entry, index, count, errors, onChange, onMove, onRemove }: TemplateRowProps) {
  const { t } = useUi();
  const n = index + 1;
  const titleError = errors.get('title');
  const textError = errors.get('text');
  return (
    <li class="fr-stages__pipeline" data-fr-template={entry.id}>
      <div class={`fr-field${titleError ? ' fr-field--invalid' : ''}`}>
        <input class="fr-input" value={entry.title} maxLength={TEMPLATE_LIMITS.title} placeholder={t('refusals.templates.title')}
          aria-label={t('refusals.templates.titleOf', { n })} onInput={(e) => onChange({ ...entry, title: e.currentTarget.value })} />
        <FieldMessageText message={titleError} field={`template-title-${index}`} />
      </div>
      <div class={`fr-field${textError ? ' fr-field--invalid' : ''}`}>
        <textarea class="fr-input" rows={3} value={entry.text} maxLength={TEMPLATE_LIMITS.text} placeholder={t('refusals.templates.text')}
          aria-label={t('refusals.templates.textOf', { n })} onInput={(e) => onChange({ ...entry, text: e.currentTarget.value })} />
        <FieldMessageText message={textError} field={`template-text-${index}`} />
      </div>
      <button type="button" class="fr-link" disabled={index === 0} aria-label={`${t('refusals.templates.up')}: ${entry.title || t('refusals.templates.untitled')}`}
        data-fr-action="template-up" onClick={() => onMove(-1)}>↑ {t('refusals.templates.up')}</button>
      <button type="button" class="fr-link" disabled={index === count - 1} aria-label={`${t('refusals.templates.down')}: ${entry.title || t('refusals.templates.untitled')}`}
        data-fr-action="template-down" onClick={() => onMove(1)}>↓ {t('refusals.templates.down')}</button>
      <button type="button" class="fr-link" data-fr-action="remove-template" onClick={onRemove}>{t('refusals.templates.remove')}</button>
    </li>
  );
}
