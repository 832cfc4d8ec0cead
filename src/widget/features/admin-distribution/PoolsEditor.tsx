import type { ServiceClient } from '../../service-client';
import { useUi } from '../../ui/context';
import { ErrorState } from '../../ui/ErrorState';
import { LoadingState } from '../../ui/LoadingState';
import { useAppEnv } from '../app-env';
import { SaveBar } from '../settings-kit/SaveBar';
import { useConfigEditor } from '../settings-kit/use-config-editor';
import { usePipelines } from '../admin-focus/use-pipelines';
import { ManagerHoursEditor } from './ManagerHoursEditor';
import { PoolEditor } from './PoolEditor';
import { newPool, validatePools, type PoolConfig } from './pools-draft';

/** Distribution pools, one per pipeline; only admins edit, heads read. */
export function PoolsEditor({ service }: { service: ServiceClient }) {
  const { t } = useUi();
  const env = useAppEnv();
  const editor = useConfigEditor(service, validatePools);
  const pipelinesState = usePipelines(env);
  const readOnly = !env.user.isAdmin;
  const load = editor.load.value;
  const draft = editor.draft.value;
  if (load.kind === 'failed') return <ErrorState t={t} error={load.error} />;
  if (load.kind === 'loading' || draft === null) return <LoadingState />;
  const pipelines = pipelinesState.kind === 'ready' ? pipelinesState.value : [];
  const pools = draft.distribution.pools;
  const setPools = (next: PoolConfig[]) => editor.edit((config) => ({ ...config, distribution: { ...config.distribution, pools: next } }));
  const free = pipelines.filter((pipeline) => !pipeline.isArchive && !pools.some((pool) => pool.pipelineId === pipeline.id));
  return (
    <section class="fr-pools" data-fr-pools="">
      {readOnly && <p class="fr-notice">{t('adminFocus.readOnly')}</p>}
      {pools.length === 0 && <p class="fr-muted">{t('distribution.pools.none')}</p>}
      {pools.map((pool, index) => (
        <PoolEditor key={pool.pipelineId} pool={pool} index={index} readOnly={readOnly} errors={editor.errors.value}
          pipeline={pipelinesState.kind === 'ready' ? pipelines.find((entry) => entry.id === pool.pipelineId) ?? null : null}
          onChange={(next) => setPools(pools.map((entry, at) => (at === index ? next : entry)))}
          onRemove={() => setPools(pools.filter((_, at) => at !== index))} />
      ))}
      {!readOnly && free.length > 0 && (
        <select class="fr-input" value="" aria-label={t('distribution.pools.add')} data-fr-add-pool=""
          onChange={(e) => { const id = Number(e.currentTarget.value); if (id > 0) setPools([...pools, newPool(id)]); }}>
          <option value="">{t('distribution.pools.add')}</option>
          {free.map((pipeline) => <option key={pipeline.id} value={pipeline.id}>{pipeline.name}</option>)}
        </select>
      )}
      <ManagerHoursEditor list={draft.distribution.managerHours} errors={editor.errors.value} readOnly={readOnly}
        onChange={(managerHours) => editor.edit((config) => ({ ...config, distribution: { ...config.distribution, managerHours } }))} />
      {!readOnly && <SaveBar editor={editor} />}
    </section>
  );
}
