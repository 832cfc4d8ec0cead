/** Small form parts of the rule editor: a labelled field with its messages, and a checklist of ids. */
import type { ComponentChildren } from 'preact';
import type { RuleField, RuleIssue } from '../../../core/refusals';
import { useUi } from '../../ui/context';

export interface FieldIssues { errors: readonly RuleIssue[]; warnings: readonly RuleIssue[] }

export function RuleFieldBox({ field, label, issues, children }: { field: RuleField; label: string; issues: FieldIssues; children: ComponentChildren }) {
  const { t } = useUi();
  const errors = issues.errors.filter((i) => i.field === field);
  const warnings = issues.warnings.filter((i) => i.field === field);
  const text = (issue: RuleIssue): string => t(`refusals.rules.issues.${issue.code}`, { ref: issue.ref ?? '' });
  return (
    <div class="fr-rf-fieldbox" data-fr-field={field} data-fr-invalid={errors.length > 0 ? 'true' : undefined}>
      <label>
        <span>{label}</span>
        {children}
      </label>
      {errors.map((issue, i) => <p key={`e${i}`} class="fr-rf-field-error" data-fr-issue={issue.code}>{text(issue)}</p>)}
      {warnings.map((issue, i) => <p key={`w${i}`} class="fr-rf-warning" data-fr-issue={issue.code}>{text(issue)}</p>)}
    </div>
  );
}

export interface CheckOption<Id extends number> { id: Id; label: string }

/** Ids the account no longer has stay listed (and checked) as "removed", so the admin can take them out. */
export function CheckList<Id extends number>({ name, options, selected, onChange }: {
  name: string; options: ReadonlyArray<CheckOption<Id>>; selected: readonly Id[]; onChange(ids: Id[]): void;
}) {
  const { t } = useUi();
  const known = new Set(options.map((o) => o.id));
  const all = [...options, ...selected.filter((id) => !known.has(id)).map((id) => ({ id, label: t('refusals.rules.removedItem', { id }) }))];
  const toggle = (id: Id, on: boolean) => onChange(on ? [...selected, id] : selected.filter((x) => x !== id));
  return (
    <div class="fr-rf-checks" role="group" aria-label={name}>
      {all.map((o) => (
        <label key={o.id}>
          <input type="checkbox" checked={selected.includes(o.id)} onChange={(e) => toggle(o.id, e.currentTarget.checked)} />
          {o.label}
        </label>
      ))}
    </div>
  );
}
