import { useEffect, useState } from 'preact/hooks';
import type { LeadId } from '../../../core/brand';
import { useUi } from '../../ui/context';
import { DayField } from '../../ui/DayField';
import { useAppEnv } from '../app-env';
import type { DecisionLogResponse, DistributionCalls, DistributionPeriod, ReceivedResponse } from '../../service-client';
import { DecisionEntry } from './DecisionEntry';
import { lastWeek, periodOf, type DayRange } from './period';
import { ReceivedChart } from './ReceivedChart';

type LogQuery = { leadId: number } | DistributionPeriod;

type Loaded = { kind: 'idle' } | { kind: 'loading' } | { kind: 'ready'; log: DecisionLogResponse; received: ReceivedResponse | null } | { kind: 'failed' };

/** The decision log (by lead, or by period with the "leads received" chart) for heads and admins. */
export function DistributionReports({ calls }: { calls: DistributionCalls }) {
  const { t } = useUi();
  const env = useAppEnv();
  const zone = env.account.timeZone;
  const [range, setRange] = useState<DayRange>(() => lastWeek(env.now(), zone));
  const [leadText, setLeadText] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [state, setState] = useState<Loaded>({ kind: 'idle' });
  const nameOf = (id: number): string => env.managers.find((user) => user.id === id)?.name ?? t('distribution.unknownUser', { id });
  // Deals by name, as amoCRM shows them: read with the viewer's own session once the log is in.
  const [leadNames, setLeadNames] = useState<{ names: ReadonlyMap<number, string>; read: boolean }>({ names: new Map(), read: false });
  const leadIds = state.kind === 'ready' ? [...new Set(state.log.entries.map((entry) => entry.leadId))] : [];
  const leadKey = leadIds.join(',');
  useEffect(() => {
    if (leadIds.length === 0) return undefined;
    let live = true;
    env.amo.listLeads({ ids: leadIds as LeadId[] }).then(
      (deals) => { if (live) setLeadNames({ names: new Map(deals.map((deal) => [deal.id as number, deal.name])), read: true }); },
      // Names are a courtesy: without them the entry still says «Сделка №…».
      () => undefined,
    );
    return () => { live = false; };
  }, [leadKey]);
  // A deal amoCRM did not return is one this viewer may not see (a held lead, another group's):
  // its number is all there is to show, as amoCRM itself names a deal without a name.
  const leadOf = (id: number) => ({ id, name: leadNames.names.get(id) ?? null, unreadable: leadNames.read && !leadNames.names.has(id), open: () => env.openLead(id as LeadId) });

  const run = async (query: LogQuery): Promise<void> => {
    setState({ kind: 'loading' });
    try {
      const [log, received] = 'leadId' in query
        ? [await calls.getLeadLog(query.leadId), null]
        : await Promise.all([calls.getLog(query), calls.getReceived(query)]);
      setState({ kind: 'ready', log, received });
    } catch {
      setState({ kind: 'failed' });
    }
  };
  const search = (event: Event): void => {
    event.preventDefault();
    setError(null);
    const lead = leadText.trim();
    if (lead !== '') {
      const leadId = Number(lead);
      if (!Number.isInteger(leadId) || leadId <= 0) return setError(t('distribution.log.badLead'));
      void run({ leadId });
      return;
    }
    const period = periodOf(range, zone);
    if (period === null) return setError(t('distribution.log.badPeriod'));
    void run(period);
  };
  useEffect(() => {
    const period = periodOf(range, zone);
    if (period) void run(period);
    // The initial report only; later ones on "Show".
  }, []);

  return (
    <section class="fr-reports" data-fr-reports="">
      <form class="fr-form-inline" onSubmit={search}>
        <label>{t('distribution.log.leadField')} <input class="fr-input fr-input--number" inputMode="numeric" value={leadText} data-fr-input="leadId"
          aria-label={t('distribution.log.leadLabel')} onInput={(e) => setLeadText(e.currentTarget.value)} /></label>
        <span class="fr-muted">{t('distribution.log.or')}</span>
        <DayField value={range.from} label={t('distribution.log.from')} onChange={(from) => setRange({ ...range, from })} data-fr-input="from" />
        <DayField value={range.to} label={t('distribution.log.to')} onChange={(to) => setRange({ ...range, to })} data-fr-input="to" />
        <button type="submit" class="fr-button fr-button--primary">{t('distribution.log.show')}</button>
      </form>
      {error !== null && <p class="fr-field__error" role="alert" data-fr-field-error="search">{error}</p>}
      {state.kind === 'loading' && <p class="fr-loading" role="status">{t('common.loading')}</p>}
      {state.kind === 'failed' && <p class="fr-error" role="alert">{t('distribution.log.failed')}</p>}
      {state.kind === 'ready' && (
        <>
          {state.received && <ReceivedChart report={state.received} nameOf={nameOf} />}
          <h3 class="fr-subheading">{t('distribution.log.heading')}</h3>
          {state.log.entries.length === 0 && <p class="fr-muted">{t('distribution.log.empty')}</p>}
          <ul class="fr-decisions">{state.log.entries.map((entry) => <DecisionEntry key={entry.id} entry={entry} nameOf={nameOf} lead={leadOf(entry.leadId)} />)}</ul>
          {state.log.truncated && <p class="fr-muted">{t('distribution.log.truncated')}</p>}
        </>
      )}
    </section>
  );
}
