import { cleanup, fireEvent, screen, waitFor } from '@testing-library/preact';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { MirrorStatus } from '../../src/contract/analytics';
import { CohortsView } from '../../src/widget/features/analytics/CohortsView';
import { ControlView } from '../../src/widget/features/analytics/ControlView';
import { FunnelView } from '../../src/widget/features/analytics/FunnelView';
import LauncherEntry from '../../src/widget/features/analytics/LauncherEntry';
import { LossesView } from '../../src/widget/features/analytics/LossesView';
import { MirrorBanner } from '../../src/widget/features/analytics/MirrorBanner';
import Workspace from '../../src/widget/features/analytics/Workspace';
import type { ServiceClient } from '../../src/widget/service-client';
import { ANNA, BORIS, HEAD, MIRROR_READY, PIPELINE, PIPELINES, analyticsEnv, cohorts, renderAnalytics, scriptedApi, tableText } from './analytics-fixtures';
import { createFakeCrm } from './helpers/fake-crm';

afterEach(() => { cleanup(); vi.restoreAllMocks(); document.body.innerHTML = ''; });

describe('stage funnel', () => {
  it('states the skipped-stage policy, switches it, and marks managers far from the team median', async () => {
    const api = scriptedApi();
    renderAnalytics(<FunnelView api={api} pipelines={PIPELINES} />);
    await screen.findByText('Stage funnel', { selector: 'h3' });
    expect(api.funnel.mock.calls[0]?.[0]).toMatchObject({ pipelineId: PIPELINE, policy: 'visited_only' });
    expect(document.querySelector('[data-fr-an-policy]')?.textContent).toContain('only deals that really were in it');
    expect(tableText('funnel')[1]).toEqual(['Переговоры', '45', '30', '10', '66.7%']);
    expect(document.querySelectorAll('[data-fr-an-funnel-bars] [data-fr-an-bar]')).toHaveLength(3);

    fireEvent.click(document.querySelector('[data-fr-an-seg="policy"] [data-value="assume_passed"]') as Element);
    await waitFor(() => expect(tableText('funnel')[1]).toEqual(['Переговоры', '60', '30', '10', '50.0%']));
    expect(api.funnel.mock.calls.at(-1)?.[0]).toMatchObject({ policy: 'assume_passed' });
    expect(document.querySelector('[data-fr-an-policy]')?.textContent).toContain("As amoCRM's own report");

    expect(tableText('stage-days')).toEqual([['Анна Менеджер', '2.5', '7.3'], ['Борис Продавец', '6.0', '—'], ['Team median', '2.0', '7.0']]);
    const boris = document.querySelector(`[data-fr-an-table="stage-days"] [data-fr-an-row="u${BORIS.id}"] [data-fr-an-col="s70011"]`);
    expect(boris?.className).toContain('fr-an-outlier');
  });
});

describe('where deals are lost', () => {
  it('crosses stage and reason with count and value, and a count lists the deals behind it with links', async () => {
    const api = scriptedApi();
    api.lossDeals.mockResolvedValue({ total: 6, items: [{ leadId: 5001, leadName: 'ООО Ромашка', link: 'https://demo.amocrm.ru/leads/detail/5001', value: 100_000, managerId: ANNA.id, managerName: ANNA.name, pipelineId: PIPELINE, lostFromStatusId: 70012, reasonId: 501, closedAt: 1_795_000_000 }] });
    renderAnalytics(<LossesView api={api} pipelines={PIPELINES} />);
    await screen.findByText('Where deals are lost: stage × reason', { selector: 'h3' });
    const rows = tableText('losses');
    expect(rows[0]).toEqual(['Переговоры', '6', '600,000', '1', '50,000', '—', '—', '7', '650,000']);
    expect(rows[2]?.[0]).toBe('Stage unknown');
    expect(rows.at(-1)).toEqual(['Total', '8', '1,850,000', '1', '50,000', '1', '10,000', '10', '1,910,000']);
    expect(document.querySelector('[data-fr-an-table="losses"] th.fr-an-group')?.textContent).toBe('Дорого');

    fireEvent.click(document.querySelector('[data-fr-an-row="s70012"] [data-fr-an-col="r501.count"] button') as Element);
    await screen.findByText('Lost deals: Переговоры · Дорого');
    expect(api.lossDeals.mock.calls[0]?.[0]).toMatchObject({ lostFromStatusId: 70012, reasonId: 501, limit: 200 });
    const link = document.querySelector<HTMLAnchorElement>('[data-fr-an-table="loss-deals"] a[data-fr-an-deal]');
    expect(link?.href).toBe('https://demo.amocrm.ru/leads/detail/5001');
    expect(screen.getByText('Showing 1 of 6.')).toBeTruthy();
    // Totals are not clickable.
    expect(document.querySelector('[data-fr-an-row="total"] button')).toBeNull();
  });
});

describe('cohort funnel', () => {
  it('shows the cut-off and its basis, keeps immature cohorts apart with their count, and takes an override', async () => {
    const api = scriptedApi();
    renderAnalytics(<CohortsView api={api} pipelines={PIPELINES} />);
    await screen.findByText('Cohort funnel', { selector: 'h3' });
    expect(document.querySelector('[data-fr-an-cutoff]')?.textContent).toContain('Maturity cut-off: 84 days — 80th percentile of time to win over 57 won deals');
    const rows = tableText('cohorts');
    expect(rows.map((r) => r[0])).toEqual(['Jul 6, 2026', 'Jul 13, 2026', 'Mature total']);
    expect(rows[0]?.slice(1)).toEqual(['40', '100.0%', '100.0%', '50.0%', '50.0%', '25.0%', '50.0%', '4', '30', '10.0%']);
    expect(rows[2]?.slice(1, 2)).toEqual(['100']);
    // The heat map: darker for larger shares.
    const shaded = document.querySelector<HTMLElement>('[data-fr-an-table="cohorts"] [data-fr-an-row^="c"] [data-fr-an-col="s70011.share"]');
    expect(shaded?.style.background).toContain('rgba(29, 63, 143, 0.7)');
    const apart = document.querySelector<HTMLElement>('[data-fr-an-immature]');
    expect(apart?.dataset.frAnImmature).toBe('150');
    expect(apart?.textContent).toContain('Too young to read: 2 cohorts, 150 leads — not in the totals');
    expect(tableText('cohorts-immature').map((r) => r[0])).toEqual(['Nov 16, 2026', 'Nov 23, 2026']);

    fireEvent.input(document.querySelector('[data-fr-an-maturity]') as Element, { target: { value: '30' } });
    fireEvent.click(document.querySelector('[data-fr-an-maturity-apply]') as Element);
    await waitFor(() => expect(api.cohorts.mock.calls.at(-1)?.[0]).toMatchObject({ pipelineId: PIPELINE, by: 'week', maturityDays: 30 }));
  });

  it('slices by manager and by month', async () => {
    const api = scriptedApi();
    api.cohorts.mockImplementation(async (q) => cohorts({
      by: q.by ?? 'week',
      ...(q.sliceBy === 'manager' ? { slices: [{ key: String(ANNA.id), label: ANNA.name, totals: cohorts().totals }] } : {}),
    }));
    renderAnalytics(<CohortsView api={api} pipelines={PIPELINES} />);
    await screen.findByText('Cohort funnel', { selector: 'h3' });
    fireEvent.click(document.querySelector('[data-fr-an-seg="slice"] [data-value="manager"]') as Element);
    await waitFor(() => expect(tableText('cohort-slices').map((r) => r[0])).toEqual([ANNA.name]));
    fireEvent.click(document.querySelector('[data-fr-an-seg="by"] [data-value="month"]') as Element);
    await waitFor(() => expect(tableText('cohorts')[0]?.[0]).toBe('July 2026'));
    fireEvent.change(document.querySelector('[data-fr-an-manager]') as Element, { target: { value: String(BORIS.id) } });
    await waitFor(() => expect(api.cohorts.mock.calls.at(-1)?.[0]).toMatchObject({ by: 'month', sliceBy: 'manager', managerId: BORIS.id }));
  });
});

describe('periods and tags', () => {
  it("the cohort view picks a tag from those seen in the mirror and a calendar period; the funnel a custom range of days", async () => {
    const api = scriptedApi();
    renderAnalytics(<CohortsView api={api} pipelines={PIPELINES} />);
    await screen.findByText('Cohort funnel', { selector: 'h3' });
    await waitFor(() => expect([...document.querySelectorAll('[data-fr-an-tag] option')].map((o) => o.textContent)).toEqual(['Any tag', 'VIP (12)', 'Сайт (7)']));
    expect(api.tags).toHaveBeenCalledWith({ pipelineId: PIPELINE });
    fireEvent.change(document.querySelector('[data-fr-an-tag]') as Element, { target: { value: 'Сайт' } });
    fireEvent.change(document.querySelector('[data-fr-an-period]') as Element, { target: { value: 'last_quarter' } });
    await waitFor(() => expect(api.cohorts.mock.calls.at(-1)?.[0]).toMatchObject({ tag: 'Сайт', period: 'last_quarter' }));
    expect(api.cohorts.mock.calls[0]?.[0]).not.toHaveProperty('period');
    cleanup();

    renderAnalytics(<FunnelView api={api} pipelines={PIPELINES} />);
    await screen.findByText('Stage funnel', { selector: 'h3' });
    fireEvent.change(document.querySelector('[data-fr-an-period]') as Element, { target: { value: 'range' } });
    const calls = api.funnel.mock.calls.length;
    fireEvent.change(document.querySelector('[data-fr-an-from-day]') as Element, { target: { value: '2026-10-01' } });
    fireEvent.change(document.querySelector('[data-fr-an-to-day]') as Element, { target: { value: '2026-10-31' } });
    await waitFor(() => expect(api.funnel.mock.calls.at(-1)?.[0]).toMatchObject({ pipelineId: PIPELINE, fromDay: '2026-10-01', toDay: '2026-10-31' }));
    // Half a range asks for nothing.
    expect(api.funnel.mock.calls.slice(calls, -1).every(([q]) => q.fromDay === undefined)).toBe(true);
  });
});

describe('control lists', () => {
  it('lists stuck deals and deals with a distant next task, each linking to its card', async () => {
    const api = scriptedApi();
    api.stuck.mockResolvedValue({ total: 1, limits: { 70013: 10 }, items: [{ leadId: 7001, leadName: 'Счёт ИП Иванов', link: 'https://demo.amocrm.ru/leads/detail/7001', pipelineId: PIPELINE, statusId: 70013, managerId: ANNA.id, managerName: ANNA.name, value: 75_000, enteredAt: 1_790_000_000, daysInStage: 61.2, limitDays: 10 }] });
    api.distantTasks.mockImplementation(async (q) => ({ total: 1, days: q.days ?? 14, items: [{ leadId: 7002, leadName: 'Поставка', link: 'https://demo.amocrm.ru/leads/detail/7002', pipelineId: PIPELINE, statusId: 70012, managerId: BORIS.id, managerName: BORIS.name, value: 0, nextTaskAt: 1_797_000_000, daysAway: 30 }] }));
    renderAnalytics(<ControlView api={api} pipelines={PIPELINES} currency="RUB" />);
    await screen.findByText('Stuck beyond the stage\'s limit');
    expect(tableText('stuck')[0]).toEqual(['Счёт ИП Иванов', 'Счёт выставлен', ANNA.name, 'Sep 21, 2026, 5:13 PM', '61.2', '10', '75,000']);
    expect(document.querySelector('[data-fr-an-table="stuck"] [data-fr-an-col="days"]')?.className).toContain('fr-an-bad');
    expect(screen.getByText(/Limits per stage: Счёт выставлен — 10\./)).toBeTruthy();
    expect(document.querySelector<HTMLAnchorElement>('[data-fr-an-table="distant-tasks"] a')?.href).toBe('https://demo.amocrm.ru/leads/detail/7002');
    expect(document.querySelector('[data-fr-an-table="stuck"] th:last-child')?.textContent).toBe('Value, ₽');
    fireEvent.input(document.querySelector('[data-fr-an-gap]') as Element, { target: { value: '21' } });
    fireEvent.keyDown(document.querySelector('[data-fr-an-gap]') as Element, { key: 'Enter' });
    await waitFor(() => expect(api.distantTasks.mock.calls.at(-1)?.[0]).toMatchObject({ days: 21 }));
  });
});

describe('control list limits (admins)', () => {
  it('sets a stage limit and the task gap, refuses non-numbers, and reloads the lists', async () => {
    const api = scriptedApi();
    api.stuck.mockResolvedValue({ total: 0, limits: {}, items: [] });
    api.distantTasks.mockResolvedValue({ total: 0, days: 14, items: [] });
    api.settings.mockResolvedValue({ stuckLimitDays: { 70012: 7 }, taskGapDays: 14, maturityDaysOverride: null });
    api.saveSettings.mockImplementation(async (settings) => settings);
    renderAnalytics(<ControlView api={api} pipelines={PIPELINES} currency="RUB" canEditSettings />);
    fireEvent.click(await screen.findByText('Stage limits…'));
    const row = async (key: string) => waitFor(() => {
      const found = document.querySelector<HTMLInputElement>(`[data-fr-an-setting="${key}"] input`);
      if (found === null) throw new Error(`no ${key}`);
      return found;
    });
    expect((await row('70012')).value).toBe('7');
    fireEvent.input(await row('70013'), { target: { value: '10' } });
    fireEvent.input(await row('gap'), { target: { value: 'soon' } });
    fireEvent.click(screen.getByText('Save limits'));
    expect(document.querySelector('[data-fr-an-setting="gap"] [role="alert"]')?.textContent).toContain('Whole days.');
    expect(api.saveSettings).not.toHaveBeenCalled();
    fireEvent.input(await row('gap'), { target: { value: '21' } });
    fireEvent.click(screen.getByText('Save limits'));
    await waitFor(() => expect(api.stuck).toHaveBeenCalledTimes(2));
    expect(api.saveSettings).toHaveBeenCalledWith({ stuckLimitDays: { 70012: 7, 70013: 10 }, taskGapDays: 21, maturityDaysOverride: null });
  });

  it('keeps every edit when several fields change before the form redraws (a fast typist, a browser autofill)', async () => {
    const api = scriptedApi();
    api.stuck.mockResolvedValue({ total: 0, limits: {}, items: [] });
    api.distantTasks.mockResolvedValue({ total: 0, days: 14, items: [] });
    api.settings.mockResolvedValue({ stuckLimitDays: {}, taskGapDays: 14, maturityDaysOverride: null });
    api.saveSettings.mockImplementation(async (settings) => settings);
    renderAnalytics(<ControlView api={api} pipelines={PIPELINES} currency="RUB" canEditSettings />);
    fireEvent.click(await screen.findByText('Stage limits…'));
    await waitFor(() => expect(document.querySelector('[data-fr-an-setting="gap"] input')).not.toBeNull());
    // Plain DOM events, no act(): the second arrives before Preact redraws after the first.
    for (const [key, value] of [['70011', '5'], ['70012', '6'], ['gap', '3']] as const) {
      const input = document.querySelector<HTMLInputElement>(`[data-fr-an-setting="${key}"] input`) as HTMLInputElement;
      input.value = value;
      input.dispatchEvent(new Event('input', { bubbles: true }));
    }
    await waitFor(() => expect(document.querySelector<HTMLInputElement>('[data-fr-an-setting="gap"] input')?.value).toBe('3'));
    fireEvent.click(screen.getByText('Save limits'));
    await waitFor(() => expect(api.saveSettings).toHaveBeenCalledWith({ stuckLimitDays: { 70011: 5, 70012: 6 }, taskGapDays: 3, maturityDaysOverride: null }));
  });

  it('offers no limits editor to heads', async () => {
    const api = scriptedApi();
    api.stuck.mockResolvedValue({ total: 0, limits: {}, items: [] });
    api.distantTasks.mockResolvedValue({ total: 0, days: 14, items: [] });
    renderAnalytics(<ControlView api={api} pipelines={PIPELINES} currency="RUB" />);
    await screen.findByText('Stuck beyond the stage\'s limit');
    expect(document.querySelector('[data-fr-an-edit-settings]')).toBeNull();
  });
});

describe('mirror backfill progress', () => {
  it('shows progress while loading, polls, and tells the workspace when the data is complete', async () => {
    const api = scriptedApi();
    const loading: MirrorStatus = { ...MIRROR_READY, state: 'backfilling', phase: 'events', progress: { ...MIRROR_READY.progress, leads: { done: 12_500, pages: 50, finished: true }, events: { done: 4000, pages: 40, finished: false } } };
    api.status.mockResolvedValueOnce(loading).mockResolvedValueOnce(MIRROR_READY);
    const onReady = vi.fn();
    renderAnalytics(<MirrorBanner api={api} canStart={false} onReady={onReady} pollMs={10} />);
    const banner = await waitFor(() => {
      const found = document.querySelector('[data-fr-an-mirror="backfilling"]');
      if (found === null) throw new Error('no banner');
      return found;
    });
    expect(banner.textContent).toContain('12,500 deals, 4,000 stage changes, 300 tasks so far');
    await waitFor(() => expect(onReady).toHaveBeenCalledTimes(1));
    expect(document.querySelector('[data-fr-an-mirror]')).toBeNull();
  });

  it('lets an admin start the load when the mirror is empty', async () => {
    const api = scriptedApi();
    api.status.mockResolvedValueOnce({ ...MIRROR_READY, state: 'empty' }).mockResolvedValue({ ...MIRROR_READY, state: 'backfilling', phase: 'leads' });
    api.startBackfill.mockResolvedValue({ ...MIRROR_READY, state: 'backfilling', phase: 'leads' });
    renderAnalytics(<MirrorBanner api={api} canStart onReady={() => undefined} pollMs={60_000} />);
    fireEvent.click(await screen.findByText('Load now'));
    await waitFor(() => expect(document.querySelector('[data-fr-an-mirror="backfilling"]')).not.toBeNull());
    expect(api.startBackfill).toHaveBeenCalledTimes(1);
  });
});

const meService = (kind: 'admin' | 'head' | 'manager', analytics: ReturnType<typeof scriptedApi>): ServiceClient => ({
  me: async () => ({ account: { id: 31000001, subdomain: 'demo' }, user: { id: HEAD.id, name: HEAD.name }, role: kind === 'head' ? { kind, groupIds: [1] } : kind === 'manager' ? { kind, groupId: 1 } : { kind } }),
  analytics,
} as unknown as ServiceClient);

describe('the workspace and its entry points', () => {
  const scriptedAmo = () => createFakeCrm([], { pipelines: [{ id: PIPELINE, name: 'Продажи', sort: 1, is_main: true, is_archive: false, is_unsorted_on: true, account_id: 1, _embedded: { statuses: [] } }] }).amo;

  it('gives heads every view and a manager only the checklist', async () => {
    const api = scriptedApi();
    const head = renderAnalytics(<Workspace api={api} onClose={() => undefined} />, { env: analyticsEnv({ service: meService('head', api), amo: scriptedAmo() }) });
    await waitFor(() => expect([...document.querySelectorAll('[data-fr-an-tab]')].map((b) => b.getAttribute('data-fr-an-tab'))).toEqual(['checklist', 'funnel', 'losses', 'cohorts', 'control']));
    await screen.findByText('Weekly checklist', { selector: 'h3' });
    expect(document.querySelector('[data-fr-an-edit-targets]')).not.toBeNull();
    fireEvent.click(document.querySelector('[data-fr-an-tab="cohorts"]') as Element);
    await screen.findByText('Cohort funnel', { selector: 'h3' });
    head.unmount();

    const api2 = scriptedApi();
    renderAnalytics(<Workspace api={api2} onClose={() => undefined} />, { env: analyticsEnv({ user: ANNA, service: meService('manager', api2) }) });
    await screen.findByText('Weekly checklist', { selector: 'h3' });
    expect([...document.querySelectorAll('[data-fr-an-tab]')].map((b) => b.getAttribute('data-fr-an-tab'))).toEqual(['checklist']);
    expect(document.querySelector('[data-fr-an-edit-targets]')).toBeNull();
  });

  it('closes on Escape', async () => {
    const onClose = vi.fn();
    const api = scriptedApi();
    renderAnalytics(<Workspace api={api} onClose={onClose} />, { env: analyticsEnv({ service: meService('admin', api), amo: scriptedAmo() }) });
    await screen.findByText('Weekly checklist', { selector: 'h3' });
    fireEvent.keyDown(document.querySelector('[data-fr-analytics]') as Element, { key: 'Escape' });
    expect(onClose).toHaveBeenCalledTimes(1);
  });

  it('puts «Analytics» in the launcher for heads, «My numbers» for managers, and opens the workspace over the page', async () => {
    const api = scriptedApi();
    renderAnalytics(<LauncherEntry close={() => undefined} />, { env: analyticsEnv({ service: meService('admin', api), amo: scriptedAmo() }) });
    fireEvent.click(await screen.findByText('Analytics'));
    await waitFor(() => expect(document.querySelector('body > .fr-rf-layer [data-fr-analytics]')).not.toBeNull());
    cleanup();
    renderAnalytics(<LauncherEntry close={() => undefined} />, { env: analyticsEnv({ user: ANNA, service: meService('manager', scriptedApi()) }) });
    expect(await screen.findByText('My numbers')).toBeTruthy();
  });
});
