/**
 * The admin's view of the reconciler's alarm (issue 10): amoCRM disables a webhook that failed
 * too often, and until the service restores it refusal control and distribution run on the
 * events-feed catch-up only. Shown on the advanced page while the subscription is not healthy;
 * silent when all is well or when the status cannot be read (the page has its own errors).
 */
import type { EpochMs } from '../../../core/brand';
import { useUi } from '../../ui/context';
import { formatDateTime } from '../../ui/format';
import { useAsync } from '../../ui/use-async';
import { useAppEnv } from '../app-env';

// Inline: a rare banner should not grow the shared stylesheet that counts against the initial budget.
const ALARM_STYLE = { margin: '0 0 12px', padding: '8px 12px', borderLeft: '3px solid #e0443a', background: '#fdf0ef', color: '#7a1f19' };

export default function WebhookAlarm() {
  const { t, dates } = useUi();
  const env = useAppEnv();
  const service = env.service;
  const [status] = useAsync(() => (service === null ? Promise.resolve(null) : service.webhookStatus()), [service]);
  if (status.kind !== 'ready' || status.value === null || !status.value.alarm) return null;
  const { subscription, checkedAt, resubscriptions } = status.value;
  return (
    <div role="alert" style={ALARM_STYLE} data-fr-webhook-alarm={subscription ?? 'unknown'}>
      <p style={{ margin: '0 0 4px', fontWeight: 600 }}>{t(subscription === 'failed' ? 'advanced.webhook_alarm.failed' : 'advanced.webhook_alarm.off')}</p>
      <p style={{ margin: 0 }}>
        {t('advanced.webhook_alarm.detail', { count: resubscriptions })}
        {checkedAt !== null && ` ${t('advanced.webhook_alarm.checked', { at: formatDateTime(checkedAt as EpochMs, dates) })}`}
      </p>
    </div>
  );
}
