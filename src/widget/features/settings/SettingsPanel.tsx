import { useEffect } from 'preact/hooks';
import { useUi } from '../../ui/context';
import { formatDateTime } from '../../ui/format';
import type { ConnectionModel, ConnectionState } from './ConnectionModel';

export interface SettingsPanelProps {
  serviceUrl: string | null;
  connection: ConnectionModel;
}

const STATUS_CLASS: Record<ConnectionState['kind'], string> = {
  not_configured: '',
  checking: '',
  connected: 'fr-status--ok',
  unreachable: 'fr-status--failed',
};

/** Our part of the settings modal (the `custom` field `connection`): is the service reachable. */
export default function SettingsPanel({ serviceUrl, connection }: SettingsPanelProps) {
  const { t, dates } = useUi();
  useEffect(() => { void connection.check(serviceUrl); }, [connection, serviceUrl]);
  const state = connection.state.value;
  const label = {
    not_configured: t('connection.not_configured'),
    checking: t('connection.checking'),
    connected: t('connection.ok'),
    unreachable: t('connection.unreachable'),
  }[state.kind];
  return (
    // amoCRM already labels the custom field (settings.connection), so no visible heading here.
    <section class="fr-settings" aria-label={t('connection.heading')}>
      <p class={`fr-status ${STATUS_CLASS[state.kind]}`} data-fr-connection={state.kind} role="status">
        <span class="fr-status__dot" aria-hidden="true" />
        <span>{label}</span>
      </p>
      {serviceUrl && <p class="fr-muted" data-fr-service-url="">{serviceUrl}</p>}
      {(state.kind === 'connected' || state.kind === 'unreachable') && (
        <p class="fr-muted">{t('connection.checked_at', { time: formatDateTime(state.checkedAt, dates) })}</p>
      )}
      {state.kind === 'unreachable' && <p class="fr-muted" data-fr-connection-reason="">{state.reason}</p>}
    </section>
  );
}
