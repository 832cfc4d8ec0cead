import type { Translate } from '../../i18n';
import type { EpochMs } from '../../../core/brand';
import { useUi } from '../../ui/context';
import type { ReviewListItem } from './api';
import { formatValue } from './format';
import type { Names } from './people';
import { computeAgeDays } from './select-reviews';

export interface ReviewListProps {
  items: readonly ReviewListItem[];
  selectedId: string | null;
  names: Names;
  now: EpochMs;
  onSelect(id: string): void;
}

/** The queue: arrow keys move through it, Enter/Space or a click opens a review. */
export function ReviewList({ items, selectedId, names, now, onSelect }: ReviewListProps) {
  const { t, dates } = useUi();
  const onKeyDown = (event: KeyboardEvent, index: number) => {
    const step = event.key === 'ArrowDown' ? 1 : event.key === 'ArrowUp' ? -1 : 0;
    const next = items[index + step];
    if (step === 0 || next === undefined) return;
    event.preventDefault();
    onSelect(next.id);
    const list = (event.currentTarget as HTMLElement).closest('ul');
    list?.querySelectorAll<HTMLButtonElement>('button')[index + step]?.focus();
  };
  if (items.length === 0) return <p class="fr-empty" data-fr-empty="">{t('refusals.list.empty')}</p>;
  return (
    <ul class="fr-rf-list" aria-label={t('refusals.list.label')}>
      {items.map((item, index) => {
        const attention = item.problem !== null || item.state !== 'pending';
        return (
          <li key={item.id}>
            <button type="button" class="fr-rf-item" aria-current={item.id === selectedId} data-fr-review-item={item.leadId}
              onClick={() => onSelect(item.id)} onKeyDown={(e) => onKeyDown(e, index)}>
              <span class="fr-rf-row">
                <span class="fr-rf-strong">{item.leadName}</span>
                <span>{formatValue(item.value, dates)}</span>
              </span>
              <span class="fr-rf-row fr-rf-muted">
                <span>{names.reason(item.managerReasonId) ?? t('refusals.noReason')} · {names.user(item.managerId) ?? t('refusals.removed')}</span>
                <span>{ageText(t, computeAgeDays(item, now))}</span>
              </span>
              {attention && <span class="fr-rf-warning">{item.problem ?? t(`refusals.states.${item.state}`)}</span>}
            </button>
          </li>
        );
      })}
    </ul>
  );
}

/** «сегодня» rather than «0 дн. назад». */
function ageText(t: Translate, days: number): string {
  return days <= 0 ? t('refusals.list.today') : t('refusals.list.age', { days });
}
