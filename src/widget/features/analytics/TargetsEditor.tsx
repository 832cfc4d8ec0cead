/**
 * Heads and admins set a target per checklist metric with an allowed deviation, for one group
 * (or, admins, account-wide). Shares are typed in percent. Saving replaces that scope's list
 * (PUT /api/v1/analytics/targets), then the checklist reloads and marks the cells out of band.
 */
import { useState } from 'preact/hooks';
import { useUi } from '../../ui/context';
import { useAsync } from '../../ui/use-async';
import type { AnalyticsApi, ChecklistMetric, MetricTarget, TargetDirection } from './api';
import { CHECKLIST_METRICS, isShareMetric } from './checklist-table';
import { EditorActions } from './EditorActions';
import { describeFailure } from './failure';

export interface TargetScope { groupId: number | null; label: string }

export interface TargetsEditorProps {
  api: AnalyticsApi;
  scopes: readonly TargetScope[];
  onSaved(): void;
  onCancel(): void;
}

interface DraftRow { enabled: boolean; direction: TargetDirection; value: string; deviation: string }
type Draft = Record<ChecklistMetric, DraftRow>;

/** Which side is worse when nobody said: more open deals without a task is worse, more leads is better. */
const DEFAULT_DIRECTION: Record<ChecklistMetric, TargetDirection> = {
  openDeals: 'at_most', withoutTask: 'at_most', withOverdueTask: 'at_most', onTimeShare: 'at_least',
  matureConversion: 'at_least', losses: 'at_most', leadsReceived: 'at_least',
};

const shown = (metric: ChecklistMetric, value: number): string => String(isShareMetric(metric) ? Math.round(value * 1000) / 10 : value);

function draftOf(targets: readonly MetricTarget[], groupId: number | null): Draft {
  const entries = CHECKLIST_METRICS.map((metric): [ChecklistMetric, DraftRow] => {
    const target = targets.find((t) => t.metric === metric && t.groupId === groupId);
    return [metric, target === undefined
      ? { enabled: false, direction: DEFAULT_DIRECTION[metric], value: '', deviation: '0' }
      : { enabled: true, direction: target.direction, value: shown(metric, target.value), deviation: shown(metric, target.allowedDeviation) }];
  });
  return Object.fromEntries(entries) as Draft;
}

/** "12,5" or "12.5" → 12.5; null when not a number. */
export function parseNumber(text: string): number | null {
  const cleaned = text.trim().replace(/\s/g, '').replace(',', '.');
  if (cleaned === '' || !/^-?\d+(\.\d+)?$/.test(cleaned)) return null;
  return Number(cleaned);
}

export function TargetsEditor({ api, scopes, onSaved, onCancel }: TargetsEditorProps) {
  const { t } = useUi();
  const [loaded] = useAsync(() => api.targets(), [api]);
  const [scope, setScope] = useState<number | null>(scopes[0]?.groupId ?? null);
  const [draft, setDraft] = useState<Draft | null>(null);
  const [errors, setErrors] = useState<Partial<Record<ChecklistMetric, string>>>({});
  const [saving, setSaving] = useState(false);
  const [failure, setFailure] = useState<unknown>(null);
  if (loaded.kind === 'loading') return <p class="fr-an-muted" role="status">{t('common.loading')}</p>;
  if (loaded.kind === 'failed') return <p class="fr-an-error" role="alert">{describeFailure(t, loaded.error)}</p>;
  const targets = loaded.value.targets;
  const rows = draft ?? draftOf(targets, scope);
  // From the latest draft, not this render's: quick successive edits must not undo each other.
  const change = (metric: ChecklistMetric, patch: Partial<DraftRow>) =>
    setDraft((d) => {
      const base = d ?? draftOf(targets, scope);
      return { ...base, [metric]: { ...base[metric], ...patch } };
    });

  const save = () => {
    const found: Partial<Record<ChecklistMetric, string>> = {};
    const list = CHECKLIST_METRICS.filter((m) => rows[m].enabled).map((metric) => {
      const row = rows[metric];
      const value = parseNumber(row.value);
      const deviation = parseNumber(row.deviation);
      const scale = isShareMetric(metric) ? 100 : 1;
      if (value === null || value < 0 || (scale === 100 && value > 100)) found[metric] = t('analytics.targets.badValue');
      else if (deviation === null || deviation < 0) found[metric] = t('analytics.targets.badDeviation');
      return { metric, value: (value ?? 0) / scale, allowedDeviation: (deviation ?? 0) / scale, direction: row.direction };
    });
    setErrors(found);
    if (Object.keys(found).length > 0) return;
    setSaving(true);
    setFailure(null);
    api.saveTargets({ groupId: scope, targets: list }).then(
      () => { setSaving(false); onSaved(); },
      (error: unknown) => { setSaving(false); setFailure(error); },
    );
  };

  return (
    <form class="fr-an-targets" data-fr-an-targets="" onSubmit={(e) => { e.preventDefault(); save(); }}>
      <div class="fr-an-section__head">
        <h3 class="fr-an-h">{t('analytics.targets.title')}</h3>
        {scopes.length > 1 && (
          <label class="fr-an-muted">
            {t('analytics.targets.scope')}{' '}
            <select data-fr-an-target-scope="" value={String(scope)} onChange={(e) => {
              const value = e.currentTarget.value;
              const next = value === 'null' ? null : Number(value);
              setScope(next);
              setDraft(draftOf(targets, next));
              setErrors({});
            }}>
              {scopes.map((s) => <option key={String(s.groupId)} value={String(s.groupId)}>{s.label}</option>)}
            </select>
          </label>
        )}
      </div>
      <p class="fr-an-note">{t('analytics.targets.hint')}</p>
      <table>
        <thead>
          <tr>
            <th>{t('analytics.targets.metric')}</th><th>{t('analytics.targets.direction')}</th>
            <th>{t('analytics.targets.value')}</th><th>{t('analytics.targets.deviation')}</th><th />
          </tr>
        </thead>
        <tbody>
          {CHECKLIST_METRICS.map((metric) => {
            const row = rows[metric];
            const unit = isShareMetric(metric) ? ' %' : '';
            return (
              <tr key={metric} data-fr-an-target={metric}>
                <td>
                  <label>
                    <input type="checkbox" checked={row.enabled} data-fr-an-target-on="" onChange={(e) => change(metric, { enabled: e.currentTarget.checked })} />{' '}
                    {t(`analytics.metrics.${metric}`)}
                  </label>
                </td>
                <td>
                  <select value={row.direction} disabled={!row.enabled} aria-label={t('analytics.targets.direction')} data-fr-an-target-direction=""
                    onChange={(e) => change(metric, { direction: e.currentTarget.value === 'at_least' ? 'at_least' : 'at_most' })}>
                    <option value="at_least">{t('analytics.targets.atLeast')}</option>
                    <option value="at_most">{t('analytics.targets.atMost')}</option>
                  </select>
                </td>
                <td>
                  <input type="text" inputMode="decimal" value={row.value} disabled={!row.enabled} aria-label={`${t('analytics.targets.value')}${unit}`}
                    data-fr-an-target-value="" onInput={(e) => change(metric, { value: e.currentTarget.value })} />{unit}
                </td>
                <td>
                  ± <input type="text" inputMode="decimal" value={row.deviation} disabled={!row.enabled} aria-label={`${t('analytics.targets.deviation')}${unit}`}
                    data-fr-an-target-deviation="" onInput={(e) => change(metric, { deviation: e.currentTarget.value })} />{unit}
                </td>
                <td>{errors[metric] !== undefined && <span class="fr-an-error" role="alert">{errors[metric]}</span>}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
      <EditorActions failure={failure} saving={saving} saveLabel={t('analytics.targets.save')} saveMarker="data-fr-an-target-save" onCancel={onCancel} />
    </form>
  );
}
