import { STATUS_LOST } from '../../../core/brand';
import { useUi } from '../../ui/context';
import type { StageVisit } from '../../../core/analytics/stage-path';
import { formatDays } from './format';
import type { Names } from './people';

/**
 * The deal's path through stages as one strip: each stage first gets room for its label, then the
 * rest of the strip goes by its share of the time. Pure shares squeezed a same-day stage (often
 * the one the deal was lost from — the one the head needs) down to an unreadable "Д…".
 */
export function StageTimeline({ path, names }: { path: readonly StageVisit[]; names: Names }) {
  const { t, dates } = useUi();
  if (path.length === 0) return <p class="fr-rf-muted">{t('refusals.detail.noPath')}</p>;
  const total = path.reduce((sum, step) => sum + Math.max(step.days, 0), 0) || 1;
  return (
    <ol class="fr-rf-path" aria-label={t('refusals.detail.path')}>
      {path.map((step, index) => {
        const name = names.status(step.pipelineId, step.statusId) ?? t('refusals.removed');
        const label = t('refusals.detail.stageDays', { stage: name, days: formatDays(step.days, dates.language) });
        return (
          <li
            key={`${index}:${step.statusId}`}
            class={`fr-rf-path__step${step.statusId === STATUS_LOST ? ' fr-rf-path__step--lost' : ''}`}
            style={{ flexGrow: Math.max(step.days, 0) / total, flexBasis: 'auto' }}
            title={label}
            data-fr-stage={step.statusId}
          >
            {label}
          </li>
        );
      })}
    </ol>
  );
}
