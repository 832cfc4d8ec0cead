/**
 * Backfill (for the day of installation): reviews for deals lost in a chosen period. The service
 * does the work as a job; here we start it and poll its progress while the panel is open.
 */
import { useEffect, useState } from 'preact/hooks';
import { toUnixSeconds } from '../../../core/brand';
import { useUi } from '../../ui/context';
import { DayField } from '../../ui/DayField';
import { useAppEnv } from '../app-env';
import type { BackfillStatus, RefusalsApi } from './api';
import { parseLocalDateTime } from './due-input';
import { describeError } from './format';

const POLL_MS = 2_000;

export function BackfillPanel({ api }: { api: RefusalsApi }) {
  const { t } = useUi();
  const env = useAppEnv();
  const [from, setFrom] = useState('');
  const [status, setStatus] = useState<BackfillStatus | null>(null);
  const [error, setError] = useState<string | null>(null);
  const running = status?.state === 'running';

  useEffect(() => {
    let live = true;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const poll = async () => {
      try {
        const next = await api.getBackfill();
        if (!live) return;
        setStatus(next);
        if (next.state === 'running') timer = setTimeout(() => void poll(), POLL_MS);
      } catch (failure) {
        if (live) setError(describeError(t, failure));
      }
    };
    void poll();
    return () => { live = false; clearTimeout(timer); };
  }, [api, running, t]);

  const start = async (event: Event) => {
    event.preventDefault();
    const fromAt = parseLocalDateTime(`${from}T00:00`, env.account.timeZone);
    if (fromAt === null) { setError(t('refusals.backfill.badDate')); return; }
    setError(null);
    try {
      setStatus(await api.startBackfill({ from: fromAt, to: toUnixSeconds(env.now()) }));
    } catch (failure) {
      setError(describeError(t, failure));
    }
  };

  const progress = status !== null && status.state !== 'idle' && status.state !== 'failed' && status.total > 0
    ? Math.min(1, status.done / status.total) : null;
  return (
    <form class="fr-rf-form" data-fr-backfill={status?.state ?? 'unknown'} onSubmit={start}>
      <h3 class="fr-subheading">{t('refusals.backfill.heading')}</h3>
      <label>
        {t('refusals.backfill.from')}
        <DayField value={from} class="fr-rf-input" required onChange={setFrom} data-fr-input="backfill-from" />
      </label>
      <button type="submit" class="fr-rf-btn" disabled={running}>{t('refusals.backfill.start')}</button>
      {progress !== null && <div class="fr-rf-progress" role="progressbar" aria-valuenow={Math.round(progress * 100)} aria-valuemin={0} aria-valuemax={100}><span style={{ width: `${progress * 100}%` }} /></div>}
      {status !== null && (status.state === 'running' || status.state === 'done') && (
        <p role="status">{t(`refusals.backfill.${status.state}`, { processed: status.done, total: status.total, created: status.created })}</p>
      )}
      {status?.state === 'failed' && <p class="fr-rf-field-error" role="alert">{t('refusals.backfill.failed', { error: status.error ?? '' })}</p>}
      {error !== null && <p class="fr-rf-field-error" role="alert">{error}</p>}
    </form>
  );
}
