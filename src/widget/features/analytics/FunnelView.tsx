/**
 * Stage funnel per pipeline and period: how many deals entered each stage, moved on, were lost
 * there — with the skipped-stage policy shown and switchable — and the median days in each stage
 * per manager beside the team's median, outliers marked.
 */
import { useState } from 'preact/hooks';
import type { Pipeline } from '../../../core/domain';
import { useUi } from '../../ui/context';
import { LoadingState } from '../../ui/LoadingState';
import { useAsync } from '../../ui/use-async';
import { useAppEnv } from '../app-env';
import type { AnalyticsApi, SkippedStagePolicy } from './api';
import { DEFAULT_PERIOD, defaultPipeline, periodKey, PeriodPicker, periodQuery, PipelinePicker, Segmented, type PeriodChoice } from './controls';
import { DataTable } from './DataTable';
import { describeFailure } from './failure';
import { FunnelBars } from './FunnelBars';
import { buildFunnelTable, buildStageTimesTable } from './funnel-table';

export interface FunnelViewProps { api: AnalyticsApi; pipelines: readonly Pipeline[]; revision?: number }

export function FunnelView({ api, pipelines, revision = 0 }: FunnelViewProps) {
  const { t, dates } = useUi();
  const env = useAppEnv();
  const [pipelineId, setPipelineId] = useState<number | null>(() => defaultPipeline(pipelines));
  const [period, setPeriod] = useState<PeriodChoice>(DEFAULT_PERIOD);
  const [policy, setPolicy] = useState<SkippedStagePolicy>('visited_only');
  const [state] = useAsync(async () => {
    const range = periodQuery(period, env.now());
    return pipelineId === null || range === null ? null : api.funnel({ pipelineId, ...range, policy });
  }, [api, pipelineId, periodKey(period), policy, revision]);
  const stem = `${pipelineId ?? 'none'}-${periodKey(period)}-${policy}`;
  return (
    <div data-fr-an-view="funnel">
      <div class="fr-an-bar">
        <PipelinePicker pipelines={pipelines} value={pipelineId} onChange={setPipelineId} />
        <PeriodPicker value={period} onChange={setPeriod} />
        <Segmented<SkippedStagePolicy> name="policy" label={t('analytics.funnel.policy')} value={policy} onChange={(p) => setPolicy(p)}
          options={[{ value: 'visited_only', label: t('analytics.funnel.visitedOnly') }, { value: 'assume_passed', label: t('analytics.funnel.assumePassed') }]} />
      </div>
      <p class="fr-an-policy" data-fr-an-policy={policy}>
        {policy === 'visited_only' ? t('analytics.funnel.visitedOnlyHint') : t('analytics.funnel.assumePassedHint')}
      </p>
      {state.kind === 'loading' && <LoadingState />}
      {state.kind === 'failed' && <p class="fr-an-error" role="alert">{describeFailure(t, state.error)}</p>}
      {state.kind === 'ready' && state.value === null && <p class="fr-an-empty">{t('analytics.empty')}</p>}
      {state.kind === 'ready' && state.value !== null && (
        <>
          <p class="fr-an-note">{t('analytics.funnel.summary', { deals: state.value.deals, won: state.value.won, lost: state.value.lost })}</p>
          <div class="fr-an-split">
            <DataTable table={buildFunnelTable(state.value, t, dates.language, stem)} name="funnel" />
            <section class="fr-an-section" style={{ paddingTop: '30px' }}><FunnelBars stages={state.value.stages} /></section>
          </div>
          <DataTable table={buildStageTimesTable(state.value, t, dates.language, stem)} name="stage-days"
            note={<p class="fr-an-note">{t('analytics.funnel.timesNote')}</p>} />
        </>
      )}
    </div>
  );
}
