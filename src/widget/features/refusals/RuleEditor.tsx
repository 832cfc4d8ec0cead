import type { RefusalCatalog, RefusalRule } from '../../../core/refusals';
import { useUi } from '../../ui/context';
import { CheckList, RuleFieldBox, type FieldIssues } from './RuleFields';
import { RuleReviewers } from './RuleReviewers';
import { RuleTask } from './RuleTask';

export interface RuleEditorProps {
  rule: RefusalRule;
  catalog: RefusalCatalog;
  issues: FieldIssues;
  onChange(rule: RefusalRule): void;
  onRemove(): void;
}

type IdListField = 'pipelineIds' | 'lossReasonIds' | 'managerIds' | 'groupIds';

/** Parses a number field; an unparsable entry is kept as NaN so the core reports "not a number" on it. */
const numberOf = (text: string): number => (text.trim() === '' ? Number.NaN : Number(text.replace(',', '.')));

/** One rule: which lost deals (scope), who reviews them, and the review task. */
export function RuleEditor({ rule, catalog, issues, onChange, onRemove }: RuleEditorProps) {
  const { t } = useUi();
  const set = <K extends keyof RefusalRule>(key: K, value: RefusalRule[K]) => onChange({ ...rule, [key]: value });
  const warned = issues.warnings.length > 0;
  /** A scope field over catalog entries, as check boxes. */
  const idsField = <K extends IdListField>(field: K, label: string, entries: ReadonlyArray<{ id: RefusalRule[K][number]; name: string }>) => (
    <RuleFieldBox field={field} label={label} issues={issues}>
      <CheckList name={label} options={entries.map((entry) => ({ id: entry.id, label: entry.name }))} selected={rule[field]} onChange={(ids) => onChange({ ...rule, [field]: ids })} />
    </RuleFieldBox>
  );
  return (
    <fieldset class="fr-rf-rule" data-fr-rule={rule.id} data-fr-rule-warnings={issues.warnings.length}>
      <legend class="fr-rf-row">
        <span class="fr-rf-strong">{rule.name.trim() === '' ? t('refusals.rules.untitled') : rule.name}</span>
        {warned && <span class="fr-rf-warning">{t('refusals.rules.hasWarnings', { count: issues.warnings.length })}</span>}
      </legend>
      <div class="fr-rf-grid">
        <RuleFieldBox field="name" label={t('refusals.rules.name')} issues={issues}>
          <input name="name" value={rule.name} onInput={(e) => set('name', e.currentTarget.value)} />
        </RuleFieldBox>
        <label class="fr-rf-check">
          <input type="checkbox" checked={rule.enabled} onChange={(e) => set('enabled', e.currentTarget.checked)} />
          {t('refusals.rules.enabled')}
        </label>
        {idsField('pipelineIds', t('refusals.rules.pipelines'), catalog.pipelines)}
        {idsField('lossReasonIds', t('refusals.rules.reasons'), catalog.reasons)}
        <label class="fr-rf-check">
          <input type="checkbox" checked={rule.includeDealsWithoutReason} onChange={(e) => set('includeDealsWithoutReason', e.currentTarget.checked)} />
          {t('refusals.rules.withoutReason')}
        </label>
        <RuleFieldBox field="minValue" label={t('refusals.rules.minValue')} issues={issues}>
          <input name="minValue" inputMode="decimal" value={rule.minValue === null || Number.isNaN(rule.minValue) ? '' : String(rule.minValue)}
            onInput={(e) => set('minValue', e.currentTarget.value.trim() === '' ? null : numberOf(e.currentTarget.value))} />
        </RuleFieldBox>
        {idsField('managerIds', t('refusals.rules.managers'), catalog.users.filter((u) => u.isActive))}
        {idsField('groupIds', t('refusals.rules.groups'), catalog.groups)}
        <RuleFieldBox field="samplingPercent" label={t('refusals.rules.sampling')} issues={issues}>
          <input name="samplingPercent" inputMode="decimal" value={Number.isNaN(rule.samplingPercent) ? '' : String(rule.samplingPercent)}
            onInput={(e) => set('samplingPercent', numberOf(e.currentTarget.value))} />
        </RuleFieldBox>
      </div>
      <RuleReviewers rule={rule} catalog={catalog} issues={issues} onChange={onChange} />
      <RuleTask rule={rule} catalog={catalog} issues={issues} onChange={onChange} />
      <button type="button" class="fr-rf-btn" onClick={onRemove}>{t('refusals.rules.remove')}</button>
    </fieldset>
  );
}
