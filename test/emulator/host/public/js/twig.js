// A minimal stand-in for 'twigjs' and self.render(): enough Twig for `{{ name }}`, `{{ a.b }}` and
// `{{ name|raw }}` (values are HTML-escaped otherwise, as Twig autoescape does). Loops and
// conditions are not emulated — our widget renders with Preact and does not use Twig.

const ESC = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** @param {string} template @param {Record<string, unknown>} [data] */
export function renderTwig(template, data = {}) {
  return template.replace(/\{\{\s*([\w.]+)\s*(\|\s*raw\s*)?\}\}/g, (_all, path, raw) => {
    let value = /** @type {unknown} */ (data);
    for (const key of String(path).split('.')) {
      value = value && typeof value === 'object' ? /** @type {Record<string, unknown>} */ (value)[key] : undefined;
    }
    const text = value === undefined || value === null ? '' : String(value);
    return raw ? text : text.replace(/[&<>"']/g, (c) => ESC[/** @type {keyof typeof ESC} */ (c)]);
  });
}

export const twigModule = {
  /** @param {{ data?: string }} spec */
  twig: (spec) => ({ render: (/** @type {Record<string, unknown>} */ data) => renderTwig(spec?.data ?? '', data) }),
};
