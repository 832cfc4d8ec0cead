// amoCRM's frame: the dark left navigation column, the top bar with the section title and search,
// and (sandbox only) a user switcher standing in for logging out and in as someone else.
import { h, icon } from '../dom.js';
import { paths } from '../routes.js';
import { LANGUAGES } from '../strings.js';

const ICONS = {
  dashboard: 'M3 13h8V3H3v10zm0 8h8v-6H3v6zm10 0h8V11h-8v10zm0-18v6h8V3h-8z',
  leads: 'M4 4h4v16H4zM10 4h4v10h-4zM16 4h4v6h-4z',
  tasks: 'M19 3H5a2 2 0 00-2 2v14a2 2 0 002 2h14a2 2 0 002-2V5a2 2 0 00-2-2zm-9 14l-5-5 1.4-1.4 3.6 3.6 7.6-7.6L19 8l-9 9z',
  lists: 'M3 5h2v2H3zm4 0h14v2H7zM3 11h2v2H3zm4 0h14v2H7zM3 17h2v2H3zm4 0h14v2H7z',
  mail: 'M20 4H4a2 2 0 00-2 2v12a2 2 0 002 2h16a2 2 0 002-2V6a2 2 0 00-2-2zm0 4l-8 5-8-5V6l8 5 8-5v2z',
  stats: 'M5 9h3v11H5zM10.5 4h3v16h-3zM16 13h3v7h-3z',
  settings: 'M19.4 13a7.5 7.5 0 000-2l2.1-1.6-2-3.5-2.5 1a7.4 7.4 0 00-1.7-1L15 3h-4l-.4 2.9a7.4 7.4 0 00-1.7 1l-2.5-1-2 3.5L6.6 11a7.5 7.5 0 000 2l-2.1 1.6 2 3.5 2.5-1c.5.4 1.1.8 1.7 1L11 21h4l.4-2.9c.6-.3 1.2-.6 1.7-1l2.5 1 2-3.5L19.4 13zM13 15.5a3.5 3.5 0 110-7 3.5 3.5 0 010 7z',
};

/**
 * @param {{ root: HTMLElement, strings: ReturnType<typeof import('../strings.js').stringsFor>,
 *   bootstrap: import('../types.js').Bootstrap, mainPipelineId: () => number | null,
 *   onSwitchUser: (userId: number) => void }} deps
 */
export function createShell({ root, strings, bootstrap, mainPipelineId, onSwitchUser }) {
  const navItems = [
    { key: 'dashboard', href: null },
    { key: 'leads', href: () => { const id = mainPipelineId(); return id ? paths.board(id) : null; } },
    { key: 'tasks', href: null },
    { key: 'lists', href: null },
    { key: 'mail', href: null },
    { key: 'stats', href: null },
    { key: 'settings', href: () => paths.integrations() },
  ];
  const nav = h('nav', { class: 'nav', id: 'nav-menu' },
    h('div', { class: 'nav__logo', title: 'amoCRM sandbox' }, h('span', { class: 'nav__logo-mark' }, 'amo')),
    navItems.map((item) => {
      const href = item.href?.() ?? null;
      return h(href ? 'a' : 'span', {
        class: `nav__item${href ? '' : ' nav__item--inert'}`,
        href: href ?? undefined,
        'data-nav': item.key,
        'data-link': href ? '' : undefined,
      }, icon(ICONS[/** @type {keyof typeof ICONS} */ (item.key)]), h('span', { class: 'nav__label' }, strings[/** @type {'leads'} */ (item.key)]));
    }),
    h('div', { class: 'nav__spacer' }),
    h('div', { class: 'nav__avatar', title: bootstrap.user?.name ?? '' }, initials(String(bootstrap.user?.name ?? '?'))),
  );

  const title = h('h1', { class: 'topbar__title' });
  const tools = h('div', { class: 'topbar__tools' });
  const switcher = userSwitcher(strings, bootstrap, onSwitchUser);
  const topbar = h('header', { class: 'topbar' },
    title,
    h('div', { class: 'topbar__search' }, h('input', { class: 'topbar__search-input', type: 'search', placeholder: strings.search })),
    tools,
    languageSwitcher(String(bootstrap.lang ?? 'ru')),
    switcher);
  const page = h('main', { class: 'page', id: 'page' });
  root.replaceChildren(nav, h('div', { class: 'main' }, topbar, page));

  return {
    page,
    /** @param {string} text @param {Node[]} [toolNodes] */
    setHeader(text, toolNodes = []) {
      title.textContent = text;
      tools.replaceChildren(...toolNodes);
    },
    /** @param {string} key */
    setActiveNav(key) {
      for (const el of nav.querySelectorAll('[data-nav]')) {
        el.classList.toggle('nav__item--active', /** @type {HTMLElement} */ (el).dataset.nav === key);
      }
    },
  };
}

/** @param {string} name */
function initials(name) {
  return name.split(/\s+/).filter(Boolean).slice(0, 2).map((p) => p[0]?.toUpperCase() ?? '').join('');
}

/** @param {ReturnType<typeof import('../strings.js').stringsFor>} strings @param {import('../types.js').Bootstrap} bootstrap @param {(id: number) => void} onSwitch */
function userSwitcher(strings, bootstrap, onSwitch) {
  const users = Array.isArray(bootstrap.users) ? bootstrap.users : [];
  const select = h('select', { class: 'user-switcher__select', id: 'user-switcher', 'aria-label': strings.userSwitch },
    users.map((u) => h('option', { value: u.id, selected: u.id === bootstrap.user?.id },
      `${u.name} — ${strings.roles[/** @type {'admin'} */ (u.role)] ?? u.role}`)));
  select.addEventListener('change', () => onSwitch(Number(/** @type {HTMLSelectElement} */ (select).value)));
  return h('label', { class: 'user-switcher' }, h('span', { class: 'user-switcher__label' }, strings.userSwitch), select);
}

/**
 * amoCRM keeps the interface language in the user's profile; the sandbox keeps it in a cookie the
 * bootstrap reads, and reloads the page as amoCRM does after a language change.
 * @param {string} current
 */
function languageSwitcher(current) {
  const select = h('select', { class: 'lang-switcher', id: 'lang-switcher', 'aria-label': 'Language / Язык' },
    LANGUAGES.map((l) => h('option', { value: l.code, selected: l.code === current }, l.name)));
  select.addEventListener('change', () => {
    document.cookie = `amo_lang=${/** @type {HTMLSelectElement} */ (select).value}; path=/; SameSite=Lax`;
    window.location.reload();
  });
  return select;
}
