import type { FocusOrderKey } from '../../../core/focus/filter';
import { useUi } from '../../ui/context';
import { ORDER_KEYS } from './describe-filter';

export interface OrderListProps {
  value: readonly FocusOrderKey[];
  onChange(order: FocusOrderKey[]): void;
  readOnly: boolean;
}

const moved = <T,>(list: readonly T[], from: number, to: number): T[] => {
  const next = [...list];
  const [item] = next.splice(from, 1);
  if (item !== undefined) next.splice(to, 0, item);
  return next;
};

/** Sort keys in priority order; buttons rather than drag and drop, so it works from the keyboard. */
export function OrderList({ value, onChange, readOnly }: OrderListProps) {
  const { t } = useUi();
  const unused = ORDER_KEYS.filter((key) => !value.includes(key));
  return (
    <div class="fr-order">
      <ol class="fr-order__list" data-fr-order="">
        {value.map((key, index) => (
          <li key={key} class="fr-order__item" data-fr-order-key={key}>
            <span>{t(`adminFocus.order.${key}`)}</span>
            {!readOnly && (
              <span class="fr-order__actions">
                <button type="button" class="fr-icon-button" aria-label={t('adminFocus.moveUp')} disabled={index === 0}
                  onClick={() => onChange(moved(value, index, index - 1))}>↑</button>
                <button type="button" class="fr-icon-button" aria-label={t('adminFocus.moveDown')} disabled={index === value.length - 1}
                  onClick={() => onChange(moved(value, index, index + 1))}>↓</button>
                <button type="button" class="fr-icon-button" aria-label={t('adminFocus.remove')}
                  onClick={() => onChange(value.filter((entry) => entry !== key))}>×</button>
              </span>
            )}
          </li>
        ))}
      </ol>
      {!readOnly && unused.map((key) => (
        <button key={key} type="button" class="fr-link" data-fr-order-add={key} onClick={() => onChange([...value, key])}>
          + {t(`adminFocus.order.${key}`)}
        </button>
      ))}
    </div>
  );
}
