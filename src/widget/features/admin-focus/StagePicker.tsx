import type { Pipeline } from '../../../core/domain';
import { useUi } from '../../ui/context';
import { findStage, isClosedStage, pickableStatuses, stageKey } from './describe-filter';

type Stage = { pipelineId: number; statusId: number };

export interface StagePickerProps {
  pipelines: readonly Pipeline[];
  value: readonly Stage[];
  onChange(stages: Stage[]): void;
  readOnly: boolean;
}

/**
 * Stages by name, grouped by pipeline. A stage the filter names that amoCRM no longer has (or a
 * closed one) stays visible as a warning with a way to drop it — never silently forgotten.
 */
export function StagePicker({ pipelines, value, onChange, readOnly }: StagePickerProps) {
  const { t } = useUi();
  const selected = new Set(value.map((stage) => stageKey(stage.pipelineId, stage.statusId)));
  const toggle = (stage: Stage, on: boolean): void => {
    const key = stageKey(stage.pipelineId, stage.statusId);
    onChange(on ? [...value, stage] : value.filter((entry) => stageKey(entry.pipelineId, entry.statusId) !== key));
  };
  const stale = value.filter((stage) => findStage(pipelines, stage.pipelineId, stage.statusId) === null || isClosedStage(stage.statusId));
  const shown = pipelines.filter((pipeline) => !pipeline.isArchive || pipeline.statuses.some((status) => selected.has(stageKey(pipeline.id, status.id))));
  return (
    <div class="fr-stages">
      {stale.map((stage) => (
        <p key={stageKey(stage.pipelineId, stage.statusId)} class="fr-warning" data-fr-stale-stage={stage.statusId}>
          {isClosedStage(stage.statusId) ? t('adminFocus.warnings.closed_stage') : t('adminFocus.warnings.unknown_stage', { id: stage.statusId })}
          {!readOnly && <button type="button" class="fr-link" onClick={() => toggle(stage, false)}>{t('adminFocus.remove')}</button>}
        </p>
      ))}
      {shown.map((pipeline) => (
        <fieldset key={pipeline.id} class="fr-stages__pipeline">
          <legend>{pipeline.name}{pipeline.isArchive ? ` (${t('adminFocus.archived')})` : ''}</legend>
          {pickableStatuses(pipeline).map((status) => {
            const stage = { pipelineId: pipeline.id, statusId: status.id };
            return (
              <label key={status.id} class="fr-check">
                <input type="checkbox" disabled={readOnly} checked={selected.has(stageKey(pipeline.id, status.id))}
                  onChange={(e) => toggle(stage, e.currentTarget.checked)} data-fr-stage={status.id} />
                {status.name}
              </label>
            );
          })}
        </fieldset>
      ))}
      {value.length === 0 && <p class="fr-muted">{t('adminFocus.summary.allStages')}</p>}
    </div>
  );
}
