/**
 * Cohort funnel: leads grouped by creation week or month, read as of now. The maturity cut-off
 * (the pipeline's typical time to win unless overridden) is shown with where it came from;
 * cohorts younger than it are listed apart with their lead count and kept out of the totals —
 * the practice that turned a 50:1 funnel back into the real 17:1.
 */
import { useState } from 'preact/hooks';
import type { Pipeline } from '../../../core/domain';
import { useUi } from '../../ui/context';
import { LoadingState } from '../../ui/LoadingState';
import { useAsync } from '../../ui/use-async';
import { useAppEnv } from '../app-env';
import type { AnalyticsApi, CohortGranularity, CohortSlice, CohortsQuery } from './api';
import { buildCohortTable, buildImmatureTable, buildSlicesTable, type CohortTableContext } from './cohorts-table';
import { defaultPipeline, periodKey, PeriodPicker, periodQuery, PipelinePicker, Segmented, type PeriodChoice } from './controls';
import { DataTable } from './DataTable';
import { describeFailure } from './failure';
import { parseNumber } from './TargetsEditor';

export interface CohortsViewProps { api: AnalyticsApi; pipelines: readonly Pipeline[]; revision?: number }

type SliceChoice = 'none' | CohortSlice;

export function CohortsView({ api, pipelines, revision = 0 }: CohortsViewProps) {
  const { t, dates } = useUi();
  const env = useAppEnv();
  const [pipelineId, setPipelineId] = useState<number | null>(() => defaultPipeline(pipelines));
  const [by, setBy] = useState<CohortGranularity>('week');
  const [maturity, setMaturity] = useState<number | null>(null);
  const [maturityText, setMaturityText] = useState('');
  const [managerId, setManagerId] = useState<number | null>(null);
  const [appliedTag, setAppliedTag] = useState('');
  const [slice, setSlice] = useState<SliceChoice>('none');
  const [period, setPeriod] = useState<PeriodChoice>({ kind: 'default' });
  // The tags seen on the pipeline's deals in the mirror: a pick, not a guess at the spelling.
  const [tags] = useAsync(async () => (pipelineId === null ? [] : (await api.tags({ pipelineId })).tags), [api, pipelineId, revision]);
  const [state] = useAsync(async () => {
    const range = periodQuery(period, env.now());
    if (pipelineId === null || range === null) return null;
    const query: CohortsQuery = {
      pipelineId, by, ...range,
      ...(maturity === null ? {} : { maturityDays: maturity }),
      ...(managerId === null ? {} : { managerId }),
      ...(appliedTag === '' ? {} : { tag: appliedTag }),
      ...(slice === 'none' ? {} : { sliceBy: slice }),
    };
    return api.cohorts(query);
  }, [api, pipelineId, by, maturity, managerId, appliedTag, slice, periodKey(period), revision]);
  const stem = `${pipelineId ?? 'none'}-${by}${period.kind === 'default' ? '' : `-${periodKey(period)}`}${maturity === null ? '' : `-${maturity}d`}`;
  const ctx: CohortTableContext = { t, language: dates.language, timeZone: dates.timeZone, stem };
  const applyMaturity = () => {
    const days = parseNumber(maturityText);
    if (days !== null && days >= 0) setMaturity(Math.round(days));
  };
  return (
    <div data-fr-an-view="cohorts">
      <div class="fr-an-bar">
        <PipelinePicker pipelines={pipelines} value={pipelineId} onChange={setPipelineId} />
        <PeriodPicker value={period} onChange={setPeriod} withDefault />
        <Segmented<CohortGranularity> name="by" label={t('analytics.cohorts.by')} value={by} onChange={(v) => setBy(v)}
          options={[{ value: 'week', label: t('analytics.cohorts.week') }, { value: 'month', label: t('analytics.cohorts.month') }]} />
        <label>
          {t('analytics.cohorts.manager')}
          <select data-fr-an-manager="" value={managerId === null ? '' : String(managerId)} onChange={(e) => setManagerId(e.currentTarget.value === '' ? null : Number(e.currentTarget.value))}>
            <option value="">{t('analytics.cohorts.allManagers')}</option>
            {env.managers.filter((m) => m.isActive).map((m) => <option key={m.id} value={String(m.id)}>{m.name}</option>)}
          </select>
        </label>
        <label>
          {t('analytics.cohorts.tag')}
          <select data-fr-an-tag="" value={appliedTag} onChange={(e) => setAppliedTag(e.currentTarget.value)}>
            <option value="">{t('analytics.cohorts.anyTag')}</option>
            {(tags.kind === 'ready' ? tags.value : []).map((tag) => <option key={tag.name} value={tag.name}>{`${tag.name} (${tag.deals})`}</option>)}
          </select>
        </label>
        <Segmented<SliceChoice> name="slice" label={t('analytics.cohorts.slice')} value={slice} onChange={(v) => setSlice(v)}
          options={[{ value: 'none', label: t('analytics.cohorts.sliceNone') }, { value: 'manager', label: t('analytics.cohorts.sliceManager') }, { value: 'tag', label: t('analytics.cohorts.sliceTag') }]} />
      </div>
      {state.kind === 'loading' && <LoadingState />}
      {state.kind === 'failed' && <p class="fr-an-error" role="alert">{describeFailure(t, state.error)}</p>}
      {state.kind === 'ready' && state.value === null && <p class="fr-an-empty">{t('analytics.empty')}</p>}
      {state.kind === 'ready' && state.value !== null && (
        <>
          <div class="fr-an-policy fr-an-bar" style={{ alignItems: 'center' }} data-fr-an-cutoff={state.value.cutoff.days}>
            <span style={{ flex: 1 }}>
              <strong>{t('analytics.cohorts.cutoff', { days: state.value.cutoff.days })}</strong>{' — '}
              {t(`analytics.cohorts.basis_${state.value.cutoff.basis}`, { won: state.value.cutoff.wonDeals })}
            </span>
            <label style={{ flexDirection: 'row', alignItems: 'center', gap: '6px' }}>
              {t('analytics.cohorts.override')}
              <input type="number" min={0} value={maturityText} placeholder={String(state.value.cutoff.days)} data-fr-an-maturity=""
                onInput={(e) => setMaturityText(e.currentTarget.value)} onKeyDown={(e) => { if (e.key === 'Enter') applyMaturity(); }} />
            </label>
            <button type="button" class="fr-an-btn" data-fr-an-maturity-apply="" onClick={applyMaturity}>{t('analytics.cohorts.apply')}</button>
            {maturity !== null && <button type="button" class="fr-an-btn" onClick={() => { setMaturity(null); setMaturityText(''); }}>{t('analytics.cohorts.reset')}</button>}
          </div>
          <DataTable table={buildCohortTable(state.value, ctx)} name="cohorts" note={<p class="fr-an-note">{t('analytics.cohorts.heatNote')}</p>} />
          {state.value.slices !== undefined && slice !== 'none' && (
            <DataTable table={buildSlicesTable(state.value, slice === 'manager' ? t('analytics.cohorts.sliceManager') : t('analytics.cohorts.sliceTag'), ctx)} name="cohort-slices" />
          )}
          {state.value.immature.length > 0 && (
            <div class="fr-an-apart" data-fr-an-immature={state.value.immatureLeads}>
              <DataTable table={buildImmatureTable(state.value, ctx)} name="cohorts-immature" note={<p class="fr-an-note">{t('analytics.cohorts.immatureNote')}</p>} />
            </div>
          )}
        </>
      )}
    </div>
  );
}
