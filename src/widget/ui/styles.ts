/**
 * All widget CSS, injected once per document by `injectStyleOnce` (ui/inject-style.ts, shared
 * with the features' lazy stylesheets). Every selector starts with an `fr-` class or
 * `[data-fr-mount]`: we never restyle amoCRM's own classes.
 */
import { injectStyleOnce } from './inject-style';

const CSS = `
[data-fr-mount]{font:inherit;color:#313942;box-sizing:border-box}
[data-fr-mount] *{box-sizing:inherit}
.fr-launcher{position:fixed;right:24px;bottom:24px;z-index:1040;display:flex;flex-direction:column;align-items:flex-end;gap:8px}
.fr-launcher__button{display:flex;align-items:center;gap:8px;padding:8px 14px;border:0;border-radius:20px;background:#1d3f8f;color:#fff;font:inherit;font-size:13px;cursor:pointer;box-shadow:0 2px 8px rgba(0,0,0,.2)}
.fr-launcher__button:hover{background:#264fae}
.fr-launcher__button:focus-visible{outline:2px solid #ffb547;outline-offset:2px}
.fr-badge{min-width:20px;padding:1px 6px;border-radius:10px;background:#ffb547;color:#1d2a44;font-weight:600;text-align:center}
.fr-panel{width:280px;padding:14px 16px;border-radius:6px;background:#fff;box-shadow:0 4px 16px rgba(0,0,0,.18)}
.fr-heading{margin:0 0 8px;font-size:15px;font-weight:600}
.fr-subheading{margin:0 0 6px;font-size:14px;font-weight:600}
.fr-muted{color:#8591a5;font-size:12px}
.fr-empty{padding:16px;border:1px dashed #d4d9e1;border-radius:4px;color:#6b7686;text-align:center}
.fr-loading{padding:12px;color:#8591a5}
.fr-loading::before{content:"";display:inline-block;width:10px;height:10px;margin-right:8px;border:2px solid #c5ccd6;border-top-color:#1d3f8f;border-radius:50%;animation:fr-spin .8s linear infinite}
@keyframes fr-spin{to{transform:rotate(360deg)}}
.fr-error{padding:10px 12px;border-left:3px solid #e0443a;background:#fdf0ef;color:#7a1f19}
[data-fr-mount=launcher]>.fr-error{position:fixed;right:24px;bottom:24px;z-index:1040;max-width:320px;box-shadow:0 4px 16px rgba(0,0,0,.18)}
.fr-error__title{margin:0 0 4px;font-weight:600}
.fr-card{padding:8px 0}
.fr-status{display:flex;align-items:center;gap:8px;margin:6px 0}
.fr-status__dot{width:8px;height:8px;border-radius:50%;background:#c5ccd6}
.fr-status--ok .fr-status__dot{background:#3bb273}
.fr-status--failed .fr-status__dot{background:#e0443a}
.fr-advanced{padding:20px 24px;max-width:960px}
.fr-tabs{display:flex;gap:4px;margin:0 0 16px;padding:0;border-bottom:1px solid #e4e7ec;list-style:none}
.fr-tab{padding:8px 14px;border:0;border-bottom:2px solid transparent;background:none;color:#6b7686;font:inherit;cursor:pointer}
.fr-tab[aria-selected=true]{border-bottom-color:#1d3f8f;color:#1d3f8f;font-weight:600}
`;

const STYLE_ID = 'fr-styles';

/** Idempotent: several widget instances (or renders) share one <style>. */
export function injectStyles(doc: Document): void {
  injectStyleOnce(doc, STYLE_ID, CSS);
}
