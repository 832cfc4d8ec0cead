// Tiny element builder: the host page is plain modules with no build step, and building nodes
// (instead of gluing HTML strings) keeps user data such as lead names from ever being parsed as HTML.

/**
 * h('div', { class: 'x', onclick: fn, dataset: { id: 1 } }, child, 'text', [more])
 * @param {string} tag
 * @param {Record<string, unknown> | null} [attrs]
 * @param {...unknown} children
 * @returns {HTMLElement}
 */
export function h(tag, attrs, ...children) {
  const el = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs ?? {})) {
    if (value === undefined || value === null || value === false) continue;
    if (key === 'dataset' && typeof value === 'object') {
      for (const [dk, dv] of Object.entries(value)) el.dataset[dk] = String(dv);
    } else if (key.startsWith('on') && typeof value === 'function') {
      el.addEventListener(key.slice(2), /** @type {EventListener} */ (value));
    } else if (key === 'html') {
      el.innerHTML = String(value);
    } else if (value === true) {
      el.setAttribute(key, '');
    } else {
      el.setAttribute(key, String(value));
    }
  }
  appendChildren(el, children);
  return el;
}

/** @param {Node} parent @param {unknown[]} children */
function appendChildren(parent, children) {
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    if (Array.isArray(child)) appendChildren(parent, child);
    else if (child instanceof Node) parent.appendChild(child);
    else parent.appendChild(document.createTextNode(String(child)));
  }
}

/** Inline SVG from a path list (icons of the left menu). @param {string} d @param {string} [cls] */
export function icon(d, cls = 'nav-icon') {
  const ns = 'http://www.w3.org/2000/svg';
  const svg = document.createElementNS(ns, 'svg');
  svg.setAttribute('viewBox', '0 0 24 24');
  svg.setAttribute('class', cls);
  svg.setAttribute('aria-hidden', 'true');
  const path = document.createElementNS(ns, 'path');
  path.setAttribute('d', d);
  svg.appendChild(path);
  return svg;
}

/** Money as amoCRM prints it: "1 250 000 ₽". @param {number} value @param {string} currency */
export function formatMoney(value, currency) {
  const sign = currency === 'RUB' ? '₽' : currency === 'USD' ? '$' : currency === 'EUR' ? '€' : currency;
  return `${new Intl.NumberFormat('ru-RU').format(value).replace(/\u00a0/g, ' ')} ${sign}`;
}

/** "23.11.2026" in the account time zone. @param {number} unixSeconds @param {string} timeZone */
export function formatDate(unixSeconds, timeZone) {
  return new Intl.DateTimeFormat('ru-RU', { timeZone, day: '2-digit', month: '2-digit', year: 'numeric' })
    .format(new Date(unixSeconds * 1000));
}
