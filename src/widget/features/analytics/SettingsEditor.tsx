/**
 * Admins: how long a deal may stay in each stage before the control list calls it stuck, the
 * default gap to the next task, and a maturity cut-off for every pipeline instead of the measured
 * one. Empty = no limit / the computed cut-off. Saved with PUT /api/v1/analytics/settings.
 */
import { useState } from 'preact/hooks';
import type { Pipeline } from '../../../core/domain';
import { useUi } from '../../ui/context';
import { useAsync } from '../../ui/use-async';
import type { AnalyticsApi, AnalyticsSettings } from './api';
import { EditorActions } from './EditorActions';
import { describeFailure } from './failure';
import { parseNumber } from './TargetsEditor';

export interface SettingsEditorProps { api: AnalyticsApi; pipelines: readonly Pipeline[]; onSaved(): void; onCancel(): void }

interface Draft { limits: Record<string, string>; gap: string; maturity: string }

const draftOf = (settings: AnalyticsSettings): Draft => ({
  limits: Object.fromEntries(Object.entries(settings.stuckLimitDays).map(([id, days]) => [id, String(days)])),
  gap: String(settings.taskGapDays),
  maturity: settings.maturityDaysOverride === null ? '' : String(settings.maturityDaysOverride),
});

/** A whole number of days ≥ 1 (limits, gap) or ≥ 0; null for empty; undefined when not a number. */
function days(text: string, min: number): number | null | undefined {
  if (text.trim() === '') return null;
  const n = parseNumber(text);
  return n === null || n < min || !Number.isInteger(n) ? undefined : n;
}

export function SettingsEditor({ api, pipelines, onSaved, onCancel }: SettingsEditorProps) {
  const { t } = useUi();
  const [loaded] = useAsync(() => api.settings(), [api]);
  const [draft, setDraft] = useState<Draft | null>(null);
  const [invalid, setInvalid] = useState<string[]>([]);
  const [saving, setSaving] = useState(false);
  const [failure, setFailure] = useState<unknown>(null);
  if (loaded.kind === 'loading') return <p class="fr-an-muted" role="status">{t('common.loading')}</p>;
  if (loaded.kind === 'failed') return <p class="fr-an-error" role="alert">{describeFailure(t, loaded.error)}</p>;
  const initial = loaded.value;
  const current = draft ?? draftOf(initial);
  // From the latest draft, not this render's: quick successive edits must not undo each other.
  const edit = (patch: (d: Draft) => Draft) => setDraft((d) => patch(d ?? draftOf(initial)));
  const stages = pipelines.filter((p) => !p.isArchive).flatMap((p) =>
    [...p.statuses].filter((s) => s.kind === 'open').sort((a, b) => a.sort - b.sort).map((s) => ({ id: String(s.id), name: s.name, pipeline: p.name })));
  const several = pipelines.filter((p) => !p.isArchive).length > 1;

  const save = () => {
    const bad: string[] = [];
    const stuckLimitDays: Record<string, number> = {};
    for (const [id, text] of Object.entries(current.limits)) {
      const value = days(text, 1);
      if (value === undefined) bad.push(id);
      else if (value !== null) stuckLimitDays[id] = value;
    }
    const gap = days(current.gap, 1);
    const maturity = days(current.maturity, 0);
    if (gap === undefined || gap === null) bad.push('gap');
    if (maturity === undefined) bad.push('maturity');
    setInvalid(bad);
    if (bad.length > 0 || gap === undefined || gap === null || maturity === undefined) return;
    setSaving(true);
    setFailure(null);
    api.saveSettings({ stuckLimitDays, taskGapDays: gap, maturityDaysOverride: maturity }).then(
      () => { setSaving(false); onSaved(); },
      (error: unknown) => { setSaving(false); setFailure(error); },
    );
  };
  const field = (key: string, label: string, value: string, onInput: (text: string) => void) => (
    <tr key={key} data-fr-an-setting={key}>
      <td>{label}</td>
      <td>
        <input type="text" inputMode="numeric" value={value} aria-label={label} aria-invalid={invalid.includes(key)} onInput={(e) => onInput(e.currentTarget.value)} />
        {invalid.includes(key) && <span class="fr-an-error" role="alert"> {t('analytics.settings.bad')}</span>}
      </td>
    </tr>
  );
  return (
    <form class="fr-an-targets" data-fr-an-settings="" onSubmit={(e) => { e.preventDefault(); save(); }}>
      <h3 class="fr-an-h">{t('analytics.settings.title')}</h3>
      <p class="fr-an-note">{t('analytics.settings.hint')}</p>
      <table>
        <tbody>
          {stages.map((s) => field(s.id, several ? `${s.pipeline} · ${s.name}` : s.name, current.limits[s.id] ?? '',
            (text) => edit((d) => ({ ...d, limits: { ...d.limits, [s.id]: text } }))))}
          {field('gap', t('analytics.settings.gap'), current.gap, (text) => edit((d) => ({ ...d, gap: text })))}
          {field('maturity', t('analytics.settings.maturity'), current.maturity, (text) => edit((d) => ({ ...d, maturity: text })))}
        </tbody>
      </table>
      <EditorActions failure={failure} saving={saving} saveLabel={t('analytics.settings.save')} saveMarker="data-fr-an-settings-save" onCancel={onCancel} />
    </form>
  );
}
