import { useUi } from '../../ui/context';
import type { ReceivedResponse } from '../../service-client';

/** Leads received per manager for the period: plain CSS bars, no chart library in the bundle. */
export function ReceivedChart({ report, nameOf }: { report: ReceivedResponse; nameOf: (id: number) => string }) {
  const { t } = useUi();
  const top = Math.max(1, ...report.managers.map((row) => row.total));
  return (
    <section class="fr-received" data-fr-received="">
      <h3 class="fr-subheading">{t('distribution.received.heading')}</h3>
      {report.managers.length === 0 ? <p class="fr-muted">{t('distribution.received.none')}</p> : (
        <table class="fr-table">
          <tbody>
            {report.managers.map((row) => (
              <tr key={row.userId} data-fr-received-row={row.userId}>
                <th scope="row">{nameOf(row.userId)}</th>
                <td class="fr-bar-cell"><span class="fr-bar" style={{ width: `${(row.total / top) * 100}%` }} /></td>
                <td data-fr-received-total={row.userId}>{row.total}</td>
                <td class="fr-muted">{row.fromGuard > 0 ? t('distribution.received.fromGuard', { count: row.fromGuard }) : ''}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {report.held > 0 && <p class="fr-muted" data-fr-received-held="">{t('distribution.received.held', { count: report.held })}</p>}
    </section>
  );
}
