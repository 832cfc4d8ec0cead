/**
 * Issue 9, item 7: the settings modal refuses to save an address where no service answers, says
 * why in the user's language, and its status always refers to the address actually saved.
 */
import { waitFor } from '@testing-library/preact';
import { describe, expect, it } from 'vitest';
import type { AuthorizedAjaxOptions } from '../../src/widget/host/types';
import { createFakeHost, useCleanPage, WIDGET_CODE } from './fake-host';

useCleanPage();

const ME = { account: { id: 31000001, subdomain: 'demo' }, user: { id: 501, name: 'Anna' }, role: { kind: 'admin' } };

function settingsModal(): HTMLElement {
  const modal = document.createElement('div');
  modal.innerHTML = `<div id="${WIDGET_CODE}_custom_content"></div>`;
  document.body.appendChild(modal);
  return modal;
}
const jqueryLike = (element: Element) => ({ get: (index: number) => (index === 0 ? element : undefined), length: 1 });
const status = (modal: Element) => modal.querySelector('[data-fr-connection]')?.getAttribute('data-fr-connection');
/** The panel is a lazy chunk: its first load may take a while on a busy machine. */
const LAZY = { timeout: 15_000 };

/** The service answers only at `good`; elsewhere a web server answers 404 (a wrong path or host). */
const serviceAt = (good: string) => (request: AuthorizedAjaxOptions): Promise<unknown> =>
  (request.url.startsWith(good) ? Promise.resolve(ME) : Promise.reject({ status: 404, statusText: 'Not Found', responseJSON: null }));

describe('settings modal: saving the service address', () => {
  it('refuses to save an address where the service does not answer, with a clear Russian message', async () => {
    const modal = settingsModal();
    const { callbacks } = createFakeHost({ lang: 'ru', settings: { service_url: 'https://svc.example.com' }, ajax: serviceAt('https://svc.example.com') });
    callbacks.settings(jqueryLike(modal));
    await waitFor(() => expect(status(modal)).toBe('connected'), LAZY);

    const verdict: unknown = callbacks.onSave({ active: 'Y', fields: { service_url: 'https://wrong.example.com/api' } });
    expect(await verdict).toBe(false);
    await waitFor(() => expect(status(modal)).toBe('unreachable'));
    const text = modal.textContent ?? '';
    expect(modal.querySelector('[data-fr-save-refused]')).not.toBeNull();
    expect(text).toContain('https://wrong.example.com/api');
    expect(text).toContain('HTTP 404');
    expect(text).not.toMatch(/service call failed/);
    expect(modal.querySelector('[data-fr-connection-reason]')?.textContent).toMatch(/[а-я]/);
  });

  it('saves a reachable address and shows «Подключено» beside the address just saved, not the old one', async () => {
    const modal = settingsModal();
    const { callbacks } = createFakeHost({ lang: 'ru', settings: { service_url: 'https://old.example.com' }, ajax: serviceAt('https://new.example.com') });
    callbacks.settings(jqueryLike(modal));
    await waitFor(() => expect(status(modal)).toBe('unreachable'), LAZY);

    expect(await (callbacks.onSave({ active: 'Y', fields: { service_url: 'https://new.example.com/' } }) as unknown)).toBe(true);
    await waitFor(() => expect(status(modal)).toBe('connected'));
    expect(modal.querySelector('[data-fr-service-url]')?.textContent).toBe('https://new.example.com');
    expect(modal.querySelector('[data-fr-save-refused]')).toBeNull();
  });
});
