import { useEffect } from 'preact/hooks';
import type { Translate } from '../../i18n';
import { useUi } from '../../ui/context';
import { formatDateTime } from '../../ui/format';
import type { ConnectionModel, ConnectionState, UnreachableReason } from './ConnectionModel';

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

const REFUSED_STYLE = { margin: '6px 0', padding: '8px 10px', borderLeft: '3px solid #e0443a', background: '#fdf0ef', color: '#7a1f19' };

/** A sentence the admin can act on, in their language — never the client's raw error text. */
function describeReason(t: Translate, reason: UnreachableReason): string {
  switch (reason.code) {
    case 'http': return reason.status === 404 ? t('connection.reasons.not_found', { status: reason.status }) : t('connection.reasons.http', { status: reason.status });
    case 'unavailable': return t('connection.reasons.unavailable', { status: reason.status });
    case 'network': return t('connection.reasons.network');
    case 'unauthorized': return t('connection.reasons.unauthorized');
    case 'forbidden': return t('connection.reasons.forbidden');
    case 'not_connected': return t('connection.reasons.not_connected');
    case 'invalid_answer': return t('connection.reasons.invalid_answer');
    case 'amo_access_rejected': return t('connection.reasons.amo_access_rejected');
    case 'unknown': return t('connection.reasons.unknown');
  }
}

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
  // The address this status is about: after a save, the one just entered.
  const shownUrl = state.kind === 'not_configured' ? serviceUrl : state.url;
  return (
    // amoCRM already labels the custom field (settings.connection), so no visible heading here.
    <section class="fr-settings" aria-label={t('connection.heading')}>
      <p class={`fr-status ${STATUS_CLASS[state.kind]}`} data-fr-connection={state.kind} role="status">
        <span class="fr-status__dot" aria-hidden="true" />
        <span>{label}</span>
      </p>
      {shownUrl && <p class="fr-muted" data-fr-service-url="">{shownUrl}</p>}
      {state.kind === 'unreachable' && (
        // Inline: the settings chunk is tiny and the shared stylesheet counts against the initial budget.
        <div role={state.saveRefused ? 'alert' : undefined} style={state.saveRefused ? REFUSED_STYLE : undefined}>
          {state.saveRefused && <p style={{ margin: '0 0 4px', fontWeight: 600 }} data-fr-save-refused="">{t('connection.save_refused')}</p>}
          <p class={state.saveRefused ? undefined : 'fr-muted'} style={{ margin: 0 }} data-fr-connection-reason={state.reason.code}>{describeReason(t, state.reason)}</p>
        </div>
      )}
      {(state.kind === 'connected' || state.kind === 'unreachable') && (
        <p class="fr-muted">{t('connection.checked_at', { time: formatDateTime(state.checkedAt, dates) })}</p>
      )}
    </section>
  );
}
