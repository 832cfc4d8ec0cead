import type { GroupId, UserId } from '../../../core/brand';
import type { RefusalCatalog, RefusalRule } from '../../../core/refusals';
import { useUi } from '../../ui/context';
import { RuleFieldBox, type FieldIssues } from './RuleFields';

export interface RuleReviewersProps { rule: RefusalRule; catalog: RefusalCatalog; issues: FieldIssues; onChange(rule: RefusalRule): void }

/** Reviewer per group (the group's head; amoCRM has no such flag, §9.10) and the fallback for everyone else. */
export function RuleReviewers({ rule, catalog, issues, onChange }: RuleReviewersProps) {
  const { t } = useUi();
  const users = catalog.users.filter((u) => u.isActive);
  const reviewerOf = (groupId: GroupId): UserId | null => rule.groupReviewers.find((r) => r.groupId === groupId)?.reviewerId ?? null;
  const setReviewer = (groupId: GroupId, value: string) => {
    const others = rule.groupReviewers.filter((r) => r.groupId !== groupId);
    onChange({ ...rule, groupReviewers: value === '' ? others : [...others, { groupId, reviewerId: Number(value) as UserId }] });
  };
  const known = new Set<number>(catalog.groups.map((g) => g.id));
  const gone = rule.groupReviewers.filter((r) => !known.has(r.groupId));
  const userOptions = (current: UserId | null) => [
    ...users.map((u) => <option key={u.id} value={String(u.id)}>{u.name}</option>),
    ...(current !== null && !users.some((u) => u.id === current)
      ? [<option key={current} value={String(current)}>{t('refusals.rules.removedItem', { id: current })}</option>] : []),
  ];
  return (
    <div class="fr-rf-grid" style={{ marginTop: '8px' }}>
      <RuleFieldBox field="groupReviewers" label={t('refusals.rules.groupReviewers')} issues={issues}>
        <table class="fr-rf-bars">
          <tbody>
            {[...catalog.groups, ...gone.map((r) => ({ id: r.groupId, name: t('refusals.rules.removedItem', { id: r.groupId }) }))].map((g) => (
              <tr key={g.id}>
                <th scope="row">{g.name}</th>
                <td>
                  <select aria-label={t('refusals.rules.reviewerOf', { group: g.name })} value={String(reviewerOf(g.id) ?? '')}
                    onChange={(e) => setReviewer(g.id, e.currentTarget.value)}>
                    <option value="">{t('refusals.rules.useFallback')}</option>
                    {userOptions(reviewerOf(g.id))}
                  </select>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </RuleFieldBox>
      <RuleFieldBox field="fallbackReviewerId" label={t('refusals.rules.fallback')} issues={issues}>
        <select name="fallbackReviewerId" value={String(rule.fallbackReviewerId ?? '')}
          onChange={(e) => onChange({ ...rule, fallbackReviewerId: e.currentTarget.value === '' ? null : Number(e.currentTarget.value) as UserId })}>
          <option value="">{t('refusals.rules.noFallback')}</option>
          {userOptions(rule.fallbackReviewerId)}
        </select>
      </RuleFieldBox>
    </div>
  );
}
