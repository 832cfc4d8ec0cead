/**
 * Advanced settings → Refusals: the admin's rules, checked by the core as they are typed
 * (errors block saving; references to things removed in amoCRM are warnings on the rule), saved
 * with the configuration's version so two admins cannot overwrite each other; then the backfill.
 */
import { useCallback, useRef, useState } from 'preact/hooks';
import type { TaskTypeId } from '../../../core/brand';
import type { RefusalCatalog, RefusalRule, RuleIssue } from '../../../core/refusals';
import { isRuleSavable, validateRule } from '../../../core/refusals';
import type { ConfigResponse, ServiceClient } from '../../service-client';
import { useUi } from '../../ui/context';
import { EmptyState } from '../../ui/EmptyState';
import { ErrorState } from '../../ui/ErrorState';
import { LoadingState } from '../../ui/LoadingState';
import { useAppEnv } from '../app-env';
import type { ConfigEditor } from '../settings-kit/config-editor';
import AdviceTemplatesEditor from './AdviceTemplatesEditor';
import { refusalsApiOf, type RefusalsApi } from './api';
import { BackfillPanel } from './BackfillPanel';
import { describeError } from './format';
import { loadCatalog } from './people';
import { toRefusalRule } from '../../../core/refusals/stored-rule';
import { createRule, mapServerErrors } from './rule-draft';
import { RefusalHoursEditor } from './RefusalHoursEditor';
import { RuleEditor } from './RuleEditor';
import { ensureRefusalStyles } from './styles';
import { useAsync } from '../../ui/use-async';

export default function RulesTab() {
  const { t } = useUi();
  const env = useAppEnv();
  const service = env.service;
  const [loaded] = useAsync(async () => {
    if (service === null) return null;
    ensureRefusalStyles(document);
    const [config, catalog] = await Promise.all([service.getConfig(), loadCatalog(env)]);
    return { config, catalog };
  }, [env, service]);
  if (loaded.kind === 'loading') return <LoadingState />;
  if (loaded.kind === 'failed') return <ErrorState t={t} error={loaded.error} />;
  if (loaded.value === null || service === null) return <EmptyState text={t('refusals.errors.no_service')} />;
  const api = refusalsApiOf(service);
  return <RulesAndTemplates service={service} config={loaded.value.config} catalog={loaded.value.catalog} api={api} />;
}

/**
 * Rules, working hours and advice templates under one Save (several save buttons on one page read
 * as "which one?"). Each slice editor writes only its part onto the latest document (slicePort).
 */
function RulesAndTemplates({ service, config, catalog, api }: { service: ServiceClient; config: ConfigResponse; catalog: RefusalCatalog; api: RefusalsApi | null }) {
  const slices = useRef(new Set<ConfigEditor>());
  const register = useCallback((editor: ConfigEditor) => { slices.current.add(editor); }, []);
  const saveSlices = useCallback(async (): Promise<boolean> => {
    let allSaved = true;
    for (const editor of slices.current) {
      if (!editor.dirty.value) continue;
      await editor.save();
      allSaved = allSaved && editor.saveState.value.kind === 'saved';
    }
    return allSaved;
  }, []);
  return (
    <div class="fr-rf">
      <RulesEditor service={service} initial={config} catalog={catalog} alsoSave={saveSlices} />
      <RefusalHoursEditor service={service} register={register} />
      <AdviceTemplatesEditor service={service} taskTypes={catalog.taskTypes} register={register} />
      {api !== null && <BackfillPanel api={api} />}
    </div>
  );
}

type SaveState = { kind: 'idle' | 'saving' | 'saved' | 'blocked' | 'conflict' } | { kind: 'failed'; message: string };

interface RulesEditorProps {
  service: ServiceClient;
  initial: ConfigResponse;
  catalog: RefusalCatalog;
  /** Saves what else the tab edits (working hours, advice templates) after the rules; false when it could not. */
  alsoSave(): Promise<boolean>;
}

function RulesEditor({ service, initial, catalog, alsoSave }: RulesEditorProps) {
  const { t } = useUi();
  const [base, setBase] = useState(initial);
  const [rules, setRules] = useState<RefusalRule[]>(() => initial.config.refusals.rules.map(toRefusalRule));
  const [serverErrors, setServerErrors] = useState<Map<number, RuleIssue[]>>(new Map());
  const [save, setSave] = useState<SaveState>({ kind: 'idle' });
  const checks = rules.map((rule, index) => {
    const own = validateRule(rule, catalog);
    return { errors: [...own.errors, ...(serverErrors.get(index) ?? [])], warnings: own.warnings };
  });

  const edit = (next: RefusalRule[]) => { setRules(next); setServerErrors(new Map()); setSave({ kind: 'idle' }); };
  const add = () => {
    const taskTypeId = (catalog.taskTypes[0]?.id ?? 1) as TaskTypeId;
    edit([...rules, createRule(rules, taskTypeId, t('refusals.rules.defaultName'), t('refusals.rules.defaultText'))]);
  };
  const submit = async () => {
    if (!checks.every(isRuleSavable)) { setSave({ kind: 'blocked' }); return; }
    setSave({ kind: 'saving' });
    try {
      const result = await service.saveConfig(base.version, { ...base.config, refusals: { ...base.config.refusals, rules } });
      if (result.kind === 'saved') {
        setBase(result.config);
        const allSaved = await alsoSave();
        // The hours and templates were written after the rules, each raising the version: the
        // next Save of the rules starts from that document, or it would conflict with ourselves —
        // unless someone else changed the rules meanwhile (then that Save reports the conflict).
        const latest = await service.getConfig().catch(() => null);
        if (latest !== null && JSON.stringify(latest.config.refusals.rules) === JSON.stringify(result.config.config.refusals.rules)) setBase(latest);
        setSave(allSaved ? { kind: 'saved' } : { kind: 'idle' });
        return;
      }
      if (result.kind === 'conflict') {
        // Someone saved first: show what is current rather than silently overwrite it.
        setBase(result.current);
        setRules(result.current.config.refusals.rules.map(toRefusalRule));
        setSave({ kind: 'conflict' });
        return;
      }
      setServerErrors(mapServerErrors(result.errors));
      setSave({ kind: 'blocked' });
    } catch (error) {
      setSave({ kind: 'failed', message: describeError(t, error) });
    }
  };

  return (
    <section class="fr-rf-rules" data-fr-rules="">
      {rules.length === 0 && <EmptyState text={t('advanced.refusals.empty')} />}
      {rules.map((rule, index) => (
        <RuleEditor key={rule.id} rule={rule} catalog={catalog} issues={checks[index] ?? { errors: [], warnings: [] }}
          onChange={(next) => edit(rules.map((r, i) => (i === index ? next : r)))}
          onRemove={() => edit(rules.filter((_, i) => i !== index))} />
      ))}
      <div class="fr-rf-actions">
        <button type="button" class="fr-rf-btn" onClick={add}>{t('refusals.rules.add')}</button>
        <button type="button" class="fr-rf-btn fr-rf-btn--primary" data-fr-save="" disabled={save.kind === 'saving'} onClick={() => void submit()}>
          {t('refusals.rules.saveAll')}
        </button>
      </div>
      {save.kind !== 'idle' && save.kind !== 'saving' && (
        <p role={save.kind === 'saved' ? 'status' : 'alert'} data-fr-save-state={save.kind}
          class={save.kind === 'saved' ? 'fr-rf-notice' : 'fr-rf-field-error'}>
          {save.kind === 'failed' ? save.message : t(`refusals.rules.saveState.${save.kind}`)}
        </p>
      )}
    </section>
  );
}
