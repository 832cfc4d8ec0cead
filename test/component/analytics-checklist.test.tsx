import { cleanup, fireEvent, screen, waitFor, within } from '@testing-library/preact';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ChecklistView } from '../../src/widget/features/analytics/ChecklistView';
import type { TargetScope } from '../../src/widget/features/analytics/TargetsEditor';
import { ANNA, BORIS, checklist, checklistRow, renderAnalytics, scriptedApi, tableText, values } from './analytics-fixtures';

afterEach(() => { cleanup(); vi.restoreAllMocks(); });

const SCOPES: TargetScope[] = [{ groupId: null, label: 'Every group (default)' }, { groupId: 1, label: 'Отдел продаж 1' }];
/** jsdom's Blob has no text(); FileReader reads it. */
const readBlob = (blob: Blob): Promise<string> => new Promise((resolve, reject) => {
  const reader = new FileReader();
  reader.onload = () => resolve(String(reader.result));
  reader.onerror = () => reject(reader.error);
  reader.readAsText(blob);
});
const cell = (row: string, column: string) => document.querySelector<HTMLElement>(`[data-fr-an-table="checklist"] [data-fr-an-row="${row}"] [data-fr-an-col="${column}"]`);

describe('the weekly checklist', () => {
  it('shows each manager and the team this week, last week and the change, and marks cells out of band', async () => {
    const api = scriptedApi();
    renderAnalytics(<ChecklistView api={api} canEditTargets targetScopes={SCOPES} />);
    await screen.findByText('Weekly checklist', { selector: 'h3' });
    expect(api.checklist).toHaveBeenCalledWith({ weeks: 8 });
    const rows = tableText('checklist');
    expect(rows.map((r) => r[0])).toEqual([ANNA.name, BORIS.name, 'Team total']);
    // Anna: 7 deals without a task this week, 4 the week before, +3; out of her target's band.
    expect([cell(`u${ANNA.id}`, 'withoutTask.current')?.textContent, cell(`u${ANNA.id}`, 'withoutTask.previous')?.textContent, cell(`u${ANNA.id}`, 'withoutTask.change')?.textContent])
      .toEqual(['7', '4', '+3']);
    expect(cell(`u${ANNA.id}`, 'withoutTask.current')?.className).toContain('fr-an-bad');
    // More deals without a task is the bad way (red), fewer tasks on time too; open deals are neither.
    expect(cell(`u${ANNA.id}`, 'withoutTask.change')?.className).toContain('fr-an-down');
    expect(cell(`u${BORIS.id}`, 'onTimeShare.change')?.className).toContain('fr-an-down');
    expect(cell(`u${BORIS.id}`, 'openDeals.change')?.className ?? '').not.toMatch(/fr-an-(up|down)/);
    expect(cell(`u${BORIS.id}`, 'withoutTask.current')?.className ?? '').not.toContain('fr-an-bad');
    // Shares as percent, their change in points; counts grouped.
    expect(cell(`u${BORIS.id}`, 'onTimeShare.current')?.textContent).toBe('82.5%');
    expect(cell(`u${BORIS.id}`, 'onTimeShare.change')?.textContent).toBe('−7.5');
    expect(document.querySelector('[data-fr-an-table="checklist"] thead')?.textContent).toContain('Δ pp');
    expect(cell(`u${BORIS.id}`, 'openDeals.current')?.textContent).toBe('1,250');
    // Cards: the team's numbers with the target.
    const card = document.querySelector<HTMLElement>('[data-fr-an-kpi="withoutTask"]');
    expect(card?.textContent).toContain('10');
    expect(card?.textContent).toContain('target ≤ 5 ± 1');
    expect(document.querySelector('[data-fr-an-table="loss-reasons"]')).not.toBeNull();
    expect(tableText('loss-reasons')).toEqual([['Дорого', '3', '90,000', '3', '0'], ['No reason', '1', '30,000', '1', '0']]);
  });

  it('draws the picked metric\'s weekly trend per manager', async () => {
    renderAnalytics(<ChecklistView api={scriptedApi()} canEditTargets={false} targetScopes={[]} />);
    await screen.findByText('Weekly', { selector: 'th' });
    expect(document.querySelector('[data-fr-an-kpi="withoutTask"]')?.getAttribute('aria-pressed')).toBe('true');
    expect(cell(`u${ANNA.id}`, 'trend')?.querySelector('svg title')?.textContent).toBe('9, 4, 7');
    fireEvent.click(document.querySelector('[data-fr-an-kpi="onTimeShare"]') as Element);
    expect(document.querySelector('[data-fr-an-kpi="onTimeShare"]')?.getAttribute('aria-pressed')).toBe('true');
    expect(cell(`u${BORIS.id}`, 'trend')?.querySelector('svg title')?.textContent).toBe('0.9, 0.9, 0.825');
    expect(document.querySelector('[data-fr-an-edit-targets]')).toBeNull();
  });

  it('reads an earlier week as it was and comes back to this one', async () => {
    const api = scriptedApi();
    renderAnalytics(<ChecklistView api={api} canEditTargets={false} targetScopes={[]} />);
    await screen.findByText('Weekly checklist', { selector: 'h3' });
    expect((document.querySelector('[data-fr-an-week-forward]') as HTMLButtonElement).disabled).toBe(true);
    fireEvent.click(document.querySelector('[data-fr-an-week-back]') as Element);
    await waitFor(() => expect(api.checklist).toHaveBeenCalledTimes(2));
    // The test env's clock: 23 Nov 2026 09:00 UTC; one week back.
    expect(api.checklist.mock.calls[1]?.[0]).toEqual({ weeks: 8, at: Date.UTC(2026, 10, 16, 9, 0) / 1000 });
    await waitFor(() => expect((document.querySelector('[data-fr-an-week-forward]') as HTMLButtonElement | null)?.disabled).toBe(false));
    fireEvent.click(document.querySelector('[data-fr-an-week-forward]') as Element);
    await waitFor(() => expect(api.checklist).toHaveBeenCalledTimes(3));
    expect(api.checklist.mock.calls[2]?.[0]).toEqual({ weeks: 8 });
  });

  it('narrows the table to one group when the user sees several', async () => {
    const api = scriptedApi();
    const scopes: TargetScope[] = [{ groupId: null, label: 'Every group (default)' }, { groupId: 1, label: 'Отдел 1' }, { groupId: 2, label: 'Отдел 2' }];
    renderAnalytics(<ChecklistView api={api} canEditTargets targetScopes={scopes} />);
    await screen.findByText('Weekly checklist', { selector: 'h3' });
    fireEvent.change(document.querySelector('[data-fr-an-group]') as Element, { target: { value: '2' } });
    await waitFor(() => expect(api.checklist).toHaveBeenLastCalledWith({ weeks: 8, groupId: 2 }));
  });

  it('offers no group choice to a head of one group', async () => {
    renderAnalytics(<ChecklistView api={scriptedApi()} canEditTargets targetScopes={[{ groupId: 1, label: 'Отдел 1' }]} />);
    await screen.findByText('Weekly checklist', { selector: 'h3' });
    expect(document.querySelector('[data-fr-an-group]')).toBeNull();
  });

  it('shows a manager only the row the service gave, without team total or target editing', async () => {
    const api = scriptedApi();
    api.checklist.mockResolvedValue(checklist({ rows: [checklistRow(ANNA.id, ANNA.name, values(), values())], total: null }));
    renderAnalytics(<ChecklistView api={api} canEditTargets={false} targetScopes={[]} />);
    await screen.findByText('Weekly checklist', { selector: 'h3' });
    expect(tableText('checklist').map((r) => r[0])).toEqual([ANNA.name]);
  });

  it('saves targets for the chosen scope (shares typed in percent) and reloads the checklist', async () => {
    const api = scriptedApi();
    api.saveTargets.mockImplementation(async (request) => ({ targets: request.targets.map((t) => ({ ...t, groupId: request.groupId, updatedBy: 1, updatedAt: 1 })) }));
    renderAnalytics(<ChecklistView api={api} canEditTargets targetScopes={SCOPES} />);
    fireEvent.click(await screen.findByText('Targets…'));
    const form = await waitFor(() => {
      const found = document.querySelector<HTMLElement>('[data-fr-an-targets]');
      if (found === null || found.querySelector('[data-fr-an-target="onTimeShare"]') === null) throw new Error('editor not ready');
      return found;
    });
    const row = (metric: string) => form.querySelector(`[data-fr-an-target="${metric}"]`) as HTMLElement;
    // The existing account-wide target is filled in.
    expect((row('withoutTask').querySelector('[data-fr-an-target-value]') as HTMLInputElement).value).toBe('5');
    fireEvent.click(row('onTimeShare').querySelector('[data-fr-an-target-on]') as Element);
    fireEvent.input(row('onTimeShare').querySelector('[data-fr-an-target-value]') as Element, { target: { value: '90' } });
    fireEvent.input(row('onTimeShare').querySelector('[data-fr-an-target-deviation]') as Element, { target: { value: 'x' } });
    fireEvent.click(within(form).getByText('Save targets'));
    expect(row('onTimeShare').textContent).toContain('Enter a number ≥ 0.');
    expect(api.saveTargets).not.toHaveBeenCalled();
    fireEvent.input(row('onTimeShare').querySelector('[data-fr-an-target-deviation]') as Element, { target: { value: '2,5' } });
    fireEvent.click(within(form).getByText('Save targets'));
    await waitFor(() => expect(api.checklist).toHaveBeenCalledTimes(2));
    expect(api.saveTargets).toHaveBeenCalledWith({
      groupId: null,
      targets: [
        { metric: 'withoutTask', value: 5, allowedDeviation: 1, direction: 'at_most' },
        { metric: 'onTimeShare', value: 0.9, allowedDeviation: 0.025, direction: 'at_least' },
      ],
    });
    expect(document.querySelector('[data-fr-an-targets]')).toBeNull();
  });

  it('downloads a CSV with the numbers of the table on screen', async () => {
    const blobs: Blob[] = [];
    vi.spyOn(URL, 'createObjectURL').mockImplementation((blob) => { blobs.push(blob as Blob); return 'blob:checklist'; });
    vi.spyOn(URL, 'revokeObjectURL').mockImplementation(() => undefined);
    const clicks = vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(() => undefined);
    renderAnalytics(<ChecklistView api={scriptedApi()} canEditTargets={false} targetScopes={[]} />, { language: 'ru' });
    await screen.findByText('Недельный чек-лист', { selector: 'h3' });
    fireEvent.click(document.querySelector('[data-fr-an-table="checklist"] [data-fr-an-export="csv"]') as Element);
    await waitFor(() => expect(blobs).toHaveLength(1));
    expect(clicks).toHaveBeenCalledTimes(1);
    const text = await readBlob(blobs[0]!);
    const lines = text.replace(/^\ufeff/, '').trim().split('\r\n').map((l) => l.split(';'));
    expect(lines[0]?.slice(0, 4)).toEqual(['Менеджер', 'Открытые сделки: Нед.', 'Открытые сделки: Пред.', 'Открытые сделки: Δ']);
    // Every row: the screen's cells (sparkline column aside) with grouping spaces dropped.
    const screenRows = tableText('checklist').map((r) => r.slice(0, -1).map((c) => c.replace(/(\d)\s(?=\d)/g, '$1').replace(/\s%/, '%').replace('−', '-').replace('—', '')));
    expect(lines.slice(1)).toEqual(screenRows);
    expect(lines[2]?.[1]).toBe('1250');
  });
});
