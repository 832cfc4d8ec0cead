// Settings → Integrations (widget tiles) and the widget's advanced settings page, whose body is
// the container #work-area-<code> the widget renders into (reference §1.2.3).
import { h } from '../dom.js';
import { paths, WIDGET_CODE } from '../routes.js';

/** Decoy tiles so the page reads like amoCRM's marketplace grid; they do nothing. */
const OTHER_TILES = [
  { name: 'Телефония', color: '#4c8bf7' }, { name: 'WhatsApp', color: '#25d366' }, { name: 'Telegram', color: '#2aa3de' },
  { name: '1С', color: '#f2b13a' }, { name: 'Почта', color: '#e05f5f' }, { name: 'Формы', color: '#8c6bd8' },
];

/**
 * @param {{ strings: import('../types.js').Strings, widget: WidgetFace | null, active: 'integrations' | 'advanced' }} p
 * @typedef {{ name: string, advancedTitle: string | null, path: string, version: string, status: string, active: string }} WidgetFace
 */
function settingsNav({ strings, widget, active }) {
  return h('nav', { class: 'settings-nav' },
    h('span', { class: 'settings-nav__item is-inert' }, strings.general),
    h('span', { class: 'settings-nav__item is-inert' }, strings.users),
    h('span', { class: 'settings-nav__item is-inert' }, strings.communication),
    h('a', { class: `settings-nav__item${active === 'integrations' ? ' is-active' : ''}`, href: paths.integrations(), 'data-link': '' }, strings.integrations),
    widget?.advancedTitle
      ? h('a', { class: `settings-nav__item${active === 'advanced' ? ' is-active' : ''}`, href: paths.advanced(), 'data-link': '', 'data-nav-advanced': '' }, widget.advancedTitle)
      : null);
}

/**
 * @param {{ page: HTMLElement, strings: import('../types.js').Strings, widget: WidgetFace | null, onOpenWidget: () => void }} p
 */
export function renderIntegrations({ page, strings, widget, onOpenWidget }) {
  const tiles = [];
  if (widget) {
    const statusText = widget.active === 'Y'
      ? (widget.status === 'not_configured' ? strings.notConfigured : strings.installed)
      : strings.notInstalled;
    const tile = h('button', { class: `widget-tile widget-tile--own${widget.active === 'Y' ? ' is-installed' : ''}`, type: 'button', 'data-widget-code': WIDGET_CODE },
      h('img', { class: 'widget-tile__logo', alt: '', src: `${widget.path}/images/logo_main.png?v=${encodeURIComponent(widget.version)}` }),
      h('div', { class: 'widget-tile__name' }, widget.name),
      h('div', { class: 'widget-tile__status' }, h('span', { class: 'widget-status' }), statusText));
    tile.addEventListener('click', onOpenWidget);
    tiles.push(tile);
  }
  for (const other of OTHER_TILES) {
    tiles.push(h('div', { class: 'widget-tile widget-tile--decoy' },
      h('div', { class: 'widget-tile__logo widget-tile__logo--blank', style: `background:${other.color}` }, other.name.slice(0, 2)),
      h('div', { class: 'widget-tile__name' }, other.name),
      h('div', { class: 'widget-tile__status' }, strings.install)));
  }
  page.replaceChildren(h('div', { class: 'settings-page' },
    settingsNav({ strings, widget, active: 'integrations' }),
    h('div', { class: 'settings-page__body' },
      h('h2', { class: 'settings-page__title' }, strings.integrations),
      h('div', { class: 'widget-tiles' }, tiles))));
}

/** @param {{ page: HTMLElement, strings: import('../types.js').Strings, widget: WidgetFace | null }} p */
export function renderAdvanced({ page, strings, widget }) {
  page.replaceChildren(h('div', { class: 'settings-page' },
    settingsNav({ strings, widget, active: 'advanced' }),
    h('div', { class: 'settings-page__body settings-page__body--work-area' },
      h('div', { class: 'work-area', id: `work-area-${WIDGET_CODE}` }))));
}
