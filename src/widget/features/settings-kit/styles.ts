/**
 * CSS of the settings and team views. Injected by these lazy chunks themselves, so none of it
 * weighs on the initial script (20 KB budget); `fr-` scoped like the shared stylesheet.
 */
import { useEffect } from 'preact/hooks';
import { injectStyleOnce } from '../../ui/inject-style';

const CSS = `
.fr-admin{display:flex;flex-direction:column;gap:16px}
.fr-admin__columns{display:flex;gap:20px;align-items:flex-start}
.fr-admin__main{flex:1;min-width:0}
.fr-layers{width:220px;flex:none}
.fr-layers ul{margin:0 0 8px;padding:0;list-style:none}
.fr-layers select{width:100%;max-width:100%}
.fr-layer{display:flex;width:100%;gap:4px;align-items:center;padding:6px 8px;border:0;border-radius:4px;background:none;font:inherit;text-align:left;cursor:pointer}
.fr-layer[aria-current=true]{background:#e8eefb;color:#1d3f8f;font-weight:600}
.fr-layer__mark{margin-left:auto;color:#c77700}
.fr-layer__mark--error{color:#e0443a;font-weight:700}
.fr-field{padding:10px 0;border-bottom:1px solid #f0f2f5}
.fr-field__head{display:flex;justify-content:space-between;gap:8px;margin-bottom:4px}
.fr-field__label{font-weight:600}
.fr-field--invalid .fr-input{border-color:#e0443a}
.fr-field__error{margin:4px 0 0;color:#c0392b;font-size:12px}
.fr-input{padding:5px 8px;border:1px solid #c5ccd6;border-radius:4px;font:inherit}
.fr-input--number{width:120px}
.fr-field textarea.fr-input,.fr-templates .fr-field .fr-input{display:block;width:100%}
.fr-check{display:inline-flex;gap:4px;align-items:center;margin:2px 12px 2px 0}
.fr-stages__pipeline{margin:0 0 8px;padding:6px 10px;border:1px solid #e4e7ec;border-radius:4px}
.fr-warning{margin:4px 0;padding:6px 10px;border-left:3px solid #e8a317;background:#fff8e6;color:#6b4a00}
.fr-notice{margin:0;padding:6px 10px;background:#eef2f8;border-radius:4px}
.fr-chips{display:flex;flex-wrap:wrap;gap:6px;align-items:center}
.fr-chip{display:inline-flex;gap:4px;align-items:center;padding:2px 8px;border-radius:12px;background:#e8eefb}
.fr-chip__remove,.fr-icon-button,.fr-link{border:0;background:none;color:#1d3f8f;font:inherit;cursor:pointer}
.fr-icon-button:disabled{color:#c5ccd6;cursor:default}
.fr-order__list{margin:0 0 4px;padding-left:20px}
.fr-order__item{display:flex;justify-content:space-between;max-width:360px}
.fr-savebar{display:flex;gap:8px;align-items:center;padding:10px 0;border-top:1px solid #e4e7ec}
.fr-savebar--conflict{flex-wrap:wrap;padding:10px;border:1px solid #e8a317;background:#fff8e6}
.fr-savebar--conflict p{flex-basis:100%;margin:0}
.fr-button{padding:6px 14px;border:1px solid #c5ccd6;border-radius:4px;background:#fff;font:inherit;cursor:pointer}
.fr-button--primary{border-color:#1d3f8f;background:#1d3f8f;color:#fff}
.fr-button--danger{border-color:#c0392b;color:#c0392b}
.fr-button:disabled{opacity:.5;cursor:default}
.fr-ok{color:#2a8a57}
.fr-table{border-collapse:collapse;width:100%}
.fr-table th,.fr-table td{padding:4px 8px;border-bottom:1px solid #f0f2f5;text-align:left;vertical-align:top}
.fr-bar-cell{width:50%}
.fr-bar{display:block;height:10px;min-width:2px;border-radius:2px;background:#1d3f8f}
.fr-state{display:inline-block;padding:1px 8px;border-radius:10px;background:#eef2f8;font-size:12px}
.fr-state--available{background:#e3f5eb;color:#2a8a57}
.fr-state--focus{background:#e8eefb;color:#1d3f8f}
.fr-state--away,.fr-state--absent{background:#fdf0ef;color:#7a1f19}
.fr-form-inline{display:flex;gap:6px;align-items:center;flex-wrap:wrap}
`;

const STYLE_ID = 'fr-styles-admin';

function injectAdminStyles(doc: Document): void {
  injectStyleOnce(doc, STYLE_ID, CSS);
}

/** Idempotent per document; the views run inside amoCRM's page, which we never restyle. */
export function useAdminStyles(): void {
  useEffect(() => { if (typeof document !== 'undefined') injectAdminStyles(document); }, []);
}
