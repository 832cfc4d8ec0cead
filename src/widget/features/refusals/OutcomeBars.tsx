import type { OutcomeCounts } from '../../../core/refusals';
import { useUi } from '../../ui/context';
import { formatPercent, formatValue } from './format';

export interface OutcomeRow extends OutcomeCounts { key: string; label: string }

/**
 * One row per reason / manager / reviewer: a bar as long as the reviews, its dark part the
 * returned ones and its green part the recovered ones — where returns pay off is seen, not read.
 */
export function OutcomeBars({ title, rows }: { title: string; rows: readonly OutcomeRow[] }) {
  const { t, dates } = useUi();
  if (rows.length === 0) return null;
  const widest = Math.max(...rows.map((r) => r.reviewed), 1);
  const share = (n: number, of: number): string => `${(n / of) * 100}%`;
  return (
    <table class="fr-rf-bars" data-fr-outcomes-table={title}>
      <caption class="fr-subheading" style={{ textAlign: 'left' }}>{title}</caption>
      <thead>
        <tr>
          <th scope="col" />
          <th scope="col">{t('refusals.outcomes.reviewed')}</th>
          <th scope="col">{t('refusals.outcomes.returned')}</th>
          <th scope="col">{t('refusals.outcomes.rate')}</th>
          <th scope="col">{t('refusals.outcomes.recovered')}</th>
          <th scope="col" style={{ width: '30%' }} aria-hidden="true" />
        </tr>
      </thead>
      <tbody>
        {rows.map((row) => (
          <tr key={row.key}>
            <th scope="row">{row.label}</th>
            <td>{row.reviewed}</td>
            <td>{row.returned}</td>
            <td>{formatPercent(row.returnRate)}</td>
            <td data-fr-recovered={row.key}>{row.recovered === 0 ? '0' : t('refusals.outcomes.recoveredWithValue', { count: row.recovered, value: formatValue(row.recoveredValue, dates) })}</td>
            <td aria-hidden="true">
              <span class="fr-rf-bar" style={{ width: share(row.reviewed, widest) }}>
                <span class="fr-rf-bar__recovered" style={{ width: share(row.recovered, row.reviewed || 1) }} />
                <span class="fr-rf-bar__returned" style={{ width: share(row.returned - row.recovered, row.reviewed || 1) }} />
              </span>
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
