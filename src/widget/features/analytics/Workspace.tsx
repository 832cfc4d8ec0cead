/**
 * «Аналитика»: the full-page view heads and admins open from the launcher or the advanced page.
 * The weekly checklist is the landing tab; a manager gets only that tab, with their own row (the
 * service answers only that; the tabs here merely follow the role).
 */
import { useState } from 'preact/hooks';
import type { Pipeline } from '../../../core/domain';
import { useUi } from '../../ui/context';
import { LoadingState } from '../../ui/LoadingState';
import { useAsync } from '../../ui/use-async';
import { useAppEnv, type AppEnv } from '../app-env';
import type { RoleKind } from '../refusals/people';
import { loadMe, loadPipelines } from '../shared-reads';
import type { AnalyticsApi } from './api';
import { ChecklistView } from './ChecklistView';
import { CohortsView } from './CohortsView';
import { ControlView } from './ControlView';
import { describeFailure } from './failure';
import { FunnelView } from './FunnelView';
import { LossesView } from './LossesView';
import { MirrorBanner } from './MirrorBanner';
import { Page } from './Page';
import type { TargetScope } from './TargetsEditor';

export type AnalyticsTab = 'checklist' | 'funnel' | 'losses' | 'cohorts' | 'control';
const HEAD_TABS: readonly AnalyticsTab[] = ['checklist', 'funnel', 'losses', 'cohorts', 'control'];

export interface WorkspaceProps { api: AnalyticsApi; onClose(): void; initialTab?: AnalyticsTab }

interface Who { role: RoleKind; scopes: TargetScope[]; pipelines: Pipeline[] }

async function loadWho(env: AppEnv, allGroups: string): Promise<Who> {
  const me = await loadMe(env);
  const role = me.role.kind;
  if (role === 'manager') return { role, scopes: [], pipelines: [] };
  const groupName = (id: number) => env.groups.find((g) => g.id === id)?.name ?? `#${id}`;
  const scopes: TargetScope[] = role === 'admin'
    ? [{ groupId: null, label: allGroups }, ...env.groups.map((g) => ({ groupId: g.id as number, label: g.name }))]
    : me.role.groupIds.map((id) => ({ groupId: id as number, label: groupName(id) }));
  return { role, scopes, pipelines: await loadPipelines(env) };
}

export default function Workspace({ api, onClose, initialTab = 'checklist' }: WorkspaceProps) {
  const { t } = useUi();
  const env = useAppEnv();
  const [who] = useAsync(() => loadWho(env, t('analytics.targets.allGroups')), [env]);
  const [tab, setTab] = useState<AnalyticsTab>(initialTab);
  const [revision, setRevision] = useState(0);
  const [currency, setCurrency] = useState('');
  const tabs = who.kind === 'ready' && who.value.role !== 'manager' ? HEAD_TABS : (['checklist'] as const);
  const shown = tabs.includes(tab) ? tab : 'checklist';
  const nav = (
    <nav class="fr-an-nav" role="tablist" aria-label={t('analytics.title')}>
      {tabs.map((id) => (
        <button key={id} type="button" role="tab" aria-selected={shown === id} data-fr-an-tab={id} onClick={() => setTab(id)}>
          {t(`analytics.tabs.${id}`)}
        </button>
      ))}
    </nav>
  );
  return (
    <Page title={t('analytics.title')} nav={nav} onClose={onClose}>
      {who.kind === 'loading' && <LoadingState />}
      {who.kind === 'failed' && <p class="fr-an-error" role="alert">{describeFailure(t, who.error)}</p>}
      {who.kind === 'ready' && (
        <div role="tabpanel" data-fr-an-panel={shown}>
          <MirrorBanner api={api} canStart={who.value.role === 'admin'} onReady={() => setRevision((r) => r + 1)} />
          {shown === 'checklist' && (
            <ChecklistView api={api} revision={revision} canEditTargets={who.value.role !== 'manager'} targetScopes={who.value.scopes} onLoaded={(r) => setCurrency(r.currency)} />
          )}
          {shown === 'funnel' && <FunnelView api={api} pipelines={who.value.pipelines} revision={revision} />}
          {shown === 'losses' && <LossesView api={api} pipelines={who.value.pipelines} revision={revision} />}
          {shown === 'cohorts' && <CohortsView api={api} pipelines={who.value.pipelines} revision={revision} />}
          {shown === 'control' && <ControlView api={api} pipelines={who.value.pipelines} currency={currency} canEditSettings={who.value.role === 'admin'} revision={revision} />}
        </div>
      )}
    </Page>
  );
}
