/**
 * The view check's rules, run inside the page over the widget's own UI (every `[data-fr-mount]`
 * root and the `.fr-rf-layer` dialogs at the end of <body>; amoCRM's page is not ours to judge):
 *
 * - layout: a visible element sticking out of its container, text clipped by its box (overflow
 *   hidden, an ellipsis) or a select too narrow for its chosen option, in-flow siblings that
 *   overlap, a checkbox whose label text sits away from the box;
 * - native date inputs, which show the browser's format (mm/dd/yyyy) whatever the page's language;
 * - text: a raw `{placeholder}`, an i18n key, a bare entity id (`#123`, `Этап #61720004`) unless
 *   the widget marked it as a deal amoCRM does not show this viewer (`data-fr-lead-unreadable`), a
 *   string of another language (a value of ru/en that differs from this language's value for the
 *   same key), and on a Russian page any Latin word outside a short list of product names.
 */
import type { Page } from 'playwright-core';

export interface ViewProblem { kind: string; detail: string; view?: string }

interface Strings { own: unknown; english: unknown; russian: unknown }

function leaves(tree: unknown, prefix = ''): Map<string, string> {
  const out = new Map<string, string>();
  if (typeof tree !== 'object' || tree === null) return out;
  for (const [key, value] of Object.entries(tree)) {
    const path = prefix === '' ? key : `${prefix}.${key}`;
    if (typeof value === 'string') out.set(path, value);
    else for (const [k, v] of leaves(value, path)) out.set(k, v);
  }
  return out;
}

/** A message template as a whole-text regex source: `{name}` matches anything. */
const templateSource = (template: string): string =>
  `^${template.trim().split(/\{\w+\}/).map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('.+?')}$`;

/** Strings of the other languages that this language says differently (they would be untranslated text here). */
function foreignTemplates(lang: string, strings: Strings): { foreign: string[]; own: string[] } {
  const own = leaves(strings.own);
  const others = [...(lang === 'en' ? [] : [leaves(strings.english)]), ...(lang === 'ru' ? [] : [leaves(strings.russian)])];
  const ownValues = new Set([...own.values()].map((v) => v.trim()));
  const foreign = new Set<string>();
  for (const other of others) {
    for (const [key, value] of other) {
      const mine = own.get(key);
      // Very short strings ("OK", "%", "·") are the same in many languages; judge words only.
      if (mine === undefined || mine.trim() === value.trim() || ownValues.has(value.trim()) || value.replace(/\{\w+\}/g, '').trim().length < 4) continue;
      foreign.add(templateSource(value));
    }
  }
  return { foreign: [...foreign], own: [...ownValues].map(templateSource) };
}

/**
 * @param accountNames names the account itself holds (users, stages, loss reasons, task types, deals):
 *   data, shown as amoCRM has it in any interface language.
 */
export async function inspectView(page: Page, lang: string, strings: Strings, accountNames: readonly string[] = []): Promise<ViewProblem[]> {
  const { foreign, own } = foreignTemplates(lang, strings);
  const topKeys = Object.keys(strings.own as object);
  return page.evaluate(({ lang, foreign, own, topKeys, accountNames }) => {
    const problems: Array<{ kind: string; detail: string }> = [];
    const roots = [...document.querySelectorAll<HTMLElement>('[data-fr-mount], .fr-rf-layer')];
    const describe = (el: Element): string => {
      const attrs = [...el.attributes].filter((a) => a.name.startsWith('data-fr') || a.name === 'class').map((a) => `${a.name}="${a.value}"`).join(' ');
      const text = (el.textContent ?? '').trim().replace(/\s+/g, ' ').slice(0, 40);
      return `<${el.tagName.toLowerCase()} ${attrs}> «${text}»`;
    };
    const isShown = (el: Element): boolean => {
      if (!(el instanceof HTMLElement) && !(el instanceof SVGElement)) return false;
      const style = getComputedStyle(el);
      if (style.visibility === 'hidden' || style.display === 'none' || Number(style.opacity) === 0) return false;
      const rect = el.getBoundingClientRect();
      return rect.width > 0 && rect.height > 0;
    };
    const outOfFlow = (el: Element): boolean => {
      const style = getComputedStyle(el);
      return style.position === 'absolute' || style.position === 'fixed' || style.float !== 'none';
    };
    const elements = roots.flatMap((root) => [...root.querySelectorAll('*')]).filter(isShown);
    const canvas = document.createElement('canvas').getContext('2d');
    const TOLERANCE = 1.5;

    for (const el of elements) {
      const style = getComputedStyle(el);
      const rect = el.getBoundingClientRect();
      const parent = el.parentElement;
      // Sticking out of the container (skipped for positioned overlays and scrolling containers' content).
      if (parent && !outOfFlow(el) && isShown(parent) && !roots.includes(el as HTMLElement)) {
        const box = parent.getBoundingClientRect();
        const p = getComputedStyle(parent);
        const scrolls = /(auto|scroll)/.test(p.overflowX + p.overflowY);
        if (!scrolls && (rect.right > box.right + TOLERANCE || rect.left < box.left - TOLERANCE)) {
          problems.push({ kind: 'overflow', detail: `${describe(el)} sticks out of ${describe(parent)} by ${Math.round(Math.max(rect.right - box.right, box.left - rect.left))}px` });
        }
      }
      // Clipped text: a box that hides what does not fit, or an ellipsis that is in use.
      const clips = /(hidden|clip)/.test(style.overflowX) || style.textOverflow === 'ellipsis';
      if (clips && el.scrollWidth > el.clientWidth + 1 && el.clientWidth > 0 && !(el instanceof HTMLInputElement) && !(el instanceof HTMLTextAreaElement)) {
        problems.push({ kind: 'clipped', detail: `${describe(el)} shows ${el.clientWidth}px of ${el.scrollWidth}px` });
      }
      // A select narrower than its chosen option's text (plus the arrow).
      if (el instanceof HTMLSelectElement && canvas) {
        canvas.font = `${style.fontWeight} ${style.fontSize} ${style.fontFamily}`;
        const chosen = el.selectedOptions[0]?.textContent ?? '';
        const needed = canvas.measureText(chosen).width + parseFloat(style.paddingLeft) + parseFloat(style.paddingRight) + 18;
        if (needed > el.clientWidth + 2) problems.push({ kind: 'clipped', detail: `select «${chosen}» needs ${Math.round(needed)}px, has ${el.clientWidth}px` });
      }
      // A textarea for prose squeezed to a sliver of its row (the advice templates were ~170 px).
      if (el instanceof HTMLTextAreaElement && parent && el.clientWidth < Math.min(320, parent.clientWidth * 0.6)) {
        problems.push({ kind: 'narrow-textarea', detail: `${describe(el)} is ${el.clientWidth}px wide in a ${parent.clientWidth}px container` });
      }
      if (el instanceof HTMLInputElement && (el.type === 'date' || el.type === 'datetime-local')) {
        problems.push({ kind: 'native-date', detail: `${describe(el)} shows the browser's date format, not the page language's` });
      }
      // The checkbox's text right beside it, on its line.
      if (el instanceof HTMLInputElement && (el.type === 'checkbox' || el.type === 'radio')) {
        const label = el.closest('label');
        const text = label ? [...label.childNodes].find((n) => n.nodeType === Node.TEXT_NODE && (n.textContent ?? '').trim() !== '' || (n instanceof HTMLElement && n !== el && !n.contains(el) && (n.textContent ?? '').trim() !== '')) : null;
        if (label && text) {
          const range = document.createRange();
          range.selectNodeContents(text);
          const first = range.getClientRects()[0];
          if (first) {
            const gap = first.left - rect.right;
            const sameLine = first.top < rect.bottom && first.bottom > rect.top;
            if (!sameLine || gap > 16 || gap < -1) problems.push({ kind: 'detached-label', detail: `${describe(label)}: text ${Math.round(gap)}px from its box${sameLine ? '' : ', on another line'}` });
          }
        }
      }
    }

    // Overlapping in-flow siblings.
    const parents = new Set(elements.map((el) => el.parentElement).filter((p): p is HTMLElement => p !== null));
    for (const parent of parents) {
      // Inside a drawing (a sparkline's end dot on its line, a bar over its axis) shapes overlap by design.
      if (parent.closest('svg') !== null) continue;
      const kids = [...parent.children].filter((c) => isShown(c) && !outOfFlow(c));
      for (let i = 0; i < kids.length; i += 1) {
        for (let j = i + 1; j < kids.length; j += 1) {
          const a = kids[i]!.getBoundingClientRect();
          const b = kids[j]!.getBoundingClientRect();
          const w = Math.min(a.right, b.right) - Math.max(a.left, b.left);
          const h = Math.min(a.bottom, b.bottom) - Math.max(a.top, b.top);
          if (w > 2 && h > 2) problems.push({ kind: 'overlap', detail: `${describe(kids[i]!)} overlaps ${describe(kids[j]!)} (${Math.round(w)}×${Math.round(h)}px)` });
        }
      }
    }

    // Text as a person reads it: each text node of a shown element, and each select's chosen option.
    const texts: string[] = [];
    for (const root of roots) {
      const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
      for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        const value = (node.textContent ?? '').trim();
        // <code> shows what a person types (task text placeholders): not prose to translate or fill.
        const tag = node.parentElement?.tagName;
        if (value === '' || !node.parentElement || !isShown(node.parentElement) || tag === 'OPTION' || tag === 'STYLE' || tag === 'CODE') continue;
        // A deal amoCRM would not show this viewer (data-fr-lead-unreadable): its number is all there is.
        if (node.parentElement.closest('[data-fr-lead-unreadable]')) { texts.push(value.replace(/#?\s*\d{3,}/g, '')); continue; }
        texts.push(value);
      }
    }
    for (const el of elements) if (el instanceof HTMLSelectElement) texts.push((el.selectedOptions[0]?.textContent ?? '').trim());
    for (const el of elements) if ((el instanceof HTMLInputElement || el instanceof HTMLTextAreaElement) && el.placeholder) texts.push(el.placeholder.trim());
    const keyPattern = new RegExp(`\\b(?:${topKeys.join('|')})\\.[a-zA-Z_]+(?:\\.[a-zA-Z_]+)*\\b`);
    const foreignRes = foreign.map((source) => new RegExp(source, 's'));
    const ownRes = own.map((source) => new RegExp(source, 's'));
    const LATIN_OK = /^(amoCRM|Kommo|CRM|API|URL|ID|UTC|GMT|Email|E-mail|e-mail|https?|www|X-Auth-Token|OAuth|Digital|Pipeline|CSV|XLSX)$/;
    const seen = new Set<string>(accountNames);
    for (const text of texts) {
      if (seen.has(text)) continue;
      seen.add(text);
      if (/\{[a-zA-Z_]\w*\}/.test(text)) problems.push({ kind: 'placeholder', detail: `«${text}»` });
      if (keyPattern.test(text)) problems.push({ kind: 'i18n-key', detail: `«${text}»` });
      if (/#\d+|\b\d{6,}\b/.test(text)) problems.push({ kind: 'bare-id', detail: `«${text}»` });
      if (/\b[A-Z][a-z]+\/[A-Z][A-Za-z_]+\b/.test(text)) problems.push({ kind: 'raw-time-zone', detail: `«${text}»` });
      if (lang !== 'en' && /\d\.\d\s*\p{L}/u.test(text)) problems.push({ kind: 'decimal-point', detail: `«${text}»` });
      if (/(^|\s)0 · 0(\s|$)/.test(text)) problems.push({ kind: 'meaningless', detail: `«${text}»` });
      if (/(^|\D)0 (дн\.|d|días|dias) /.test(text)) problems.push({ kind: 'meaningless', detail: `«${text}»` });
      if (foreignRes.some((re) => re.test(text)) && !ownRes.some((re) => re.test(text))) problems.push({ kind: 'other-language', detail: `«${text}»` });
      if (lang === 'ru') {
        const latin = (text.replace(/https?:\/\/\S+/g, '').match(/[A-Za-z][A-Za-z-]{2,}/g) ?? []).filter((word) => !LATIN_OK.test(word));
        if (latin.length > 0) problems.push({ kind: 'other-language', detail: `«${text}» (${latin.join(', ')})` });
      }
    }
    return problems;
  }, { lang, foreign, own, topKeys, accountNames });
}
