/**
 * The focus panel's CSS, injected by the lazy focus chunk itself (the shared stylesheet ships in the
 * initial script and its 20 KB budget). Same rules as src/widget/ui/styles.ts: `fr-` classes only.
 */
import { injectStyleOnce } from '../../ui/inject-style';

const STYLE_ID = 'fr-focus-styles';

const CSS = `
.fr-focus{width:340px;max-height:calc(100vh - 96px);overflow:auto;padding:14px 16px;border-radius:6px;background:#fff;box-shadow:0 4px 16px rgba(0,0,0,.22);font-size:13px}
.fr-focus__head{display:flex;justify-content:space-between;align-items:baseline;gap:8px}
.fr-focus__bar{height:6px;margin:6px 0 10px;border-radius:3px;background:#e6e9ee;overflow:hidden}
.fr-focus__bar>span{display:block;height:100%;background:#3bb273;transition:width .2s}
.fr-focus__deal{margin:0 0 6px;font-size:15px;font-weight:600}
.fr-focus__facts{display:grid;grid-template-columns:auto 1fr;gap:3px 10px;margin:0 0 10px}
.fr-focus__facts dt{color:#8591a5}.fr-focus__facts dd{margin:0}
.fr-focus__note{margin:0 0 10px;padding:6px 8px;border-radius:4px;background:#f5f6f8;white-space:pre-wrap;max-height:90px;overflow:auto}
.fr-focus__actions{display:flex;flex-wrap:wrap;gap:6px;margin:8px 0}
.fr-btn{padding:5px 10px;border:1px solid #c5ccd6;border-radius:4px;background:#fff;color:#313942;font:inherit;cursor:pointer}
.fr-btn:hover{border-color:#1d3f8f}.fr-btn:disabled{opacity:.5;cursor:default}
.fr-btn--primary{border-color:#1d3f8f;background:#1d3f8f;color:#fff}
.fr-btn kbd{margin-left:6px;padding:0 4px;border-radius:3px;background:rgba(0,0,0,.08);font:11px monospace}
.fr-banner{margin:0 0 10px;padding:6px 8px;border-radius:4px;background:#eaf6ef;color:#1f6b43}
.fr-banner--warn{background:#fff4e0;color:#7a4b00}
.fr-prompt{margin:0 0 8px;padding:8px;border-left:3px solid #ffb547;background:#fffaf0}
.fr-form{display:flex;flex-direction:column;gap:6px;margin:6px 0;padding:8px;border:1px solid #e6e9ee;border-radius:4px}
.fr-form label{display:flex;flex-direction:column;gap:2px;color:#6b7686;font-size:12px}
.fr-form input,.fr-form select{padding:4px 6px;border:1px solid #c5ccd6;border-radius:3px;font:inherit}
.fr-chips{display:flex;flex-wrap:wrap;gap:4px}
.fr-chip{padding:3px 8px;border:1px solid #c5ccd6;border-radius:12px;background:#fff;font:inherit;font-size:12px;cursor:pointer}
.fr-chip[aria-pressed=true]{border-color:#1d3f8f;background:#e8eefb}
.fr-form__overdue{display:flex;flex-direction:column;gap:6px;margin:0 0 4px;padding:8px;border:0;border-left:3px solid #ffb547;border-radius:0 4px 4px 0;background:#fffaf0;min-width:0}
.fr-form .fr-check{flex-direction:row;align-items:flex-start;gap:6px;color:#313942;font-size:13px;cursor:pointer}
.fr-form .fr-check input{margin:2px 0 0;padding:0;flex:none}
.fr-focus__saved{margin:0 0 8px;padding:6px 8px;border-radius:4px;background:#eaf6ef;color:#1f6b43}
.fr-stages{margin:6px 0 10px;padding:0;list-style:none}
.fr-stages li{display:flex;justify-content:space-between;padding:2px 0}
.fr-summary{display:grid;grid-template-columns:1fr auto;gap:3px 10px;margin:8px 0}
`;

export function injectFocusStyles(doc: Document): void {
  injectStyleOnce(doc, STYLE_ID, CSS);
}
