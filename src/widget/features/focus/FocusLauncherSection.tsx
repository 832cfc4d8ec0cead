/**
 * The launcher panel's Focus part: ready deals per stage, Start, and whether the distribution
 * pause will be active. The counts come from the focus model the launcher already created.
 */
import { useContext, useEffect } from 'preact/hooks';
import { useUi } from '../../ui/context';
import { ErrorState } from '../../ui/ErrorState';
import { LoadingState } from '../../ui/LoadingState';
import { FocusModelContext } from './focus-context';
import { focusErrorKey } from './focus-errors';
import { injectFocusStyles } from './focus-styles';
import { PauseNotice } from './PauseNotice';
import type { LauncherSectionProps } from '../launcher/sections';

export default function FocusLauncherSection({ close }: LauncherSectionProps) {
  const { t } = useUi();
  const model = useContext(FocusModelContext);
  useEffect(() => {
    injectFocusStyles(document);
    if (!model) return;
    void model.refreshCounts();
    model.loadStageNames().catch(() => undefined);
  }, [model]);
  if (!model) return <LoadingState />;
  const counts = model.counts.value;
  const session = model.session.value;
  const running = session.kind === 'running' || session.kind === 'starting';
  return (
    <div class="fr-focus-section">
      <h3 class="fr-subheading">{t('focus.section_title')}</h3>
      {counts.kind === 'loading' && <LoadingState />}
      {counts.kind === 'failed' && (
        <>
          {model.errorKind(counts.error) === 'other'
            ? <ErrorState t={t} error={counts.error} />
            : (
              <p class="fr-prompt" role="alert" data-fr-config-failed={model.errorKind(counts.error) === 'config' ? '' : undefined} data-fr-counts-failed={model.errorKind(counts.error)}>
                {t(focusErrorKey(model.errorKind(counts.error)))}
              </p>
            )}
          <button type="button" class="fr-btn" onClick={() => void model.refreshCounts({ force: true })}>{t('focus.retry')}</button>
        </>
      )}
      {counts.kind === 'ready' && (counts.total === 0
        ? <p class="fr-muted" data-fr-focus-empty="">{t('focus.nothing_ready')}</p>
        : (
          <ul class="fr-stages" data-fr-stage-counts="">
            {counts.byStage.map((stage) => (
              <li key={`${stage.pipelineId}:${stage.statusId}`} data-fr-stage={stage.statusId}>
                <span>{model.stageNames.value.get(`${stage.pipelineId}:${stage.statusId}`) ?? `#${stage.statusId}`}</span>
                <strong>{stage.count}</strong>
              </li>
            ))}
          </ul>
        ))}
      <PauseNotice pause={model.pause.value} running={false} />
      {!running && (
        <button
          type="button"
          class="fr-btn fr-btn--primary"
          data-fr-focus-start=""
          disabled={model.busy.value || (counts.kind === 'ready' && counts.total === 0) || (counts.kind === 'failed' && model.errorKind(counts.error) === 'config')}
          onClick={() => { close(); void model.start(); }}
        >
          {t('focus.start')}
        </button>
      )}
    </div>
  );
}
