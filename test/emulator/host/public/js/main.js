// Boots the amoCRM-like host page: RequireJS + host modules, APP, the frame, the widget, and the
// SPA router that moves between areas without a page load (pushState + 'page:changed').
import { fetchBootstrap, fetchPipelines, switchSession } from './api.js';
import { createApp } from './app.js';
import { h } from './dom.js';
import { createModalClass } from './modal.js';
import { createNotifications } from './notifications.js';
import { WIDGET_CODE } from './routes.js';
import { stringsFor } from './strings.js';
import { twigModule } from './twig.js';
import { renderBoard } from './views/board.js';
import { renderCard } from './views/card.js';
import { renderList } from './views/list.js';
import { openSettingsModal } from './views/settings-modal.js';
import { renderAdvanced, renderIntegrations } from './views/settings.js';
import { shellController } from './shell-controller.js';
import { createWidgetInstance, dig, loadWidgetFiles } from './widget-host.js';

/** The test hook (brief: window.__host) — read by test/e2e, never by the widget. */
const host = {
  /** @type {import('./widget-host.js').CallRecord[]} */
  widgetCallsLog: [],
  area: /** @type {string | null} */ (null),
  widgetsArea: /** @type {string | null} */ (null),
  settledPath: /** @type {string | null} */ (null),
  navigations: 0,
  ready: false,
  widgetLoaded: false,
  widgetError: /** @type {string | null} */ (null),
  widgetStatus: /** @type {string | null} */ (null),
  notifications: /** @type {unknown[]} */ ([]),
  /** @type {(url: string) => Promise<void>} */
  navigate: async () => undefined,
  /** render → init → bind_actions again in the current area, as amoCRM sometimes does. */
  rerender: () => false,
  /** @type {(onClose?: () => void) => void} */
  openSettings: () => undefined,
};
Object.assign(window, { __host: host });

boot().catch((error) => {
  console.error('[host] boot failed', error);
  document.getElementById('app')?.replaceChildren(h('div', { class: 'page-message page-message--fatal' }, `Sandbox page failed to start: ${String(error)}`));
});

/** @param {string[]} names @returns {Promise<unknown[]>} */
function requireAll(names) {
  return new Promise((resolve, reject) => window.require(names, (/** @type {unknown[]} */ ...mods) => resolve(mods), reject));
}

async function boot() {
  // Host modules a widget may list as AMD dependencies (reference §2.5); 'moment' is not offered.
  window.require.config({ paths: { jquery: '/vendor/jquery', underscore: '/vendor/underscore' } });
  window.define('twigjs', [], () => twigModule);
  window.define('lib/components/base/modal', ['jquery'], (/** @type {Function} */ $) => createModalClass($));
  const [$, Modal] = await requireAll(['jquery', 'lib/components/base/modal', 'underscore']);

  const bootstrap = await fetchBootstrap();
  const pipelines = await fetchPipelines();
  const strings = stringsFor(String(bootstrap.lang ?? 'ru'));
  document.documentElement.lang = String(bootstrap.lang ?? 'ru');
  const notifications = createNotifications(/** @type {HTMLElement} */ (document.getElementById('toasts')));
  host.notifications = notifications.shown;
  const { app, setArea } = createApp(bootstrap, notifications);
  Object.assign(window, { APP: app, AMOCRM: app });

  const widgetInfo = bootstrap.widget ?? {};
  /** @type {Record<string, unknown>} */
  const params = paramsFrom(widgetInfo);
  let files = null;
  try {
    files = await loadWidgetFiles(String(params.path), String(params.version), app.lang_id);
    host.widgetLoaded = true;
  } catch (error) {
    host.widgetError = String(error);
    console.error('[host] widget failed to load', error);
    notifications.add_error({ header: strings.widgetMissing, text: String(error) });
  }

  /** @type {import('./widget-host.js').HostContext} */
  const ctx = {
    $: /** @type {Function} */ ($), app, account: bootstrap.account ?? {}, user: bootstrap.user ?? {}, params,
    langs: files?.langs ?? {}, manifest: files?.manifest ?? {}, log: host.widgetCallsLog,
    onStatus: (status) => { host.widgetStatus = status; paintStatus(status); },
    getSelected: () => controller.selected(),
    getPipelineId: () => controller.pipelineId(),
    openSettings: (onClose) => openSettings(onClose),
  };

  const controller = shellController({
    $, app, setArea, bootstrap, pipelines, strings, notifications, host, ctx,
    pageInstance: files ? createWidgetInstance(files.Widget, ctx, 'everywhere') : null,
    views: { renderBoard, renderList, renderCard, renderIntegrations, renderAdvanced },
    onSwitchUser: async (userId) => {
      await switchSession(userId);
      // amoCRM re-login = a fresh page; bootstrap, APP and the widget all start over.
      window.location.reload();
    },
    onOpenWidget: () => openSettings(),
  });
  if (controller.instance) app.widgets.list[WIDGET_CODE] = controller.instance.widget;

  /** @param {(() => void) | undefined} [onClose] */
  function openSettings(onClose) {
    if (!files) return;
    openSettingsModal({
      $: /** @type {Function} */ ($), Modal: /** @type {new (o: Record<string, unknown>) => { destroy(): void }} */ (Modal), ctx, strings, onClose,
      area: { enter: ($body) => controller.enterSettingsArea($body), leave: () => controller.leaveSettingsArea() },
      onSaved: async () => {
        const fresh = await fetchBootstrap();
        for (const key of Object.keys(params)) delete params[key];
        Object.assign(params, paramsFrom(fresh.widget ?? {}));
        await controller.widgetActivityChanged();
        notifications.show_message({ header: String(dig(ctx.langs, 'widget.name') ?? WIDGET_CODE), text: strings.saved });
      },
    });
  }

  host.navigate = (url) => controller.navigate(url);
  host.rerender = () => controller.rerender();
  host.openSettings = openSettings;
  await controller.navigate(window.location.pathname + window.location.search, 'replace');
  host.ready = true;
}

/** self.params (reference §2.3): code, path, images, version, state, and every settings field. @param {import('./types.js').WidgetInfo} w */
function paramsFrom(w) {
  const path = String(w.path ?? `/upl/${WIDGET_CODE}/widget`).replace(/\/$/, '');
  return {
    ...(w.settings ?? {}),
    widget_code: String(w.code ?? WIDGET_CODE),
    path,
    images_path: `${path}/images`,
    version: String(w.version ?? '0'),
    active: w.active === 'Y' ? 'Y' : 'N',
    status: String(w.status ?? (w.active === 'Y' ? 'installed' : 'install')),
    oauth_client_uuid: String(w.oauth_client_uuid ?? ''),
  };
}

/** @param {string} status */
function paintStatus(status) {
  document.body.dataset.widgetStatus = status;
  for (const el of document.querySelectorAll(`[data-widget-code="${WIDGET_CODE}"] .widget-status, .card-widgets__widget[data-code="${WIDGET_CODE}"] .widget-status`)) {
    el.className = `widget-status widget-status--${status}`;
  }
}

