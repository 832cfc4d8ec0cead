import { useUi } from '../../ui/context';
import { EmptyState } from '../../ui/EmptyState';
import { useAppEnv } from '../app-env';
import { useAdminStyles } from '../settings-kit/styles';
import { DistributionReports } from './DistributionReports';
import { PoolsEditor } from './PoolsEditor';

/** The Distribution tab: pools per pipeline, the decision log and leads received per manager. */
export default function DistributionView() {
  const { t } = useUi();
  const env = useAppEnv();
  useAdminStyles();
  if (env.service === null) return <EmptyState text={t('distribution.noService')} />;
  return (
    <div class="fr-admin" data-fr-admin="distribution">
      <PoolsEditor service={env.service} />
      <DistributionReports calls={env.service.distribution} />
    </div>
  );
}
