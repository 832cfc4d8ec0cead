/**
 * While the service is still reading the account's history from amoCRM (the mirror backfill),
 * the numbers are partial: say so, with the progress, and poll until it is done — then the views
 * reload. An admin can start (or retry) the load.
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import { useUi } from '../../ui/context';
import type { AnalyticsApi, MirrorStatus } from './api';
import { formatNumber } from './format';

const MIRROR_POLL_MS = 4000;

export interface MirrorBannerProps {
  api: AnalyticsApi;
  canStart: boolean;
  /** Called once when a load seen running has finished. */
  onReady(): void;
  pollMs?: number;
}

export function MirrorBanner({ api, canStart, onReady, pollMs = MIRROR_POLL_MS }: MirrorBannerProps) {
  const { t, dates } = useUi();
  const [status, setStatus] = useState<MirrorStatus | null>(null);
  const [round, setRound] = useState(0);
  const sawLoading = useRef(false);
  useEffect(() => {
    let live = true;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const poll = () => {
      api.status().then((next) => {
        if (!live) return;
        setStatus(next);
        if (next.state === 'backfilling') {
          sawLoading.current = true;
          timer = setTimeout(poll, pollMs);
        } else if (next.state === 'ready' && sawLoading.current) {
          sawLoading.current = false;
          onReady();
        }
      }, () => { if (live) timer = setTimeout(poll, pollMs * 4); });
    };
    poll();
    return () => { live = false; if (timer !== undefined) clearTimeout(timer); };
  }, [api, round]);
  if (status === null || status.state === 'ready') return null;
  const n = (value: number) => formatNumber('int', value, dates.language);
  const start = () => { api.startBackfill().then(() => setRound((r) => r + 1), () => setRound((r) => r + 1)); };
  if (status.state === 'failed') {
    return (
      <div class="fr-an-banner fr-an-banner--failed" role="alert" data-fr-an-mirror="failed">
        <span style={{ flex: 1 }}>{t('analytics.mirror.failed', { error: status.error ?? '' })}</span>
        {canStart && <button type="button" class="fr-an-btn" onClick={start}>{t('analytics.mirror.restart')}</button>}
      </div>
    );
  }
  if (status.state === 'empty') {
    return (
      <div class="fr-an-banner" role="status" data-fr-an-mirror="empty">
        <span style={{ flex: 1 }}>{t('analytics.mirror.empty')}</span>
        {canStart && <button type="button" class="fr-an-btn fr-an-btn--primary" onClick={start}>{t('analytics.mirror.start')}</button>}
      </div>
    );
  }
  const { progress } = status;
  return (
    <div class="fr-an-banner" role="status" data-fr-an-mirror="backfilling" data-fr-an-phase={status.phase ?? ''}>
      <span class="fr-an-progress" aria-hidden="true"><span style={{ width: '100%' }} /></span>
      <span>{t('analytics.mirror.loading', { leads: n(progress.leads.done), events: n(progress.events.done), tasks: n(progress.tasks.done) })}</span>
    </div>
  );
}
