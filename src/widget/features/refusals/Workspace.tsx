/**
 * The heads' review workspace, opened from the launcher as a modal: the queue with filters on the
 * left, the open review on the right, outcomes on a second tab.
 */
import { useEffect, useState } from 'preact/hooks';
import type { RefusalCatalog } from '../../../core/refusals';
import { useUi } from '../../ui/context';
import { ErrorState } from '../../ui/ErrorState';
import { LoadingState } from '../../ui/LoadingState';
import { useAppEnv } from '../app-env';
import type { RefusalsApi } from './api';
import { Dialog } from './Dialog';
import { describeError } from './format';
import { Outcomes } from './Outcomes';
import { deriveNames, loadCatalog } from './people';
import type { AdviceTemplate } from './ReturnForm';
import { ReviewDetail } from './ReviewDetail';
import { ReviewFiltersBar } from './ReviewFiltersBar';
import { ReviewList } from './ReviewList';
import { deriveFilterOptions } from './select-reviews';
import { loadAdviceTemplates } from './templates';
import { useAsync } from '../../ui/use-async';
import { createWorkspaceModel, type WorkspaceModel } from './WorkspaceModel';

export interface WorkspaceProps { api: RefusalsApi; onClose(): void }

export function Workspace({ api, onClose }: WorkspaceProps) {
  const { t } = useUi();
  const env = useAppEnv();
  const [tab, setTab] = useState<'reviews' | 'outcomes'>('reviews');
  const [catalog] = useAsync(() => loadCatalog(env), [env]);
  const [templates] = useAsync(() => loadAdviceTemplates(env), [env]);
  return (
    <Dialog title={t('refusals.workspace.title')} onClose={onClose}>
      <div class="fr-rf-tabs" role="tablist">
        {(['reviews', 'outcomes'] as const).map((id) => (
          <button key={id} type="button" role="tab" class="fr-tab" aria-selected={tab === id} data-fr-rf-tab={id} onClick={() => setTab(id)}>
            {t(`refusals.workspace.${id}`)}
          </button>
        ))}
      </div>
      {catalog.kind === 'loading' && <LoadingState />}
      {catalog.kind === 'failed' && <ErrorState t={t} error={catalog.error} />}
      {catalog.kind === 'ready' && (tab === 'reviews'
        ? <Reviews api={api} catalog={catalog.value} templates={templates.kind === 'ready' ? templates.value : []} />
        : <Outcomes api={api} catalog={catalog.value} />)}
    </Dialog>
  );
}

function Reviews({ api, catalog, templates }: { api: RefusalsApi; catalog: RefusalCatalog; templates: readonly AdviceTemplate[] }) {
  const { t } = useUi();
  const env = useAppEnv();
  const [model] = useState<WorkspaceModel>(() => createWorkspaceModel(api, env.now));
  useEffect(() => { void model.reload(); }, [model]);
  const names = deriveNames(catalog);
  const list = model.list.value;
  if (list.kind === 'loading') return <LoadingState />;
  if (list.kind === 'failed') return <p class="fr-error" role="alert">{describeError(t, list.error)}</p>;
  const detail = model.detail.value;
  const notice = model.notice.value;
  const { counts } = list.value;
  return (
    <div class="fr-rf-split">
      <div class="fr-rf-col">
        <p data-fr-pending-count={counts.pending}>
          {t('refusals.workspace.counts', { pending: counts.pending, shown: model.visible.value.length })}
          {counts.withProblems > 0 && <span class="fr-rf-warning"> · {t('refusals.workspace.problems', { count: counts.withProblems })}</span>}
        </p>
        <ReviewFiltersBar filters={model.filters.value} sort={model.sort.value} options={deriveFilterOptions(list.value.items)} names={names}
          onFilter={model.setFilter} onSort={(sort) => { model.sort.value = sort; }} />
        <ReviewList items={model.visible.value} selectedId={model.selectedId.value} names={names} now={env.now()} onSelect={(id) => void model.select(id)} />
      </div>
      <div class="fr-rf-col" aria-live="polite">
        {notice !== null && (
          <p class={`fr-rf-notice${notice.kind === 'conflict' ? ' fr-rf-notice--conflict' : ''}`} role="status" data-fr-notice={notice.kind}>
            {notice.kind === 'conflict' ? t('refusals.notice.conflict') : t(`refusals.notice.${notice.kind}`, { deal: notice.leadName })}
          </p>
        )}
        {detail === null && <p class="fr-rf-muted">{t('refusals.workspace.pick')}</p>}
        {detail?.kind === 'loading' && <LoadingState />}
        {detail?.kind === 'failed' && <p class="fr-error" role="alert">{describeError(t, detail.error)}</p>}
        {detail?.kind === 'ready' && (
          <ReviewDetail key={detail.value.review.id} detail={detail.value} catalog={catalog} names={names} templates={templates}
            onConfirm={model.confirmLost} onReturn={model.returnToWork} />
        )}
      </div>
    </div>
  );
}
