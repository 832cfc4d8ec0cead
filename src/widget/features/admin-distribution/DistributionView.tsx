import { useMemo } from 'preact/hooks';
import { useUi } from '../../ui/context';
import { EmptyState } from '../../ui/EmptyState';
import { useAppEnv } from '../app-env';
import { useAdminStyles } from '../admin-focus/styles';
import { reportCallsOf } from './api';
import { DistributionReports } from './DistributionReports';

/** The Distribution tab: the decision log and leads received per manager. */
export default function DistributionView() {
  const { t } = useUi();
  const env = useAppEnv();
  useAdminStyles();
  const calls = useMemo(() => (env.service === null ? null : reportCallsOf(env.service)), [env.service]);
  if (env.service === null) return <EmptyState text={t('distribution.noService')} />;
  if (calls === null) return <EmptyState text={t('distribution.unsupported')} />;
  return <div class="fr-admin" data-fr-admin="distribution"><DistributionReports calls={calls} /></div>;
}
