// APP.notifications as amoCRM shows them: toasts in the top-right corner that fade out, and
// bell-panel errors (add_error) that stay until closed. Shapes from reference §2.4.
import { h } from './dom.js';

const TOAST_MS = 6000;

/** @param {HTMLElement} root the persistent toast container */
export function createNotifications(root) {
  /** Every notification shown, newest last — read by the e2e tests through window.__host. */
  const shown = [];

  /** @param {'message'|'error'|'notification'|'bell-error'} kind @param {{ header?: string, text?: string, link?: string }} content */
  function toast(kind, content, sticky = false) {
    shown.push({ kind, header: content.header ?? '', text: content.text ?? '' });
    const close = h('button', { class: 'toast__close', type: 'button', 'aria-label': 'close' }, '×');
    const node = h('div', { class: `toast toast--${kind}`, role: kind.includes('error') ? 'alert' : 'status' },
      h('div', { class: 'toast__icon' }),
      h('div', { class: 'toast__content' },
        content.header ? h('div', { class: 'toast__header' }, content.header) : null,
        content.text ? h('div', { class: 'toast__text' }, content.text) : null,
        content.link ? h('a', { class: 'toast__link', href: content.link, target: '_blank' }, content.link) : null),
      close);
    const remove = () => node.remove();
    close.addEventListener('click', remove);
    root.appendChild(node);
    if (!sticky) setTimeout(remove, TOAST_MS);
  }

  const asText = (/** @type {unknown} */ v) => (v === undefined || v === null ? undefined : String(v));

  return {
    shown,
    /** @param {{ header?: unknown, text?: unknown }} p */
    show_message: (p) => toast('message', { header: asText(p?.header), text: asText(p?.text) }),
    /** @param {{ header?: unknown, text?: unknown }} p */
    show_message_error: (p) => toast('error', { header: asText(p?.header), text: asText(p?.text) }),
    /** @param {{ text?: { header?: unknown, text?: unknown } | unknown, type?: string }} p */
    show_notification: (p) => {
      const t = p?.text;
      const content = t && typeof t === 'object'
        ? { header: asText(/** @type {{header?: unknown}} */ (t).header), text: asText(/** @type {{text?: unknown}} */ (t).text) }
        : { text: asText(t) };
      toast(p?.type === 'error' ? 'error' : 'notification', content);
    },
    /** @param {{ header?: unknown, text?: unknown, link?: unknown }} p */
    add_error: (p) => toast('bell-error', { header: asText(p?.header), text: asText(p?.text), link: asText(p?.link) }, true),
    add_call: () => undefined,
  };
}
