import { fireEvent, render, screen, waitFor } from '@testing-library/preact';
import { describe, expect, it, vi } from 'vitest';
import AdvancedPage from '../../src/widget/features/advanced/AdvancedPage';
import { createConnectionModel } from '../../src/widget/features/settings/ConnectionModel';
import SettingsPanel from '../../src/widget/features/settings/SettingsPanel';
import { createTranslator } from '../../src/widget/i18n';
import { UiContext, type UiEnv } from '../../src/widget/ui/context';
import { AppEnvContext } from '../../src/widget/features/app-env';
import { buildAppEnv } from './helpers/app-env';
import { createFakeHost, LANGS, mounts, useCleanPage, WIDGET_CODE } from './fake-host';
import { NOW } from '../support/time';

const env = (lang: 'ru' | 'en' = 'en'): UiEnv => ({
  t: createTranslator(LANGS[lang]),
  dates: { language: lang, timeZone: 'Europe/Moscow' },
});

useCleanPage();

describe('advanced settings page', () => {
  it('mounts into #work-area-<code> with five tabs and switches between them', async () => {
    const area = document.createElement('div');
    area.id = `work-area-${WIDGET_CODE}`;
    document.body.appendChild(area);
    const { callbacks } = createFakeHost({ widgetsArea: `advanced-settings:${WIDGET_CODE}` });
    expect(callbacks.advancedSettings()).toBe(true);
    expect(callbacks.advancedSettings()).toBe(true);
    expect(area.querySelectorAll('[data-fr-mount="advanced"]')).toHaveLength(1);

    const tabs = await waitFor(() => {
      const found = area.querySelectorAll('[role="tab"]');
      if (found.length === 0) throw new Error('advanced view not loaded yet');
      return found;
    });
    expect([...tabs].map((tab) => tab.textContent)).toEqual(['Focus', 'Distribution', 'Refusals', 'Heads', 'Analytics']);
    expect(area.querySelector('[role="tabpanel"] h2')?.textContent).toBe('Focus filters');
    // Each tab's content is its feature's own lazy section.
    expect(area.querySelector('[role="tabpanel"] [data-fr-section="focus"]')).not.toBeNull();

    fireEvent.click(area.querySelector('[data-fr-tab="refusals"]') as Element);
    await waitFor(() => expect(area.querySelector('[role="tabpanel"] h2')?.textContent).toBe('Refusal control'));
    expect(area.querySelector('[data-fr-tab="refusals"]')?.getAttribute('aria-selected')).toBe('true');
    expect(area.querySelector('[data-fr-tab="focus"]')?.getAttribute('aria-selected')).toBe('false');
  });

  it('speaks Russian when the user does', () => {
    render(
      <UiContext.Provider value={env('ru')}>
        <AppEnvContext.Provider value={buildAppEnv()}><AdvancedPage initialTab="heads" /></AppEnvContext.Provider>
      </UiContext.Provider>,
    );
    expect(screen.getByRole('tab', { selected: true }).textContent).toBe('Руководители');
    expect(screen.getByRole('tabpanel').querySelector('h2')?.textContent).toBe('Руководители');
  });
});

describe('settings modal', () => {
  function settingsContainer(): HTMLElement {
    const modal = document.createElement('div');
    modal.innerHTML = `<div id="${WIDGET_CODE}_custom_content"></div><input type="hidden" name="connection">`;
    document.body.appendChild(modal);
    return modal;
  }
  const jqueryLike = (element: Element) => ({ get: (index: number) => (index === 0 ? element : undefined), length: 1 });

  it('checks the service through $authorizedAjax and shows it connected', async () => {
    const modal = settingsContainer();
    const me = { account: { id: 31000001, subdomain: 'demo' }, user: { id: 501, name: 'Anna' }, role: { kind: 'admin' } };
    const { callbacks, ajaxCalls } = createFakeHost({ settings: { service_url: 'https://svc.example.com/' }, ajax: () => Promise.resolve(me) });
    expect(callbacks.settings(jqueryLike(modal))).toBe(true);
    await waitFor(() => expect(modal.querySelector('[data-fr-connection]')?.getAttribute('data-fr-connection')).toBe('connected'));
    expect(ajaxCalls).toEqual([expect.objectContaining({ url: 'https://svc.example.com/api/v1/me', method: 'GET' })]);
    expect(modal.querySelectorAll('[data-fr-mount="settings"]')).toHaveLength(1);
    expect(modal.textContent).toContain('Checked Mar 2, 2026, 12:30 AM');
  });

  it('shows why the service is unreachable', async () => {
    const modal = settingsContainer();
    const { callbacks } = createFakeHost({
      settings: { service_url: 'https://svc.example.com' },
      ajax: () => Promise.reject({ status: 401, statusText: 'Unauthorized', responseJSON: { error: 'invalid_token' } }),
    });
    callbacks.settings(jqueryLike(modal));
    await waitFor(() => expect(modal.querySelector('[data-fr-connection]')?.getAttribute('data-fr-connection')).toBe('unreachable'));
    // Said in words the admin can act on, never the client's raw "unauthorized (invalid_token), HTTP 401".
    expect(modal.querySelector('[data-fr-connection-reason]')?.getAttribute('data-fr-connection-reason')).toBe('unauthorized');
    expect(modal.querySelector('[data-fr-connection-reason]')?.textContent).toBe('The service did not accept amoCRM\'s signature: check that it holds this integration\'s secret key.');
  });

  it('asks for the address when none is saved yet, without calling anything', async () => {
    const modal = settingsContainer();
    const { callbacks, ajaxCalls } = createFakeHost();
    callbacks.settings(jqueryLike(modal));
    await waitFor(() => expect(modal.querySelector('[data-fr-connection]')?.textContent).toBe('Enter the service address and save'));
    expect(ajaxCalls).toEqual([]);
  });

  it('normalises the address on save and re-checks it', async () => {
    const me = { account: { id: 31000001, subdomain: 'demo' }, user: { id: 501, name: 'Anna' }, role: { kind: 'admin' } };
    const { callbacks, ajaxCalls } = createFakeHost({ ajax: () => Promise.resolve(me) });
    const event = { active: 'Y', fields: { service_url: ' https://new.example.com/ ' } };
    const verdict = callbacks.onSave(event);
    expect(event.fields.service_url).toBe('https://new.example.com');
    expect(await verdict).toBe(true);
    await waitFor(() => expect(ajaxCalls.map((call) => call.url)).toEqual(['https://new.example.com/api/v1/me']));
  });

  it('does nothing but allow the save when the widget is being disabled', () => {
    const { callbacks, ajaxCalls } = createFakeHost();
    expect(callbacks.onSave({ active: 'N', fields: { service_url: 'https://x.example.com/' } })).toBe(true);
    expect(ajaxCalls).toEqual([]);
  });
});

describe('connection model', () => {
  it('keeps only the answer to the latest check', async () => {
    let releaseSlow: () => void = () => undefined;
    const probe = vi.fn((url: string) => (url === 'https://slow.example'
      ? new Promise<void>((resolve) => { releaseSlow = resolve; })
      : Promise.reject(new Error('refused'))));
    const model = createConnectionModel(probe, () => NOW);
    const slow = model.check('https://slow.example');
    await model.check('https://fast.example');
    releaseSlow();
    await slow;
    expect(model.state.value).toEqual({ kind: 'unreachable', url: 'https://fast.example', checkedAt: NOW, reason: { code: 'unknown' }, saveRefused: false });
  });

  it('renders the checking state while the probe runs', () => {
    const model = createConnectionModel(() => new Promise(() => undefined), () => NOW);
    render(<UiContext.Provider value={env()}><SettingsPanel serviceUrl="https://svc" connection={model} /></UiContext.Provider>);
    expect(screen.getByRole('status').textContent).toBe('Checking the service…');
  });
});

describe('mount count', () => {
  it('keeps one settings mount when the modal is opened twice', () => {
    const modal = document.createElement('div');
    modal.innerHTML = `<div id="${WIDGET_CODE}_custom_content"></div>`;
    document.body.appendChild(modal);
    const { callbacks } = createFakeHost();
    callbacks.settings(modal);
    callbacks.settings(modal);
    expect(mounts('settings')).toHaveLength(1);
  });
});
