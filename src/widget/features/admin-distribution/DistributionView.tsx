import { AdminTab } from '../settings-kit/AdminTab';
import { useUi } from '../../ui/context';
import { DistributionReports } from './DistributionReports';
import { PoolsEditor } from './PoolsEditor';

/** The Distribution tab: pools per pipeline, the decision log and leads received per manager. */
export default function DistributionView() {
  const { t } = useUi();
  return (
    <AdminTab noService={t('distribution.noService')}>{(service) => (
      <div class="fr-admin" data-fr-admin="distribution">
        <PoolsEditor service={service} />
        <DistributionReports calls={service.distribution} />
      </div>
    )}</AdminTab>
  );
}
