/**
 * The review queue's filter bar: each select offers only what occurs in the queue, names what is
 * gone as removed, and hands the picked id (or "any") back to the workspace.
 */
import { cleanup, fireEvent, render } from '@testing-library/preact';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { LossReasonId, PipelineId, UserId } from '../../src/core/brand';
import { createTranslator } from '../../src/widget/i18n';
import type { Names } from '../../src/widget/features/refusals/people';
import { ReviewFiltersBar } from '../../src/widget/features/refusals/ReviewFiltersBar';
import { NO_FILTERS, type FilterOptions } from '../../src/widget/features/refusals/select-reviews';
import { UiContext } from '../../src/widget/ui/context';
import { LANGS } from './fake-host';

afterEach(cleanup);

const names: Names = {
  user: (id) => (id === 101 ? 'Анна Менеджер' : null),
  reason: (id) => (id === 501 ? 'Дорого' : null),
  pipeline: (id) => (id === 7001 ? 'Продажи' : null),
  status: () => null,
};
const options: FilterOptions = { managerIds: [101 as UserId, 999 as UserId], reasonIds: [501 as LossReasonId, 'none'], pipelineIds: [7001 as PipelineId] };

function renderBar() {
  const onFilter = vi.fn();
  const view = render(
    <UiContext.Provider value={{ t: createTranslator(LANGS.en), dates: { language: 'en', timeZone: 'Europe/Moscow' } }}>
      <ReviewFiltersBar filters={NO_FILTERS} sort="oldest" options={options} names={names} onFilter={onFilter} onSort={vi.fn()} />
    </UiContext.Provider>,
  );
  const select = (name: string) => view.container.querySelector<HTMLSelectElement>(`[data-fr-filter="${name}"]`)!;
  return { onFilter, select };
}

describe('review filters', () => {
  it('offers the queue\'s managers and pipelines by name, a removed one as removed', () => {
    const { select } = renderBar();
    expect([...select('manager').options].map((o) => o.textContent)).toEqual(['Any', 'Анна Менеджер', createTranslator(LANGS.en)('refusals.removed')]);
    expect([...select('pipeline').options].map((o) => o.value)).toEqual(['', '7001']);
    expect(select('pipeline').options[1]?.textContent).toBe('Продажи');
  });

  it('hands back the picked id, and null for any', () => {
    const { onFilter, select } = renderBar();
    fireEvent.change(select('manager'), { target: { value: '101' } });
    expect(onFilter).toHaveBeenLastCalledWith('managerId', 101);
    fireEvent.change(select('pipeline'), { target: { value: '7001' } });
    expect(onFilter).toHaveBeenLastCalledWith('pipelineId', 7001);
    fireEvent.change(select('pipeline'), { target: { value: '' } });
    expect(onFilter).toHaveBeenLastCalledWith('pipelineId', null);
    fireEvent.change(select('reason'), { target: { value: 'none' } });
    expect(onFilter).toHaveBeenLastCalledWith('reasonId', 'none');
  });
});
