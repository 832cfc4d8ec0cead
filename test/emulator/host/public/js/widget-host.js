// Loads the built widget exactly as amoCRM does and drives its documented lifecycle
// (reference §2.1–§2.3):
//   require([params.path + '/script.js?v=' + version]) → a CONSTRUCTOR FUNCTION; the platform builds
//   the instance itself and mixes its helper methods in, so here the helpers live on a prototype
//   and the constructor runs with `this` = an object inheriting from it.
//   entering an area: render() → (only if it returned exactly true) init() → bind_actions();
//   leaving it: destroy(). One instance lives as long as the page, as APP.widgets.list[code] does
//   in amoCRM; the settings modal is one more area of it ('settings', see views/settings-modal.js).
import { renderTwig } from './twig.js';

/**
 * @typedef {{ callback: string, area: string, outcome: 'returned' | 'threw' | 'missing', result?: string }} CallRecord
 * @typedef {{
 *   $: Function, app: Record<string, unknown>, account: import('./types.js').Account, user: NonNullable<import('./types.js').Bootstrap['user']>,
 *   params: Record<string, unknown>, langs: Record<string, unknown>, manifest: { widget?: { init_once?: boolean, locale?: string[] }, settings?: Record<string, unknown>, advanced?: { title?: string } },
 *   log: CallRecord[], onStatus: (status: string) => void, getSelected: () => { count_selected: number, selected: unknown[] },
 *   getPipelineId: () => number | null, openSettings: (onClose?: () => void) => void,
 * }} HostContext
 */

/** @param {string} url */
export function requireModule(url) {
  return new Promise((resolve, reject) => {
    window.require([url], resolve, reject);
  });
}

/** @param {string} path @param {string} version @param {string} lang */
export async function loadWidgetFiles(path, version, lang) {
  const get = async (/** @type {string} */ file) => {
    const res = await fetch(`${path}/${file}?v=${encodeURIComponent(version)}`);
    if (!res.ok) throw new Error(`${file}: HTTP ${res.status}`);
    return res.json();
  };
  const manifest = await get('manifest.json');
  const locales = Array.isArray(manifest?.widget?.locale) ? manifest.widget.locale : ['ru', 'en'];
  const langs = await get(`i18n/${locales.includes(lang) ? lang : locales[0]}.json`);
  const Widget = await requireModule(`${path}/script.js?v=${encodeURIComponent(version)}`);
  if (typeof Widget !== 'function') throw new Error('script.js must define a constructor function');
  return { manifest, langs, Widget };
}

/** Value at a dot path ('widget.name') in a nested object, as self.i18n() reads it. @param {unknown} obj @param {string} key */
export function dig(obj, key) {
  let value = /** @type {unknown} */ (obj);
  for (const part of key.split('.')) {
    if (!value || typeof value !== 'object') return undefined;
    value = /** @type {Record<string, unknown>} */ (value)[part];
  }
  return value;
}

/** The helper methods amoCRM mixes into the widget (reference §2.3). @param {HostContext} ctx @param {{ area: string }} state */
function hostMethods(ctx, state) {
  const $ = /** @type {import('./types.js').JQueryStatic} */ (ctx.$);
  return {
    get params() { return ctx.params; },
    get langs() { return ctx.langs; },
    system() {
      return {
        area: state.area,
        amouser_id: ctx.user.id,
        amouser: ctx.user.login ?? ctx.user.email ?? '',
        amohash: '',
        subdomain: ctx.account.subdomain,
        // amoCRM gives the account's host; here the sandbox origin serves as that host.
        domain: window.location.host,
        server: 'ru',
        displayed_count: 0,
      };
    },
    get_settings() { return ctx.params; },
    /** amoCRM keeps this in memory only (server persistence undocumented, reference §2.3). */
    set_settings(/** @type {Record<string, unknown>} */ patch) { Object.assign(ctx.params, patch); },
    i18n(/** @type {string} */ key) { return dig(ctx.langs, key); },
    set_lang(/** @type {unknown} */ langs) { if (langs && typeof langs === 'object') ctx.langs = /** @type {Record<string, unknown>} */ (langs); },
    get_version() { return String(ctx.params.version ?? ''); },
    get_install_status() { return String(ctx.params.status ?? 'install'); },
    set_status(/** @type {unknown} */ status) { ctx.onStatus(String(status)); },
    render(/** @type {{ data?: string, href?: string, base_path?: string, load?: Function }} */ spec, /** @type {Record<string, unknown>} */ data) {
      if (typeof spec?.data === 'string') return renderTwig(spec.data, data);
      if (typeof spec?.href === 'string' && typeof spec.load === 'function') {
        const load = spec.load;
        fetch(`${spec.base_path ?? ''}${spec.href}`).then((r) => r.text())
          .then((text) => load({ render: (/** @type {Record<string, unknown>} */ d) => renderTwig(text, d) }));
      }
      // Built-in control templates ({ ref: '/tmpl/controls/…' }) are not emulated.
      return '';
    },
    render_template(/** @type {{ caption?: { class_name?: string }, body?: string, render?: string }} */ spec, /** @type {Record<string, unknown>} */ data) {
      const panel = document.getElementById('card-widgets');
      if (state.area !== 'lcard' || !panel) return;
      drawCardWidgetBlock(panel, ctx, spec ?? {}, data ?? {});
    },
    $authorizedAjax(/** @type {Record<string, unknown>} */ options) {
      // One-time token per call (reference §9.1); the answer is a jqXHR-like thenable.
      const deferred = $.Deferred();
      $.ajax({ url: '/_emulator/one-time-token', dataType: 'json' })
        .then((/** @type {{ token: string }} */ body) => $.ajax({ ...options, headers: { ...(options?.headers ?? {}), 'X-Auth-Token': body.token } }))
        .then(
          (/** @type {unknown[]} */ ...args) => deferred.resolve(...args),
          (/** @type {unknown[]} */ ...args) => deferred.reject(...args),
        );
      return deferred.promise();
    },
    /** amoCRM proxies this through its server to dodge CORS; the sandbox posts directly. */
    crm_post(/** @type {string} */ url, /** @type {unknown} */ data, /** @type {Function} */ callback, /** @type {string} */ type) {
      return $.ajax({ url, method: 'POST', data, dataType: type || 'json' }).done((/** @type {unknown} */ r) => callback?.(r));
    },
    widgetsOverlay(/** @type {boolean} */ show) {
      document.getElementById('widgets-overlay')?.classList.toggle('is-visible', Boolean(show));
    },
    list_selected() { return ctx.getSelected(); },
    get_pipeline_id() { return ctx.getPipelineId(); },
    openWidgetSettings(/** @type {{ onClose?: () => void }} */ opts) { ctx.openSettings(opts?.onClose); },
    add_action() { /* telephony/mail hooks are not emulated */ },
    add_source() { return Promise.resolve(); },
  };
}

/** @param {HTMLElement} panel @param {HostContext} ctx @param {{ caption?: { class_name?: string }, body?: string, render?: string }} spec @param {Record<string, unknown>} data */
function drawCardWidgetBlock(panel, ctx, spec, data) {
  const code = String(ctx.params.widget_code);
  let block = panel.querySelector(`.card-widgets__widget[data-code="${code}"]`);
  if (!block) {
    block = document.createElement('div');
    block.className = 'card-widgets__widget';
    block.setAttribute('data-code', code);
    panel.appendChild(block);
  }
  const name = String(dig(ctx.langs, 'widget.name') ?? code);
  const logo = `${ctx.params.path}/images/logo_small.png?v=${encodeURIComponent(String(ctx.params.version))}`;
  block.innerHTML = '';
  const caption = document.createElement('div');
  caption.className = `card-widgets__widget__caption ${spec.caption?.class_name ?? ''}`.trim();
  caption.innerHTML = `<img class="card-widgets__widget__logo" alt=""><span class="card-widgets__widget__name"></span><span class="widget-status"></span>`;
  /** @type {HTMLImageElement} */ (caption.querySelector('img')).src = logo;
  /** @type {HTMLElement} */ (caption.querySelector('.card-widgets__widget__name')).textContent = name;
  const body = document.createElement('div');
  body.className = 'card-widgets__widget__body';
  // Widgets hand amoCRM HTML strings here (their own markup), so it is inserted as HTML on purpose.
  body.innerHTML = `${spec.body ?? ''}${spec.render ? renderTwig(spec.render, data) : ''}`;
  block.append(caption, body);
}

/**
 * One widget instance and its lifecycle.
 * @param {Function} Widget the constructor from script.js
 * @param {HostContext} ctx
 * @param {string} area initial system().area
 */
export function createWidgetInstance(Widget, ctx, area) {
  const state = { area, initialised: false };
  const self = Object.create(hostMethods(ctx, state));
  const built = Widget.call(self);
  const widget = built && typeof built === 'object' ? built : self;

  /** @param {string} name @param {unknown[]} args */
  function call(name, ...args) {
    const fn = dig(widget.callbacks ?? {}, name);
    if (typeof fn !== 'function') {
      ctx.log.push({ callback: name, area: state.area, outcome: 'missing' });
      return undefined;
    }
    try {
      const result = fn.apply(widget.callbacks, args);
      ctx.log.push({ callback: name, area: state.area, outcome: 'returned', result: describe(result) });
      return result;
    } catch (error) {
      // amoCRM would let this escape into its own code; we record it loudly instead so the e2e
      // suite fails on it (console errors are collected there) while the page keeps working.
      ctx.log.push({ callback: name, area: state.area, outcome: 'threw', result: String(error) });
      console.error(`[host] widget callback ${name} threw`, error);
      return undefined;
    }
  }

  const initOnce = ctx.manifest?.widget?.init_once === true;

  return {
    widget,
    get area() { return state.area; },
    /** render → init → bind_actions; init and bind_actions only when render returned exactly true. */
    enter(/** @type {string} */ nextArea) {
      state.area = nextArea;
      if (call('render') !== true) return false;
      if (!(initOnce && state.initialised)) call('init');
      state.initialised = true;
      call('bind_actions');
      return true;
    },
    leave() { call('destroy'); },
    call,
  };
}

/** @param {unknown} value */
function describe(value) {
  if (value === undefined) return 'undefined';
  if (value && typeof value === 'object' && typeof /** @type {{then?: unknown}} */ (value).then === 'function') return 'thenable';
  try { return JSON.stringify(value) ?? String(value); } catch { return String(value); }
}
