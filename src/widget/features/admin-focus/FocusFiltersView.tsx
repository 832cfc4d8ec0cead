import { AdminTab } from '../settings-kit/AdminTab';
import { useState } from 'preact/hooks';
import type { GroupId, UserId } from '../../../core/brand';
import type { FilterScope } from '../../../core/focus/filter-warnings';
import type { AccountConfig, ServiceClient } from '../../service-client';
import { useUi } from '../../ui/context';
import { ErrorState } from '../../ui/ErrorState';
import { LoadingState } from '../../ui/LoadingState';
import { useAppEnv } from '../app-env';
import { errorsUnder } from '../settings-kit/config-editor';
import { FilterEditor } from './FilterEditor';
import { describeWarning, deriveWarningsByScope } from './filter-warnings';
import { inheritedFilter, patchOf, scopeKey, scopePath, withoutLayer, withPatch, type FilterPatch } from './focus-layers';
import { validateFocusSection } from './focus-validate';
import { LayerList } from './LayerList';
import { OptionalWorkingHours } from '../settings-kit/OptionalWorkingHours';
import { PreviewPanel } from './PreviewPanel';
import { SaveBar } from '../settings-kit/SaveBar';
import { useConfigEditor } from '../settings-kit/use-config-editor';
import { usePipelines } from './use-pipelines';

const validate = (config: AccountConfig) => validateFocusSection(config.focus);

/** The Focus tab of the advanced settings: filters per group, per-manager overrides, live preview. */
export default function FocusFiltersView() {
  const { t } = useUi();
  return <AdminTab noService={t('adminFocus.noService')}>{(service) => <FocusFilters service={service} />}</AdminTab>;
}

function FocusFilters({ service }: { service: ServiceClient }) {
  const { t } = useUi();
  const env = useAppEnv();
  const editor = useConfigEditor(service, validate);
  const pipelinesState = usePipelines(env);
  const [scope, setScope] = useState<FilterScope>({ kind: 'defaults' });
  const readOnly = !env.user.isAdmin;

  const load = editor.load.value;
  const draft = editor.draft.value;
  if (load.kind === 'failed') return <ErrorState t={t} error={load.error} />;
  if (load.kind === 'loading' || draft === null) return <LoadingState />;

  const section = draft.focus;
  const pipelines = pipelinesState.kind === 'ready' ? pipelinesState.value : null;
  const warnings = deriveWarningsByScope(section, pipelines, env);
  const errors = editor.errors.value;
  const invalid = new Set(
    [{ kind: 'defaults' } as FilterScope, ...section.groups.map((g): FilterScope => ({ kind: 'group', groupId: g.groupId as GroupId })),
      ...section.managers.map((m): FilterScope => ({ kind: 'manager', managerId: m.managerId as UserId }))]
      .filter((layer) => { const path = scopePath(section, layer); return path !== null && errorsUnder(errors, path).size > 0; })
      .map(scopeKey),
  );
  const path = scopePath(section, scope);
  const patch = patchOf(section, scope) ?? {};
  const groupOf = (id: UserId) => env.managers.find((user) => user.id === id)?.groupId ?? null;
  const nameOf = (id: UserId) => env.managers.find((user) => user.id === id)?.name ?? null;
  const setSection = (next: AccountConfig['focus']) => editor.edit((config) => ({ ...config, focus: next }));
  const select = (next: FilterScope) => {
    if (next.kind === 'manager' && patchOf(section, next) === null) setSection(withPatch(section, next, {}));
    setScope(next);
  };

  return (
    <div class="fr-admin" data-fr-admin="focus">
      {readOnly && <p class="fr-notice">{t('adminFocus.readOnly')}</p>}
      <div class="fr-admin__columns">
        <LayerList section={section} selected={scope} warned={new Set(warnings.keys())} invalid={invalid} readOnly={readOnly} onSelect={select} />
        <div class="fr-admin__main" data-fr-layer-editor={scopeKey(scope)}>
          {pipelinesState.kind === 'failed' && <p class="fr-warning">{t('adminFocus.pipelinesFailed')}</p>}
          {(warnings.get(scopeKey(scope)) ?? []).map((warning, index) => (
            <p key={index} class="fr-warning" data-fr-warning={warning.code}>{describeWarning(t, warning, pipelines ?? [], nameOf)}</p>
          ))}
          <FilterEditor
            patch={patch}
            inherited={inheritedFilter(section, scope, groupOf)}
            pipelines={pipelines ?? []}
            errors={path === null ? new Map() : errorsUnder(errors, path)}
            readOnly={readOnly}
            onChange={(next: FilterPatch) => setSection(withPatch(section, scope, next))}
          />
          {!readOnly && scope.kind !== 'defaults' && patchOf(section, scope) !== null && (
            <button type="button" class="fr-link" data-fr-action="remove-layer"
              onClick={() => { setSection(withoutLayer(section, scope)); setScope({ kind: 'defaults' }); }}>
              {t(scope.kind === 'group' ? 'adminFocus.removeGroupFilter' : 'adminFocus.removeOverride')}
            </button>
          )}
        </div>
      </div>
      <section data-fr-focus-hours="">
        <h3 class="fr-subheading">{t('adminFocus.hours.heading')}</h3>
        <p class="fr-muted">{t('adminFocus.hours.hint')}</p>
        <OptionalWorkingHours hours={section.schedule} restrictLabel={t('adminFocus.hours.restrict')} anyTime={t('adminFocus.hours.anyTime')}
          owner={t('adminFocus.hours.heading')} errors={errorsUnder(errors, 'focus.schedule')} readOnly={readOnly}
          onChange={(schedule) => setSection({ ...section, schedule })} />
      </section>
      {!readOnly && <SaveBar editor={editor} />}
      <PreviewPanel port={service.focus} section={section} blocked={errors.size > 0} />
    </div>
  );
}
