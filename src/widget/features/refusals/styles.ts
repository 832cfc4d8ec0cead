/**
 * Refusal-control CSS, injected by the lazy chunk that needs it (the shared stylesheet is in the
 * 20 KB initial script). Every selector starts with `fr-rf-`.
 */
import { injectStyleOnce } from '../../ui/inject-style';

const CSS = `
.fr-rf-layer{font:13px/1.4 "PT Sans",Arial,sans-serif;color:#313942}
.fr-rf-layer *,.fr-rf *{box-sizing:border-box}
.fr-rf-backdrop{position:fixed;inset:0;z-index:1060;display:flex;align-items:center;justify-content:center;background:rgba(20,30,50,.45)}
.fr-rf-dialog{display:flex;flex-direction:column;width:min(1100px,96vw);height:min(760px,94vh);padding:14px 18px;border-radius:6px;background:#fff;box-shadow:0 8px 32px rgba(0,0,0,.3);outline:none}
.fr-rf-dialog__head{display:flex;align-items:center;justify-content:space-between;gap:8px}
.fr-rf-icon{border:0;background:none;font-size:22px;line-height:1;cursor:pointer;color:#6b7686}
.fr-rf-tabs{display:flex;gap:4px;margin:0 0 10px;border-bottom:1px solid #e4e7ec}
.fr-rf-split{display:grid;grid-template-columns:minmax(300px,38%) 1fr;gap:14px;flex:1;min-height:0}
.fr-rf-col{display:flex;flex-direction:column;min-height:0;overflow:auto}
.fr-rf-filters{display:flex;flex-wrap:wrap;gap:6px;margin:0 0 8px}
.fr-rf-filters label{display:flex;flex-direction:column;font-size:11px;color:#6b7686}
.fr-rf-filters select,.fr-rf-filters input{min-width:120px;max-width:240px}
.fr-rf-list{margin:0;padding:0;list-style:none}
.fr-rf-item{display:block;width:100%;margin:0 0 4px;padding:8px 10px;border:1px solid #e4e7ec;border-radius:4px;background:#fff;font:inherit;text-align:left;cursor:pointer}
.fr-rf-item[aria-current=true]{border-color:#1d3f8f;background:#f1f5fd}
.fr-rf-item:focus-visible,.fr-rf-btn:focus-visible{outline:2px solid #ffb547;outline-offset:1px}
.fr-rf-row{display:flex;justify-content:space-between;gap:8px}
.fr-rf-strong{font-weight:600}
.fr-rf-muted{color:#8591a5;font-size:12px}
.fr-rf-facts{display:grid;grid-template-columns:auto 1fr;gap:2px 12px;margin:8px 0}
.fr-rf-facts dt{color:#6b7686}
.fr-rf-facts dd{margin:0}
.fr-rf-path{display:flex;flex-wrap:wrap;gap:2px;margin:6px 0 10px;padding:0;list-style:none}
.fr-rf-path__step{flex-shrink:0;padding:4px 6px;border-radius:3px;background:#dfe7f6;font-size:11px;white-space:nowrap}
.fr-rf-path__step--lost{background:#f7d9d6}
.fr-rf-notes{margin:0 0 10px;padding:0;list-style:none}
.fr-rf-notes li{margin:0 0 6px;padding:6px 8px;border-left:3px solid #d4d9e1;background:#f8f9fb;white-space:pre-wrap}
.fr-rf-form{display:flex;flex-direction:column;gap:8px;margin:10px 0;padding:10px;border:1px solid #e4e7ec;border-radius:4px}
.fr-rf-form label{display:flex;flex-direction:column;gap:2px}
.fr-rf-form textarea{min-height:70px;font:inherit}
.fr-rf-actions{display:flex;flex-wrap:wrap;gap:8px}
.fr-rf-btn{padding:6px 12px;border:1px solid #c5ccd6;border-radius:4px;background:#fff;font:inherit;cursor:pointer}
.fr-rf-btn--primary{border-color:#1d3f8f;background:#1d3f8f;color:#fff}
.fr-rf-btn--link{border:0;padding:0;background:none;color:#1d3f8f;text-decoration:underline}
.fr-rf-btn[disabled]{opacity:.55;cursor:default}
.fr-rf-field-error{color:#b3261e;font-size:12px}
.fr-rf-warning{color:#8a5a00;font-size:12px}
.fr-rf-notice{padding:6px 10px;margin:0 0 8px;border-radius:4px;background:#e8f5ee;color:#1e5b3a}
.fr-rf-notice--conflict{background:#fff4e0;color:#7a4d00}
.fr-rf-templates{display:flex;flex-wrap:wrap;gap:4px}
.fr-rf-chip{padding:2px 8px;border:1px solid #c5ccd6;border-radius:10px;background:#f8f9fb;font:inherit;font-size:12px;cursor:pointer}
.fr-rf-kpis{display:grid;grid-template-columns:repeat(auto-fit,minmax(120px,1fr));gap:8px;margin:0 0 12px}
.fr-rf-kpi{padding:8px 10px;border:1px solid #e4e7ec;border-radius:4px}
.fr-rf-kpi__value{display:block;font-size:20px;font-weight:600}
.fr-rf-rate{position:relative;height:14px;margin:4px 0 12px;border-radius:7px;background:#eef1f5}
.fr-rf-rate__bar{height:100%;border-radius:7px;background:#3bb273}
.fr-rf-rate__bar--below{background:#e0a23a}
.fr-rf-rate__target{position:absolute;top:-3px;bottom:-3px;width:2px;background:#313942}
.fr-rf-bars{width:100%;border-collapse:collapse;margin:0 0 12px}
.fr-rf-bars th,.fr-rf-bars td{padding:3px 6px;text-align:left;font-weight:normal;border-bottom:1px solid #f0f2f5}
.fr-rf-bar{display:flex;height:10px;min-width:2px;border-radius:2px;overflow:hidden;background:#eef1f5}
.fr-rf-bar__returned{background:#1d3f8f}
.fr-rf-bar__recovered{background:#3bb273}
.fr-rf-matrix td{text-align:center}
.fr-rf-rules{display:flex;flex-direction:column;gap:10px}
.fr-rf-rule{padding:10px;border:1px solid #e4e7ec;border-radius:4px}
.fr-rf-grid{display:grid;grid-template-columns:repeat(auto-fit,minmax(220px,1fr));gap:8px 14px}
.fr-rf-grid label,.fr-rf-rule fieldset{display:flex;flex-direction:column;gap:2px;margin:0;border:0;padding:0}
.fr-rf-checks{max-height:120px;overflow:auto;padding:4px;border:1px solid #e4e7ec;border-radius:3px}
.fr-rf-checks label{flex-direction:row;align-items:center;gap:4px}
.fr-rf-grid label.fr-rf-check,.fr-rf-check{display:flex;flex-direction:row;align-items:center;gap:6px;align-self:start;margin-top:18px}
.fr-rf-code{padding:0 3px;border-radius:2px;background:#eef1f5;font-family:inherit}
.fr-rf-input{padding:4px 6px;border:1px solid #c5ccd6;border-radius:3px;font:inherit}
.fr-rf-due{display:flex;gap:6px;align-items:center}
.fr-rf-preview{padding:6px 8px;background:#f8f9fb;border:1px dashed #d4d9e1;white-space:pre-wrap}
.fr-rf-advice{margin:6px 0;padding:8px 10px;border-left:3px solid #3bb273;background:#f1faf5;white-space:pre-wrap}
.fr-rf-progress{height:8px;border-radius:4px;background:#eef1f5;overflow:hidden}
.fr-rf-progress>span{display:block;height:100%;background:#1d3f8f}
`;

const STYLE_ID = 'fr-rf-styles';

export function ensureRefusalStyles(doc: Document): void {
  injectStyleOnce(doc, STYLE_ID, CSS);
}
