/** The advanced settings page's analytics tab: what the analytics are, the data's state, and the way in. */
import { useUi } from '../../ui/context';
import { EmptyState } from '../../ui/EmptyState';
import { useAsync } from '../../ui/use-async';
import { useAppEnv } from '../app-env';
import { analyticsApiOf } from './api';
import { Opener } from './Opener';

export default function AdvancedEntry() {
  const { t } = useUi();
  const env = useAppEnv();
  const api = analyticsApiOf(env.service);
  const [status] = useAsync(async () => (api === null ? null : api.status()), [api]);
  if (api === null) return <EmptyState text={t('advanced.analytics.empty')} />;
  return (
    <div data-fr-analytics-advanced="">
      <p>{t('analytics.advanced.text')}</p>
      {status.kind === 'ready' && status.value !== null && (
        <p class="fr-muted" data-fr-analytics-mirror={status.value.state}>
          {t('analytics.advanced.status', { state: t(`analytics.advanced.state_${status.value.state}`) })}
        </p>
      )}
      <Opener api={api} label={t('analytics.advanced.open')} class="fr-launcher__button" style={{ borderRadius: '4px' }} />
    </div>
  );
}
