import type { ReasonMatrixCell } from '../../../core/refusals';
import { useUi } from '../../ui/context';
import type { Names } from './people';

const keyOf = (id: number | null): string => (id === null ? 'none' : String(id));

/** The manager's stated reason (rows) against the head's (columns), confirmed losses only; darker = more. */
export function ReasonMatrix({ cells, names }: { cells: readonly ReasonMatrixCell[]; names: Names }) {
  const { t } = useUi();
  if (cells.length === 0) return null;
  const label = (id: number | null): string => (id === null ? t('refusals.noReason') : names.reason(id) ?? t('refusals.removed'));
  const rows = [...new Set(cells.map((c) => c.managerReasonId))];
  const cols = [...new Set(cells.map((c) => c.headReasonId))];
  const counts = new Map(cells.map((c) => [`${keyOf(c.managerReasonId)}|${keyOf(c.headReasonId)}`, c.count]));
  const most = Math.max(...cells.map((c) => c.count));
  return (
    <table class="fr-rf-bars fr-rf-matrix" data-fr-reason-matrix="">
      <caption class="fr-subheading" style={{ textAlign: 'left' }}>{t('refusals.outcomes.matrix')}</caption>
      <thead>
        <tr>
          <th scope="col">{t('refusals.outcomes.matrixCorner')}</th>
          {cols.map((col) => <th key={keyOf(col)} scope="col">{label(col)}</th>)}
        </tr>
      </thead>
      <tbody>
        {rows.map((row) => (
          <tr key={keyOf(row)}>
            <th scope="row">{label(row)}</th>
            {cols.map((col) => {
              const count = counts.get(`${keyOf(row)}|${keyOf(col)}`) ?? 0;
              const agree = row === col;
              const alpha = count === 0 ? 0 : 0.15 + (0.6 * count) / most;
              const color = agree ? `rgba(59,178,115,${alpha})` : `rgba(224,68,58,${alpha})`;
              return <td key={keyOf(col)} style={{ background: color }}>{count === 0 ? '' : count}</td>;
            })}
          </tr>
        ))}
      </tbody>
    </table>
  );
}
