/**
 * The foundation, end to end: the built widget in the sandbox's amoCRM-like page, in Chromium.
 * Each mount's root carries data-fr-mount="<name>" (launcher | card | settings | advanced).
 */
import { describe, expect, it } from 'vitest';
import { useE2E, WIDGET_CODE, type E2EHarness } from './harness';

const e2e = useE2E();

interface SeenLead { id: number; responsible_user_id: number; status_id: number; pipeline_id: number }

/** What the signed-in user gets from REST, asked the way amoCRM's own front end asks. */
async function leadsSeenInPage(h: E2EHarness): Promise<SeenLead[]> {
  return h.page.evaluate(async () => {
    const all: SeenLead[] = [];
    for (let page = 1; page <= 20; page += 1) {
      const res = await fetch(`/api/v4/leads?limit=250&page=${page}`, { headers: { 'X-Requested-With': 'XMLHttpRequest' } });
      if (res.status === 204) break;
      if (!res.ok) throw new Error(`GET /api/v4/leads → ${res.status}`);
      const body = (await res.json()) as { _embedded?: { leads?: SeenLead[] }; _links?: { next?: unknown } };
      for (const l of body._embedded?.leads ?? []) {
        all.push({ id: l.id, responsible_user_id: l.responsible_user_id, status_id: l.status_id, pipeline_id: l.pipeline_id });
      }
      if (!body._links?.next) break;
    }
    return all;
  });
}

const WON = 142;
const LOST = 143;

function currentUserId(h: E2EHarness): Promise<number> {
  return h.page.evaluate(() => {
    const app = (window as unknown as { APP: { constant(name: string): { id: number } } }).APP;
    return app.constant('user').id;
  });
}

describe('foundation: the widget inside the amoCRM page', () => {
  it('shows the launcher exactly once to a manager on the board', async () => {
    const { h } = e2e;
    await h.loginAs('manager');
    expect(await h.area()).toEqual({ area: 'everywhere', widgetsArea: 'leads-pipeline' });
    await h.waitForMount('launcher');
    expect(await h.mountCount('launcher')).toBe(1);
    const calls = (await h.callsLog()).map((c) => `${c.callback}:${c.outcome}`);
    expect(calls).toEqual(['render:returned', 'init:returned', 'bind_actions:returned']);
    await h.screenshot('board-with-launcher');
    expect(h.errors()).toEqual([]);
  });

  it('keeps one mount and no extra listeners over 20 area switches', async () => {
    const { h } = e2e;
    await h.loginAs('manager');
    // One lap first, so lazily created things (styles, chunks, caches) exist before we measure.
    const lap = async (): Promise<void> => {
      await h.clickAndSettle('.pipeline-lead');                        // board → lead card
      await h.clickAndSettle('[data-nav="leads"]');                     // card → board
      await h.clickAndSettle('.view-switch__item:not(.is-active)');     // board → list
      await h.clickAndSettle('[data-nav="leads"]');                     // list → board
    };
    await lap();
    const listenersBefore = await h.listenerCount();
    const entersBefore = (await h.callsLog()).filter((c) => c.callback === 'render').length;

    for (let i = 0; i < 5; i += 1) await lap(); // 5 laps × 4 switches = 20

    const renders = (await h.callsLog()).filter((c) => c.callback === 'render').length - entersBefore;
    const destroys = (await h.callsLog()).filter((c) => c.callback === 'destroy').length;
    expect(renders).toBe(20);
    expect(destroys).toBeGreaterThanOrEqual(20);
    expect(await h.area()).toEqual({ area: 'everywhere', widgetsArea: 'leads-pipeline' });
    expect(await h.mountCount('launcher')).toBe(1);
    expect(await h.mountCount('card')).toBe(0);
    expect(await h.listenerCount()).toBeLessThanOrEqual(listenersBefore);
    expect(h.errors()).toEqual([]);
  });

  it('mounts once when render fires twice in the same area', async () => {
    const { h } = e2e;
    await h.loginAs('manager');
    await h.clickAndSettle('.pipeline-lead');
    await h.waitForMount('card', '#card-widgets');
    const rendersBefore = (await h.callsLog()).filter((c) => c.callback === 'render').length;

    expect(await h.page.evaluate(() => window.__host!.rerender())).toBe(true);

    expect((await h.callsLog()).filter((c) => c.callback === 'render').length).toBe(rendersBefore + 1);
    expect(await h.mountCount('launcher')).toBe(1);
    expect(await h.mountCount('card')).toBe(1);
    expect(await h.page.locator(`#card-widgets .card-widgets__widget[data-code="${WIDGET_CODE}"]`).count()).toBe(1);
    expect(h.errors()).toEqual([]);
  });

  it('renders our block in the lead card right panel', async () => {
    const { h } = e2e;
    await h.loginAs('admin');
    await h.clickAndSettle('.pipeline-lead');
    expect(await h.area()).toEqual({ area: 'lcard', widgetsArea: 'leads_card' });
    await h.waitForMount('card', '#card-widgets');
    expect(await h.mountCount('card')).toBe(1);
    await h.screenshot('lead-card-with-block');
    expect(h.errors()).toEqual([]);
  });

  it('renders the settings modal with the documented DOM', async () => {
    const { h } = e2e;
    await h.loginAs('admin', '/settings/widgets');
    await h.page.locator(`.widget-tile[data-widget-code="${WIDGET_CODE}"]`).click();
    const modal = h.page.locator(`.modal.${WIDGET_CODE}`);
    await h.waitForMount('settings', `.modal.${WIDGET_CODE}`);
    expect(await modal.locator('.widget_settings_block #widget_settings__fields_wrapper').count()).toBe(1);
    expect(await modal.locator('.js-widget-save').count()).toBe(1);
    // Opening the modal leaves the page's area and enters 'settings' on the same widget object.
    const calls = (await h.callsLog()).map((c) => `${c.callback}@${c.area}`);
    expect(calls.slice(-5)).toEqual(['destroy@everywhere', 'render@settings', 'init@settings', 'bind_actions@settings', 'settings@settings']);
    await h.screenshot('settings-modal');

    await modal.locator('.modal-body__close').click();
    expect(await h.page.locator(`.modal.${WIDGET_CODE}`).count()).toBe(0);
    expect((await h.callsLog()).slice(-4).map((c) => `${c.callback}@${c.area}`))
      .toEqual(['destroy@settings', 'render@everywhere', 'init@everywhere', 'bind_actions@everywhere']);
    expect(await h.mountCount('settings')).toBe(0);
    await h.waitForMount('launcher');
    expect(await h.mountCount('launcher')).toBe(1);
    expect(h.errors()).toEqual([]);
  });

  it('saves settings through onSave first, storing the fields as onSave left them', async () => {
    const { h } = e2e;
    await h.loginAs('admin', '/settings/widgets');
    await h.page.locator(`.widget-tile[data-widget-code="${WIDGET_CODE}"]`).click();
    await h.waitForMount('settings', `.modal.${WIDGET_CODE}`);
    const hitsBefore = h.service.hits.length;

    // A trailing slash the widget's onSave normalises away (it mutates evt.fields, reference §2.2).
    await h.page.locator(`.modal.${WIDGET_CODE} input[name="service_url"]`).fill(`${h.service.url}///`);
    await h.page.locator(`.modal.${WIDGET_CODE} .js-widget-save`).click();
    await h.page.waitForFunction(() => window.__host!.notifications.length > 0);

    const calls = (await h.callsLog()).map((c) => c.callback);
    expect(calls.at(-1)).toBe('onSave');
    const stored = await h.page.evaluate(async () => {
      const res = await fetch('/_emulator/bootstrap');
      return ((await res.json()) as { widget: { settings: Record<string, unknown> } }).widget.settings;
    });
    expect(stored.service_url).toBe(h.service.url);
    // The widget re-checked the connection with amoCRM's one-time token (reference §9.1).
    await expect.poll(() => h.service.hits.slice(hitsBefore).some((hit) => hit.path === '/api/v1/me' && hit.authToken !== null)).toBe(true);
    expect(h.errors()).toEqual([]);
  });

  it('renders the advanced settings page into #work-area-focus_refusals', async () => {
    const { h } = e2e;
    await h.loginAs('admin', '/settings/widgets');
    await h.clickAndSettle('[data-nav-advanced]');
    expect(await h.area()).toEqual({ area: 'advanced_settings', widgetsArea: `advanced-settings:${WIDGET_CODE}` });
    await h.waitForMount('advanced', `#work-area-${WIDGET_CODE}`);
    expect((await h.callsLog()).map((c) => c.callback)).toContain('advancedSettings');
    await h.screenshot('advanced-settings');
    expect(h.errors()).toEqual([]);
  });

  it('switching the user changes APP.constant("user") and what REST returns', async () => {
    const { h } = e2e;
    const admin = await h.loginAs('admin');
    const manager = h.user('manager');
    expect(await currentUserId(h)).toBe(admin.id);
    const adminLeads = await leadsSeenInPage(h);
    expect(adminLeads.some((l) => l.responsible_user_id !== manager.id)).toBe(true);

    // The top-bar switcher signs in as someone else and reloads, as a re-login would.
    await Promise.all([
      h.page.waitForEvent('load'),
      h.page.locator('#user-switcher').selectOption(String(manager.id)),
    ]);
    await h.waitReady();

    expect(await currentUserId(h)).toBe(manager.id);
    const managerLeads = await leadsSeenInPage(h);
    expect(managerLeads.length).toBeGreaterThan(0);
    expect(managerLeads.every((l) => l.responsible_user_id === manager.id)).toBe(true);
    expect(managerLeads.length).toBeLessThan(adminLeads.length);
    // The board draws the same set (its pipeline, open stages — won/lost are folded away as in
    // amoCRM): the page honours the user's rights like amoCRM's own front end.
    const pipelineId = await h.mainPipelineId();
    const onBoard = managerLeads.filter((l) => l.pipeline_id === pipelineId && l.status_id !== WON && l.status_id !== LOST);
    expect(await h.page.locator('.pipeline-lead').count()).toBe(onBoard.length);
    expect(h.errors()).toEqual([]);
  });
});
