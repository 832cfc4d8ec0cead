import type { TaskTypeId } from '../../../core/brand';
import type { RefusalCatalog, RefusalRule, ReviewDueSpec } from '../../../core/refusals';
import { renderTaskText, SYSTEM_TASK_TYPE_IDS, TASK_TEXT_PLACEHOLDERS } from '../../../core/refusals';
import { useUi } from '../../ui/context';
import { useAppEnv } from '../app-env';
import { formatValue } from './format';
import { RuleFieldBox, type FieldIssues } from './RuleFields';

export interface RuleTaskProps { rule: RefusalRule; catalog: RefusalCatalog; issues: FieldIssues; onChange(rule: RefusalRule): void }

const numberOf = (text: string): number => (text.trim() === '' ? Number.NaN : Number(text.replace(',', '.')));
const shown = (n: number): string => (Number.isNaN(n) ? '' : String(n));

/** The review task: type, due time in working hours, and its text with a live preview. */
export function RuleTask({ rule, catalog, issues, onChange }: RuleTaskProps) {
  const { t, dates } = useUi();
  const env = useAppEnv();
  const setDue = (due: ReviewDueSpec) => onChange({ ...rule, due });
  const systemTypes = SYSTEM_TASK_TYPE_IDS.filter((id) => !catalog.taskTypes.some((tt) => tt.id === id))
    .map((id) => ({ id, name: t(id === 1 ? 'refusals.rules.taskCall' : 'refusals.rules.taskMeeting') }));
  const types = [...systemTypes, ...catalog.taskTypes];
  const sample = {
    deal: t('refusals.rules.sampleDeal'),
    manager: catalog.users[0]?.name ?? t('refusals.unknown'),
    reason: catalog.reasons[0]?.name ?? t('refusals.noReason'),
    value: formatValue(150_000, dates),
    link: `https://${env.account.subdomain ?? 'example'}.amocrm.ru/leads/detail/1`,
  };
  return (
    <div class="fr-rf-grid" style={{ marginTop: '8px' }}>
      <RuleFieldBox field="taskTypeId" label={t('refusals.rules.taskType')} issues={issues}>
        <select name="taskTypeId" value={String(rule.taskTypeId)} onChange={(e) => onChange({ ...rule, taskTypeId: Number(e.currentTarget.value) as TaskTypeId })}>
          {types.map((tt) => <option key={tt.id} value={String(tt.id)}>{tt.name}</option>)}
          {!types.some((tt) => tt.id === rule.taskTypeId) && <option value={String(rule.taskTypeId)}>{t('refusals.rules.removedItem', { id: rule.taskTypeId })}</option>}
        </select>
      </RuleFieldBox>
      <RuleFieldBox field="due" label={t('refusals.rules.due')} issues={issues}>
        <select name="dueKind" value={rule.due.kind}
          onChange={(e) => setDue(e.currentTarget.value === 'within_working_hours' ? { kind: 'within_working_hours', hours: 8 } : { kind: 'next_working_day_at', hour: 10, minute: 0 })}>
          <option value="within_working_hours">{t('refusals.rules.dueWithin')}</option>
          <option value="next_working_day_at">{t('refusals.rules.dueNextDay')}</option>
        </select>
        {rule.due.kind === 'within_working_hours'
          ? <input name="dueHours" aria-label={t('refusals.rules.dueHours')} inputMode="decimal" value={shown(rule.due.hours)}
              onInput={(e) => setDue({ kind: 'within_working_hours', hours: numberOf(e.currentTarget.value) })} />
          : <DueClock due={rule.due} onChange={setDue} />}
      </RuleFieldBox>
      <RuleFieldBox field="taskText" label={t('refusals.rules.taskText')} issues={issues}>
        <textarea name="taskText" value={rule.taskText} onInput={(e) => onChange({ ...rule, taskText: e.currentTarget.value })} />
        {/* The placeholders are what the admin types, so they show as code, not as unfilled text. */}
        <span class="fr-rf-muted">{t('refusals.rules.placeholdersLabel')}{' '}
          {TASK_TEXT_PLACEHOLDERS.map((p) => <code key={p} class="fr-rf-code">{`{${p}}`}</code>)}</span>
      </RuleFieldBox>
      <div>
        <span class="fr-rf-muted">{t('refusals.rules.preview')}</span>
        <p class="fr-rf-preview" data-fr-preview="">{renderTaskText(rule.taskText, sample)}</p>
      </div>
    </div>
  );
}

function DueClock({ due, onChange }: { due: Extract<ReviewDueSpec, { kind: 'next_working_day_at' }>; onChange(due: ReviewDueSpec): void }) {
  const { t } = useUi();
  const value = `${String(due.hour).padStart(2, '0')}:${String(due.minute).padStart(2, '0')}`;
  return (
    <input type="time" name="dueClock" aria-label={t('refusals.rules.dueClock')} value={value}
      onInput={(e) => {
        const [hour, minute] = e.currentTarget.value.split(':').map(Number);
        onChange({ kind: 'next_working_day_at', hour: hour ?? Number.NaN, minute: minute ?? Number.NaN });
      }} />
  );
}
