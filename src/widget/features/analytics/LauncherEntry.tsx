/**
 * The launcher panel's analytics line: «Аналитика» for heads and admins, «Мои показатели» for a
 * manager (the service gives a manager only their own checklist row). Nothing without a service.
 */
import { useAppEnv } from '../app-env';
import type { LauncherSectionProps } from '../launcher/sections';
import { loadMe } from '../shared-reads';
import { useUi } from '../../ui/context';
import { useAsync } from '../../ui/use-async';
import { analyticsApiOf } from './api';
import { Opener } from './Opener';

export default function LauncherEntry(_props: LauncherSectionProps) {
  const { t } = useUi();
  const env = useAppEnv();
  const api = analyticsApiOf(env.service);
  const [role] = useAsync(async () => (api === null ? null : (await loadMe(env)).role.kind), [env, api]);
  if (api === null || role.kind !== 'ready' || role.value === null) return null;
  const label = role.value === 'manager' ? t('analytics.launcher.mine') : t('analytics.launcher.open');
  return (
    <div data-fr-analytics-launcher={role.value} style={{ marginTop: '6px' }}>
      <Opener api={api} label={label} class="fr-launcher__button" style={{ borderRadius: '4px', width: '100%' }} />
    </div>
  );
}
