/**
 * The landing view: the weekly checklist the source case steered by. Cards on top give the team
 * (or, for a manager, their own) numbers this week with the change and a weekly sparkline; a card
 * picks the metric whose trend the table's last column draws. The table has every metric per
 * manager this week, last week and the change; cells outside the target band are red.
 */
import type { ComponentChildren } from 'preact';
import { useState } from 'preact/hooks';
import type { EpochMs } from '../../../core/brand';
import { useUi } from '../../ui/context';
import { useAppEnv } from '../app-env';
import { formatDay } from '../../ui/format';
import { LoadingState } from '../../ui/LoadingState';
import { useAsync } from '../../ui/use-async';
import type { AnalyticsApi, ChecklistMetric, ChecklistResponse, ChecklistRow } from './api';
import {
  buildChecklistTable, buildLossReasonsTable, CHECKLIST_METRICS, describeTarget, isShareMetric, metricKind, pickTarget,
} from './checklist-table';
import { DataTable } from './DataTable';
import { describeFailure } from './failure';
import { formatNumber } from './format';
import { Sparkline } from './Sparkline';
import { TargetsEditor, type TargetScope } from './TargetsEditor';

export interface ChecklistViewProps {
  api: AnalyticsApi;
  /** Heads and admins; the service checks again. */
  canEditTargets: boolean;
  targetScopes: readonly TargetScope[];
  /** Bumped by the workspace when the mirror finishes loading. */
  revision?: number;
  /** The answer, for what other tabs need from it (the account's currency). */
  onLoaded?(response: ChecklistResponse): void;
}

const WEEKS = 8;
const DAY_MS = 86_400_000;

export function ChecklistView({ api, canEditTargets, targetScopes, revision = 0, onLoaded }: ChecklistViewProps) {
  const { t } = useUi();
  const env = useAppEnv();
  // 0 = this week; 1 = the week before, read as it was (the service's daily snapshots).
  const [weeksBack, setWeeksBack] = useState(0);
  // Heads of several groups and admins may narrow the table to one group (null: all they see).
  const groups = targetScopes.filter((s) => s.groupId !== null);
  const [groupId, setGroupId] = useState<number | null>(null);
  const [state, reload] = useAsync(async () => {
    const at = weeksBack === 0 ? undefined : Math.floor(env.now() / 1000) - weeksBack * 7 * 86_400;
    const response = await api.checklist({ weeks: WEEKS, ...(at === undefined ? {} : { at }), ...(groupId === null ? {} : { groupId }) });
    onLoaded?.(response);
    return response;
  }, [api, revision, weeksBack, groupId]);
  const [editing, setEditing] = useState(false);
  const weekNav = (
    <span class="fr-an-seg" role="group" aria-label={t('analytics.checklist.weekNav')}>
      <button type="button" data-fr-an-week-back="" onClick={() => setWeeksBack(weeksBack + 1)}>{t('analytics.checklist.earlier')}</button>
      <button type="button" data-fr-an-week-forward="" disabled={weeksBack === 0} onClick={() => setWeeksBack(Math.max(0, weeksBack - 1))}>{t('analytics.checklist.later')}</button>
    </span>
  );
  if (state.kind === 'loading') return <LoadingState />;
  if (state.kind === 'failed') return <p class="fr-an-error" role="alert">{describeFailure(t, state.error)}</p>;
  return (
    <ChecklistReport response={state.value} toolbar={(
      <>
        {groups.length > 1 && (
          <select class="fr-an-btn" aria-label={t('analytics.checklist.group')} data-fr-an-group="" value={groupId === null ? '' : String(groupId)}
            onChange={(e) => setGroupId(e.currentTarget.value === '' ? null : Number(e.currentTarget.value))}>
            <option value="">{t('analytics.checklist.allGroups')}</option>
            {groups.map((g) => <option key={String(g.groupId)} value={String(g.groupId)}>{g.label}</option>)}
          </select>
        )}
        {weekNav}
        {canEditTargets && (
          <button type="button" class="fr-an-btn" data-fr-an-edit-targets="" aria-expanded={editing} onClick={() => setEditing(!editing)}>
            {t('analytics.targets.edit')}
          </button>
        )}
      </>
    )} editor={editing && (
      <TargetsEditor api={api} scopes={targetScopes} onCancel={() => setEditing(false)} onSaved={() => { setEditing(false); reload(); }} />
    )} />
  );
}

interface ReportProps { response: ChecklistResponse; toolbar?: ComponentChildren; editor?: ComponentChildren }

function ChecklistReport({ response, toolbar, editor }: ReportProps) {
  const { t, dates } = useUi();
  const [trend, setTrend] = useState<ChecklistMetric>('withoutTask');
  const week = (start: number) => `${formatDay((start * 1000) as EpochMs, dates)} – ${formatDay((start * 1000 + 6 * DAY_MS) as EpochMs, dates)}`;
  const weekLabel = new Date(response.weekStart * 1000).toISOString().slice(0, 10);
  const headline: ChecklistRow | undefined = response.total ?? response.rows[0];
  const groups = new Set(response.rows.map((r) => r.groupId));
  const groupId = groups.size === 1 ? [...groups][0] ?? null : null;
  const metrics = CHECKLIST_METRICS.filter((m) => response.metrics.includes(m));
  const table = buildChecklistTable({ response, trendMetric: trend, t, language: dates.language, weekLabel });
  return (
    <div data-fr-an-view="checklist">
      <div class="fr-an-bar">
        <p class="fr-an-note" style={{ margin: 0, flex: 1 }} data-fr-an-week="">
          {t('analytics.checklist.weeks', { current: week(response.weekStart), previous: week(response.previousWeekStart) })}
          {' · '}{t('analytics.checklist.maturity', { days: response.maturityDays })}
        </p>
        {toolbar}
      </div>
      {editor}
      {headline !== undefined && (
        <div class="fr-an-kpis" role="group" aria-label={t('analytics.checklist.cards')}>
          {metrics.map((metric) => {
            const target = pickTarget(response.targets, metric, groupId);
            const bad = headline.outOfBand.includes(metric);
            const value = headline.current[metric];
            const change = headline.change[metric];
            return (
              <button key={metric} type="button" class={`fr-an-kpi${bad ? ' fr-an-kpi--bad' : ''}`} aria-pressed={trend === metric}
                data-fr-an-kpi={metric} onClick={() => setTrend(metric)}>
                <span class="fr-an-kpi__label">{t(`analytics.metrics.${metric}`)}</span>
                <span class="fr-an-kpi__row">
                  <span class="fr-an-kpi__value">{value === null ? '—' : formatNumber(metricKind(metric), value, dates.language)}</span>
                  <Sparkline points={headline.history.map((p) => p.values[metric])} alert={bad} label={t('analytics.checklist.trend', { metric: t(`analytics.metrics.${metric}`) })} />
                </span>
                <span class="fr-an-kpi__meta">
                  {[
                    change === null ? null : `${formatNumber(isShareMetric(metric) ? 'deltaPercent' : 'delta', change, dates.language)} ${t(isShareMetric(metric) ? 'analytics.checklist.pointsVsPrevious' : 'analytics.checklist.vsPrevious')}`,
                    target === null ? null : `${t('analytics.checklist.target')} ${describeTarget(target, dates.language)}`,
                  ].filter((part) => part !== null).join(' · ')}
                </span>
              </button>
            );
          })}
        </div>
      )}
      <DataTable table={table} name="checklist" note={<p class="fr-an-note">{t('analytics.checklist.note')}</p>} />
      {headline !== undefined && (
        <DataTable table={buildLossReasonsTable(headline, response.currency, t, dates.language, weekLabel)} name="loss-reasons" narrow />
      )}
    </div>
  );
}
