// The SPA router and the widget lifecycle around it. Every area change:
//   destroy() on the area being left (while its DOM is still there) → draw the new view →
//   render() → init() → bind_actions() (+ advancedSettings() on the advanced page) →
//   $(document).trigger('page:changed'), as amoCRM's single-page front end does (reference §2.2, §2.4).
import { h } from './dom.js';
import { areaOf, parseRoute, paths, WIDGET_CODE } from './routes.js';
import { createShell } from './views/shell.js';
import { dig } from './widget-host.js';

/**
 * @param {{
 *   $: import('./types.js').JQueryStatic, app: ReturnType<typeof import('./app.js').createApp>['app'], setArea: (info: ReturnType<typeof areaOf>, view: string | null) => void,
 *   bootstrap: import('./types.js').Bootstrap, pipelines: import('./types.js').Pipeline[], strings: import('./types.js').Strings,
 *   notifications: ReturnType<typeof import('./notifications.js').createNotifications>, host: Record<string, unknown>, ctx: import('./widget-host.js').HostContext,
 *   pageInstance: ReturnType<typeof import('./widget-host.js').createWidgetInstance> | null,
 *   views: Record<string, Function>, onSwitchUser: (id: number) => void, onOpenWidget: () => void,
 * }} deps
 */
export function shellController(deps) {
  const { $, app, setArea, bootstrap, pipelines, strings, notifications, host, ctx, pageInstance, views } = deps;
  const mainPipeline = pipelines.find((p) => p.is_main) ?? pipelines[0] ?? null;
  const shell = createShell({
    root: /** @type {HTMLElement} */ (document.getElementById('app')), strings, bootstrap,
    mainPipelineId: () => mainPipeline?.id ?? null, onSwitchUser: deps.onSwitchUser,
  });
  const managers = bootstrap.managers ?? {};
  const account = bootstrap.account ?? {};

  let entered = false;
  /** True while the settings modal holds the widget in its 'settings' area. */
  let inSettings = false;
  /** @type {ReturnType<typeof parseRoute> | null} */
  let route = null;
  /** @type {{ selected?: () => { count_selected: number, selected: unknown[] } } | null} */
  let view = null;
  let queue = Promise.resolve();
  let latest = 0;

  // One delegated listener for every in-app link (ours: data-link; amoCRM's own: .js-navigate-link), so redrawn views never add listeners.
  document.addEventListener('click', (event) => {
    const link = /** @type {Element | null} */ (event.target instanceof Element ? event.target.closest('a[data-link], a.js-navigate-link') : null);
    if (!link || event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey) return;
    event.preventDefault();
    void navigate(/** @type {HTMLAnchorElement} */ (link).getAttribute('href') ?? '/');
  });
  window.addEventListener('popstate', () => { void navigate(window.location.pathname, 'none'); });

  const widgetActive = () => ctx.params.active === 'Y';

  /** @param {string} url @param {'push' | 'replace' | 'none'} [mode] */
  function navigate(url, mode = 'push') {
    const ticket = ++latest;
    if (mode === 'push' && url !== window.location.pathname) history.pushState(null, '', url);
    if (mode === 'replace') history.replaceState(null, '', url);
    // Navigations run one after another; a click made while one is still loading supersedes it.
    queue = queue.then(() => (ticket === latest ? show(window.location.pathname) : undefined))
      .catch((error) => console.error('[host] navigation failed', error));
    return queue;
  }

  /** @param {string} pathname */
  async function show(pathname) {
    let next = parseRoute(pathname);
    if (next.name === 'home' || ((next.name === 'board' || next.name === 'list') && !pipelines.some((p) => p.id === next.pipelineId))) {
      if (!mainPipeline) throw new Error('the account has no pipelines');
      next = { name: next.name === 'list' ? 'list' : 'board', pipelineId: mainPipeline.id };
      history.replaceState(null, '', next.name === 'list' ? paths.list(next.pipelineId) : paths.board(next.pipelineId));
    }
    if (next.name === 'advanced' && !widgetActive()) {
      next = { name: 'integrations' };
      history.replaceState(null, '', paths.integrations());
    }

    if (entered) pageInstance?.leave();
    entered = false;
    view = null;
    app.data.current_card = undefined;
    route = next;
    shell.page.replaceChildren(h('div', { class: 'page-loading' }, strings.loading));

    const info = areaOf(next);
    const drawn = await drawView(next);
    setArea(info, next.name);
    host.area = info.area;
    host.widgetsArea = info.widgetsArea;
    document.body.dataset.area = info.area;

    if (pageInstance && widgetActive()) {
      entered = pageInstance.enter(info.area);
      if (entered && next.name === 'advanced') pageInstance.call('advancedSettings');
    }
    $(document).trigger('page:changed');
    host.settledPath = window.location.pathname;
    host.navigations += 1;
    void drawn;
  }

  /** @param {ReturnType<typeof parseRoute>} r */
  async function drawView(r) {
    const page = shell.page;
    try {
      if (r.name === 'board' || r.name === 'list') {
        const pipeline = pipelines.find((p) => p.id === r.pipelineId);
        const render = r.name === 'board' ? views.renderBoard : views.renderList;
        const result = await render({ page, pipeline, pipelines, strings, account, managers, navigate, userId: Number(bootstrap.user?.id) });
        view = result;
        shell.setHeader(strings.leads, result.header);
        shell.setActiveNav('leads');
      } else if (r.name === 'card') {
        const result = await views.renderCard({ page, leadId: r.leadId, pipelines, strings, account, managers, notify: notifications });
        app.data.current_card = result.card ?? undefined;
        shell.setHeader(strings.leads, result.header);
        shell.setActiveNav('leads');
      } else if (r.name === 'integrations') {
        views.renderIntegrations({ page, strings, widget: widgetFace(), onOpenWidget: deps.onOpenWidget });
        shell.setHeader(strings.settings);
        shell.setActiveNav('settings');
      } else if (r.name === 'advanced') {
        views.renderAdvanced({ page, strings, widget: widgetFace() });
        shell.setHeader(strings.settings);
        shell.setActiveNav('settings');
      }
    } catch (error) {
      console.error('[host] view failed', error);
      page.replaceChildren(h('div', { class: 'page-message' }, `${strings.loadError}: ${String(error)}`));
    }
    if (host.widgetStatus) document.body.dataset.widgetStatus = host.widgetStatus;
  }

  function widgetFace() {
    if (!host.widgetLoaded) return null;
    const name = dig(ctx.langs, 'widget.name');
    const advanced = ctx.manifest?.advanced?.title;
    const i18nOf = (/** @type {string} */ key) => {
      const v = dig(ctx.langs, key);
      return typeof v === 'string' ? v : key;
    };
    return {
      name: typeof name === 'string' ? name : WIDGET_CODE,
      advancedTitle: widgetActive() && advanced ? i18nOf(advanced) : null,
      path: String(ctx.params.path), version: String(ctx.params.version),
      status: String(ctx.params.status), active: String(ctx.params.active),
    };
  }

  return {
    instance: pageInstance,
    navigate,
    rerender() {
      if (!pageInstance || !route || !widgetActive()) return false;
      entered = pageInstance.enter(areaOf(route).area) || entered;
      return entered;
    },
    /** After Save/Disable in the settings modal: amoCRM starts or stops the widget on the page. @param {boolean} active */
    async widgetActivityChanged() {
      // The modal is still open and holds the widget in 'settings'; redraw the tiles only. Closing
      // the modal re-enters the page's area if the widget is (still) active.
      if (route && route.name === 'integrations') {
        views.renderIntegrations({ page: shell.page, strings, widget: widgetFace(), onOpenWidget: deps.onOpenWidget });
      }
    },
    /** The settings modal opened: leave the page's area, enter 'settings' and hand over the modal body. @param {unknown} $body */
    enterSettingsArea($body) {
      if (!pageInstance) return null;
      if (entered) pageInstance.leave();
      entered = false;
      inSettings = true;
      if (pageInstance.enter('settings')) pageInstance.call('settings', $body);
      return pageInstance;
    },
    /** The settings modal closed: leave 'settings' and come back to the page's area. */
    leaveSettingsArea() {
      if (!pageInstance || !inSettings) return;
      inSettings = false;
      pageInstance.leave();
      if (route && widgetActive()) entered = pageInstance.enter(areaOf(route).area);
    },
    selected: () => view?.selected?.() ?? { count_selected: 0, selected: [] },
    pipelineId: () => (route && (route.name === 'board' || route.name === 'list') ? route.pipelineId : null),
  };
}
