import type { LossReasonId, PipelineId, UserId } from '../../../core/brand';
import { useUi } from '../../ui/context';
import type { Names } from './people';
import type { FilterOptions, ReviewFilters, ReviewSort } from './select-reviews';
import { REVIEW_SORTS } from './select-reviews';

export interface ReviewFiltersBarProps {
  filters: ReviewFilters;
  sort: ReviewSort;
  options: FilterOptions;
  names: Names;
  onFilter<K extends keyof ReviewFilters>(key: K, value: ReviewFilters[K]): void;
  onSort(sort: ReviewSort): void;
}

const idOrNull = (text: string): number | null => (text === '' ? null : Number(text));
const numberOrNull = (text: string): number | null => (text.trim() === '' || !Number.isFinite(Number(text)) ? null : Number(text));

export function ReviewFiltersBar({ filters, sort, options, names, onFilter, onSort }: ReviewFiltersBarProps) {
  const { t } = useUi();
  const any = t('refusals.filters.any');
  return (
    <div class="fr-rf-filters" role="group" aria-label={t('refusals.filters.label')}>
      <IdFilter name="manager" label={t('refusals.filters.manager')} value={filters.managerId} ids={options.managerIds} anyLabel={any}
        nameOf={(id) => names.user(id) ?? t('refusals.removed')} onPick={(id) => onFilter('managerId', id as UserId | null)} />
      <label>{t('refusals.filters.reason')}
        <select data-fr-filter="reason" value={filters.reasonId ?? ''}
          onChange={(e) => { const v = e.currentTarget.value; onFilter('reasonId', v === 'none' ? 'none' : idOrNull(v) as LossReasonId | null); }}>
          <option value="">{any}</option>
          {options.reasonIds.map((id) => (
            <option key={id} value={String(id)}>{id === 'none' ? t('refusals.noReason') : names.reason(id) ?? t('refusals.removed')}</option>
          ))}
        </select>
      </label>
      <IdFilter name="pipeline" label={t('refusals.filters.pipeline')} value={filters.pipelineId} ids={options.pipelineIds} anyLabel={any}
        nameOf={(id) => names.pipeline(id) ?? t('refusals.removed')} onPick={(id) => onFilter('pipelineId', id as PipelineId | null)} />
      <label>{t('refusals.filters.minValue')}
        <input data-fr-filter="min-value" type="number" min="0" inputMode="numeric" value={filters.minValue ?? ''}
          onInput={(e) => onFilter('minValue', numberOrNull(e.currentTarget.value))} />
      </label>
      <label>{t('refusals.filters.minAge')}
        <input data-fr-filter="min-age" type="number" min="0" inputMode="numeric" value={filters.minAgeDays ?? ''}
          onInput={(e) => onFilter('minAgeDays', numberOrNull(e.currentTarget.value))} />
      </label>
      <label>{t('refusals.filters.sort')}
        <select data-fr-filter="sort" value={sort} onChange={(e) => onSort(e.currentTarget.value as ReviewSort)}>
          {REVIEW_SORTS.map((s) => <option key={s} value={s}>{t(`refusals.sort.${s}`)}</option>)}
        </select>
      </label>
    </div>
  );
}

interface IdFilterProps<Id extends number> {
  name: string;
  label: string;
  value: Id | null | undefined;
  ids: readonly Id[];
  anyLabel: string;
  nameOf: (id: Id) => string;
  onPick: (id: number | null) => void;
}

/** A filter that picks one of the ids the list holds (a manager, a pipeline), or any. */
function IdFilter<Id extends number>({ name, label, value, ids, anyLabel, nameOf, onPick }: IdFilterProps<Id>) {
  return (
    <label>{label}
      <select data-fr-filter={name} value={value ?? ''} onChange={(e) => onPick(idOrNull(e.currentTarget.value))}>
        <option value="">{anyLabel}</option>
        {ids.map((id) => <option key={id} value={String(id)}>{nameOf(id)}</option>)}
      </select>
    </label>
  );
}
