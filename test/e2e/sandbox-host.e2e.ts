/**
 * The sandbox page can show the product (issue 9, item 11): a loss can be tried from the deal
 * card (the loss reason appears with «Закрыто и не реализовано»), «+ Новая сделка» creates a deal
 * and opens it, and the top bar switches the page — and the widget — to another language.
 */
import { describe, expect, it } from 'vitest';
import { useE2E, type E2EHarness } from './harness';

const e2e = useE2E();

interface LeadWire { id: number; name: string; status_id: number; loss_reason_id: number | null; responsible_user_id: number }

const amo = <T>(h: E2EHarness, path: string): Promise<T> => h.amoApi<T>('GET', path);

describe('the sandbox host page', () => {
  it('asks for the loss reason when a deal is closed as lost, and saves it with the deal', async () => {
    const { h } = e2e;
    const manager = h.user('manager');
    await h.loginAs(manager);
    await h.clickAndSettle('.pipeline-lead');
    const leadId = Number(await h.page.locator('.card-page').getAttribute('data-lead-id'));
    const field = h.page.locator('[data-loss-reason-field]');
    expect(await field.isVisible()).toBe(false);
    await h.page.locator('select[name="status_id"]').selectOption('143');
    await field.waitFor({ state: 'visible' });
    await h.page.locator('[data-loss-reason]').selectOption({ label: 'Дорого' });
    await h.page.locator('.card-save').click();
    await h.page.waitForFunction(() => window.__host!.notifications.length > 0, null, { timeout: 10_000 });
    const reasons = await amo<{ _embedded: { loss_reasons: Array<{ id: number; name: string }> } }>(h, '/api/v4/leads/loss_reasons');
    const lead = await amo<LeadWire>(h, `/api/v4/leads/${leadId}`);
    expect(lead.status_id).toBe(143);
    expect(lead.loss_reason_id).toBe(reasons._embedded.loss_reasons.find((r) => r.name === 'Дорого')?.id);
    expect(h.errors()).toEqual([]);
  });

  it('creates a deal with «+ Новая сделка» and opens its card', async () => {
    const { h } = e2e;
    const manager = h.user('manager');
    await h.loginAs(manager);
    await h.clickAndSettle('[data-new-lead]');
    const leadId = Number(await h.page.locator('.card-page').getAttribute('data-lead-id'));
    expect(leadId).toBeGreaterThan(0);
    const lead = await amo<LeadWire>(h, `/api/v4/leads/${leadId}`);
    expect(lead).toMatchObject({ name: 'Новая сделка', responsible_user_id: manager.id });
    expect(h.errors()).toEqual([]);
  });

  it('switches the page and the widget to another language from the top bar', async () => {
    const { h } = e2e;
    await h.loginAs('manager');
    expect(await h.page.locator('[data-nav="leads"] .nav__label').textContent()).toBe('Сделки');
    await Promise.all([h.page.waitForEvent('load'), h.page.locator('#lang-switcher').selectOption('es')]);
    await h.waitReady();
    expect(await h.page.locator('[data-nav="leads"] .nav__label').textContent()).toBe('Leads');
    expect(await h.page.evaluate(() => document.documentElement.lang)).toBe('es');
    await h.waitForMount('launcher');
    expect(await h.page.locator('.fr-launcher__button span').first().textContent()).toBe('Foco');
    await h.context.clearCookies({ name: 'amo_lang' });
  });
});
