/**
 * Issue 9, item 7 in Chromium: the admin types a wrong service address into the settings modal.
 * The save is refused with a reason in Russian (never «service call failed: http, HTTP 404»), the
 * stored address stays; after fixing it, «Подключено» stands beside the address just saved.
 */
import { describe, expect, it } from 'vitest';
import { useE2E, WIDGET_CODE, type E2EHarness } from './harness';

const e2e = useE2E();

const storedSettings = (h: E2EHarness) => h.page.evaluate(async () => {
  const res = await fetch('/_emulator/bootstrap');
  return ((await res.json()) as { widget: { settings: Record<string, unknown> } }).widget.settings;
});

describe('settings modal: the service address', () => {
  it('refuses an address with no service behind it, then saves the right one and says so beside it', async () => {
    const { h } = e2e;
    await h.loginAs('admin', '/settings/widgets');
    await h.page.locator(`.widget-tile[data-widget-code="${WIDGET_CODE}"]`).click();
    await h.waitForMount('settings', `.modal.${WIDGET_CODE}`);
    const modal = h.page.locator(`.modal.${WIDGET_CODE}`);
    await modal.locator('[data-fr-connection="connected"]').waitFor({ timeout: 20_000 });

    const wrong = `${h.service.url}/widget`;
    await modal.locator('input[name="service_url"]').fill(wrong);
    await modal.locator('.js-widget-save').click();
    await modal.locator('[data-fr-save-refused]').waitFor({ timeout: 20_000 });
    expect(await modal.locator('[data-fr-service-url]').textContent()).toBe(wrong);
    const reason = await modal.locator('[data-fr-connection-reason]').textContent();
    expect(reason).toContain('HTTP 404');
    expect(reason).toMatch(/[а-яё]/);
    expect(await modal.textContent()).not.toContain('service call failed');
    expect((await storedSettings(h)).service_url).toBe(h.service.url);
    await h.screenshot('settings-refused');

    await modal.locator('input[name="service_url"]').fill(`${h.service.url}/`);
    await modal.locator('.js-widget-save').click();
    await modal.locator('[data-fr-connection="connected"]').waitFor({ timeout: 20_000 });
    expect(await modal.locator('[data-fr-service-url]').textContent()).toBe(h.service.url);
    expect(await modal.locator('[data-fr-save-refused]').count()).toBe(0);
    await h.screenshot('settings-saved');
    // The 404 of the probe itself is on the console as a failed load; nothing else.
    expect(h.errors().filter((e) => !/status of 404/.test(e))).toEqual([]);
  });
});
