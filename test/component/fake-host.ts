/**
 * A stand-in for what amoCRM prepares before calling our constructor (platform reference §2.3,
 * §2.4): the helper methods on `self`, and APP on window. Each test builds a fresh one.
 */
import { afterEach, beforeEach, vi } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createWidgetConstructor } from '../../src/widget/host/widget';
import type { AppGlobal, AuthorizedAjaxOptions, HostSelf, RenderTemplateOptions, WidgetCallbacks } from '../../src/widget/host/types';

export const WIDGET_CODE = 'focus_refusals';
const ROOT = join(import.meta.dirname, '..', '..');
export const LANGS = {
  en: JSON.parse(readFileSync(join(ROOT, 'i18n', 'en.json'), 'utf8')) as unknown,
  ru: JSON.parse(readFileSync(join(ROOT, 'i18n', 'ru.json'), 'utf8')) as unknown,
  es: JSON.parse(readFileSync(join(ROOT, 'i18n', 'es.json'), 'utf8')) as unknown,
  pt: JSON.parse(readFileSync(join(ROOT, 'i18n', 'pt.json'), 'utf8')) as unknown,
};

export interface FakeHostOptions {
  systemArea?: string;
  widgetsArea?: string | null;
  cardId?: number | null;
  lang?: 'ru' | 'en';
  settings?: Record<string, unknown>;
  ajax?: (options: AuthorizedAjaxOptions) => Promise<unknown>;
}

export interface FakeHost {
  self: HostSelf;
  callbacks: WidgetCallbacks;
  renderTemplateCalls: RenderTemplateOptions[];
  ajaxCalls: AuthorizedAjaxOptions[];
}

type WindowWithApp = Window & { APP?: AppGlobal };

export function createFakeHost(options: FakeHostOptions = {}): FakeHost {
  const lang = options.lang ?? 'en';
  const app: AppGlobal = {
    constant: (name) => (name === 'account' ? { id: 31000001, subdomain: 'demo', timezone: 'Europe/Moscow' } : undefined),
    getWidgetsArea: () => options.widgetsArea ?? null,
    lang_id: lang,
    data: options.cardId === undefined ? {} : { current_card: { id: options.cardId } },
  };
  (window as WindowWithApp).APP = app;

  const renderTemplateCalls: RenderTemplateOptions[] = [];
  const ajaxCalls: AuthorizedAjaxOptions[] = [];
  const self: HostSelf = {
    system: () => ({ area: options.systemArea ?? 'everywhere', amouser_id: '501', subdomain: 'demo' }),
    get_settings: () => ({
      widget_code: WIDGET_CODE, path: '/upl/focus_refusals/widget', version: '0.1.0', active: 'Y', status: 'installed',
      ...options.settings,
    }),
    langs: LANGS[lang],
    render_template: (template) => {
      renderTemplateCalls.push(template);
      // amoCRM draws the block into the card's right-hand widget panel.
      const panel = document.createElement('div');
      panel.className = 'card-widgets__widget';
      panel.innerHTML = template.render;
      document.body.appendChild(panel);
    },
    $authorizedAjax: (request) => {
      ajaxCalls.push(request);
      return (options.ajax ?? (() => Promise.resolve({})))(request);
    },
  };
  const Widget = createWidgetConstructor({ window, document, now: () => Date.parse('2026-03-01T21:30:00Z') });
  Widget.call(self);
  if (!self.callbacks) throw new Error('the constructor did not set callbacks');
  return { self, callbacks: self.callbacks, renderTemplateCalls, ajaxCalls };
}

export const mounts = (name: string) => document.querySelectorAll(`[data-fr-mount="${name}"]`);

/**
 * A clean page around every test, with console.error captured (the widget logs what it catches;
 * a test may assert on it through the returned spy).
 */
export function useCleanPage(): { readonly consoleError: ReturnType<typeof vi.spyOn> } {
  let spy: ReturnType<typeof vi.spyOn> | null = null;
  beforeEach(() => {
    resetPage();
    spy = vi.spyOn(console, 'error').mockImplementation(() => undefined);
  });
  afterEach(() => {
    spy?.mockRestore();
    resetPage();
  });
  return {
    get consoleError() {
      if (!spy) throw new Error('useCleanPage: read consoleError inside a test');
      return spy;
    },
  };
}

export function resetPage(): void {
  document.head.innerHTML = '';
  document.body.innerHTML = '';
  delete (window as WindowWithApp).APP;
}
