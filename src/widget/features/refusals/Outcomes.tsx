import { useState } from 'preact/hooks';
import { asUnixSeconds, toUnixSeconds } from '../../../core/brand';
import type { OutcomeCounts, RefusalCatalog } from '../../../core/refusals';
import { useUi } from '../../ui/context';
import { LoadingState } from '../../ui/LoadingState';
import { useAppEnv } from '../app-env';
import type { OutcomesResponse, RefusalsApi } from './api';
import { describeError, formatPercent, formatValue } from './format';
import { OutcomeBars, type OutcomeRow } from './OutcomeBars';
import { deriveNames, type Names } from './people';
import { ReasonMatrix } from './ReasonMatrix';
import { useAsync } from '../../ui/use-async';

const PERIODS = [7, 30, 90, 365] as const;
type PeriodDays = (typeof PERIODS)[number];

/** Outcomes of decisions made in the last N days, up to now. */
export function Outcomes({ api, catalog }: { api: RefusalsApi; catalog: RefusalCatalog }) {
  const { t } = useUi();
  const env = useAppEnv();
  const [days, setDays] = useState<PeriodDays>(30);
  const [outcomes] = useAsync(() => {
    const to = toUnixSeconds(env.now());
    return api.outcomes({ from: asUnixSeconds(to - days * 86_400), to: asUnixSeconds(to + 1) });
  }, [api, days]);
  return (
    <section class="fr-rf-col" data-fr-outcomes="">
      <label class="fr-rf-muted">
        {t('refusals.outcomes.period')}{' '}
        <select data-fr-period="" value={String(days)} onChange={(e) => setDays(Number(e.currentTarget.value) as PeriodDays)}>
          {PERIODS.map((d) => <option key={d} value={String(d)}>{t('refusals.outcomes.lastDays', { days: d })}</option>)}
        </select>
      </label>
      {outcomes.kind === 'loading' && <LoadingState />}
      {outcomes.kind === 'failed' && <p class="fr-error" role="alert">{describeError(t, outcomes.error)}</p>}
      {outcomes.kind === 'ready' && <OutcomeReport outcomes={outcomes.value} names={deriveNames(catalog)} />}
    </section>
  );
}

function OutcomeReport({ outcomes, names }: { outcomes: OutcomesResponse; names: Names }) {
  const { t, dates } = useUi();
  const { totals, target } = outcomes;
  const rate = totals.returnRate;
  const kpis: Array<[string, string, string]> = [
    ['reviewed', t('refusals.outcomes.reviewed'), String(totals.reviewed)],
    ['confirmed', t('refusals.outcomes.confirmed'), String(totals.confirmed)],
    ['returned', t('refusals.outcomes.returned'), String(totals.returned)],
    ['rate', t('refusals.outcomes.rate'), formatPercent(rate)],
    ['recovered', t('refusals.outcomes.recovered'), String(totals.recovered)],
    ['recovered-value', t('refusals.outcomes.recoveredValue'), formatValue(totals.recoveredValue, dates)],
    ['pending', t('refusals.outcomes.pending'), String(outcomes.pending)],
  ];
  const user = (id: number): string => names.user(id) ?? t('refusals.removed');
  const reason = (id: number | null): string => (id === null ? t('refusals.noReason') : names.reason(id) ?? t('refusals.removed'));
  const rows = <T extends OutcomeCounts>(list: readonly T[], key: (row: T) => number | null, label: (row: T) => string): OutcomeRow[] =>
    list.map((row) => ({ ...row, key: String(key(row)), label: label(row) }));
  // The scale shows at least twice the target so both the bar and the target mark fit.
  const scale = Math.max(target * 2, rate ?? 0, 0.01);
  return (
    <div>
      <div class="fr-rf-kpis">
        {kpis.map(([id, label, value]) => (
          <div key={id} class="fr-rf-kpi" data-fr-kpi={id}><span class="fr-rf-kpi__value">{value}</span>{label}</div>
        ))}
      </div>
      <p>{t('refusals.outcomes.vsTarget', { rate: formatPercent(rate), target: formatPercent(target) })}</p>
      <div class="fr-rf-rate" role="img" aria-label={t('refusals.outcomes.vsTarget', { rate: formatPercent(rate), target: formatPercent(target) })}>
        <div class={`fr-rf-rate__bar${rate !== null && rate < target ? ' fr-rf-rate__bar--below' : ''}`} style={{ width: `${((rate ?? 0) / scale) * 100}%` }} />
        <div class="fr-rf-rate__target" style={{ left: `${(target / scale) * 100}%` }} />
      </div>
      <OutcomeBars title={t('refusals.outcomes.byReason')} rows={rows(outcomes.byReason, (r) => r.reasonId, (r) => reason(r.reasonId))} />
      <OutcomeBars title={t('refusals.outcomes.byManager')} rows={rows(outcomes.byManager, (r) => r.userId, (r) => user(r.userId))} />
      <OutcomeBars title={t('refusals.outcomes.byReviewer')} rows={rows(outcomes.byReviewer, (r) => r.userId, (r) => user(r.userId))} />
      <ReasonMatrix cells={outcomes.reasonMatrix} names={names} />
    </div>
  );
}
