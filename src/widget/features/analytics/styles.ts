/**
 * Analytics CSS, injected by the lazy chunk (the shared stylesheet is in the 20 KB initial script).
 * Looks like amoCRM's own report pages: white sheet, light grey table heads, thin rules, PT Sans.
 * Every selector starts with `fr-an-`.
 */
import { injectStyleOnce } from '../../ui/inject-style';

const CSS = `
.fr-an-page{font:13px/1.4 "PT Sans",Arial,sans-serif;color:#313942}
.fr-an-page *{box-sizing:border-box}
.fr-an-backdrop{position:fixed;inset:0;z-index:1060;background:rgba(20,30,50,.45)}
.fr-an-page{position:fixed;inset:12px;z-index:1061;display:flex;flex-direction:column;background:#fff;border-radius:4px;box-shadow:0 8px 32px rgba(0,0,0,.3);outline:none;overflow:hidden}
.fr-an-head{display:flex;align-items:center;gap:16px;padding:0 16px 0 22px;min-height:52px;border-bottom:1px solid #e4e7ec;background:#f9fafb}
.fr-an-title{margin:0;font-size:18px;font-weight:600;white-space:nowrap}
.fr-an-nav{display:flex;gap:2px;flex:1;align-self:stretch;overflow-x:auto}
.fr-an-nav button{padding:0 14px;border:0;border-bottom:3px solid transparent;background:none;color:#6b7686;font:inherit;font-size:14px;cursor:pointer;white-space:nowrap}
.fr-an-nav button[aria-selected=true]{border-bottom-color:#1d3f8f;color:#1d3f8f;font-weight:600}
.fr-an-nav button:hover{color:#313942}
.fr-an-close{border:0;background:none;font-size:26px;line-height:1;cursor:pointer;color:#6b7686;padding:4px 8px}
.fr-an-body{flex:1;min-height:0;overflow:auto;padding:16px 22px 28px}
.fr-an-bar{display:flex;flex-wrap:wrap;align-items:flex-end;gap:10px 16px;margin:0 0 14px}
.fr-an-field{display:flex;flex-direction:column;gap:3px;font-size:12px;color:#6b7686}
.fr-an-bar label{display:flex;flex-direction:column;gap:3px;font-size:12px;color:#6b7686}
.fr-an-bar select,.fr-an-bar input,.fr-an-targets select,.fr-an-targets input{height:30px;padding:0 8px;border:1px solid #d4d9e1;border-radius:3px;background:#fff;font:inherit;color:#313942}
.fr-an-bar input[type=number]{width:90px}
.fr-an-seg{display:inline-flex;border:1px solid #c5ccd6;border-radius:3px;overflow:hidden}
.fr-an-seg button{height:28px;padding:0 10px;border:0;border-right:1px solid #c5ccd6;background:#fff;font:inherit;color:#313942;cursor:pointer}
.fr-an-seg button:last-child{border-right:0}
.fr-an-seg button[aria-pressed=true]{background:#1d3f8f;color:#fff}
.fr-an-seg button[disabled]{color:#b5bcc7;cursor:default}
.fr-an-btn{height:30px;padding:0 12px;border:1px solid #c5ccd6;border-radius:3px;background:#fff;font:inherit;color:#313942;cursor:pointer;white-space:nowrap}
.fr-an-btn:hover{border-color:#8591a5}
.fr-an-btn--primary{border-color:#1d3f8f;background:#1d3f8f;color:#fff}
.fr-an-btn--primary:hover{background:#264fae}
.fr-an-btn--small{height:24px;padding:0 8px;font-size:12px}
.fr-an-btn[disabled]{opacity:.55;cursor:default}
.fr-an-btn:focus-visible,.fr-an-nav button:focus-visible,.fr-an-seg button:focus-visible,.fr-an-link:focus-visible,.fr-an-kpi:focus-visible{outline:2px solid #ffb547;outline-offset:1px}
.fr-an-section{margin:0 0 22px}
.fr-an-section__head{display:flex;align-items:baseline;justify-content:space-between;gap:12px;margin:0 0 6px}
.fr-an-h{margin:0;font-size:15px;font-weight:600}
.fr-an-note{margin:0 0 8px;color:#6b7686;font-size:12px}
.fr-an-muted{color:#8591a5;font-size:12px}
.fr-an-export{display:flex;gap:6px}
.fr-an-scroll{overflow-x:auto;border:1px solid #e4e7ec;border-radius:3px}
.fr-an-table{width:100%;border-collapse:collapse;font-size:12.5px;font-variant-numeric:tabular-nums}
.fr-an-table th{padding:6px 7px;background:#f5f6f8;color:#5a6473;font-weight:600;font-size:12px;text-align:right;border-bottom:1px solid #e4e7ec;white-space:normal;line-height:1.2}
.fr-an-table th.fr-an-group{text-align:center;border-left:1px solid #e4e7ec;border-bottom:1px solid #e4e7ec;white-space:normal;line-height:1.2}
.fr-an-table th.fr-an-first,.fr-an-table td.fr-an-first{border-left:1px solid #e4e7ec}
.fr-an-table td{padding:5px 7px;text-align:right;border-bottom:1px solid #f0f2f5;white-space:nowrap}
.fr-an-table .fr-an-text{text-align:left;white-space:normal;min-width:120px}
.fr-an-table tbody tr:hover td{background:#f8fafd}
.fr-an-table tr.fr-an-total td{font-weight:600;border-top:2px solid #d4d9e1;background:#fafbfc}
.fr-an-table tbody tr td.fr-an-bad{background:#fde8e6;color:#a3221a;font-weight:600;box-shadow:inset 0 0 0 1px #f3b7b1}
.fr-an-table tbody tr td.fr-an-good{background:#e6f5ec;color:#1e5b3a}
.fr-an-table tbody tr td.fr-an-outlier{background:#fff3dc;color:#7a4d00;font-weight:600}
.fr-an-table td.fr-an-dim{color:#8591a5}
.fr-an-table td.fr-an-up{color:#1e7a46}
.fr-an-table td.fr-an-down{color:#b3261e}
.fr-an-cellbtn{padding:0;border:0;background:none;font:inherit;color:inherit;cursor:pointer;text-decoration:underline dotted}
.fr-an-link{color:#1d3f8f;text-decoration:none}
.fr-an-link:hover{text-decoration:underline}
.fr-an-kpis{display:grid;grid-template-columns:repeat(auto-fill,minmax(150px,1fr));gap:8px;margin:0 0 14px}
.fr-an-kpi{display:flex;flex-direction:column;gap:2px;padding:8px 10px;border:1px solid #e4e7ec;border-radius:4px;background:#fff;font:inherit;text-align:left;cursor:pointer;color:inherit}
.fr-an-kpi[aria-pressed=true]{border-color:#1d3f8f;box-shadow:inset 0 0 0 1px #1d3f8f;background:#f5f8fe}
.fr-an-kpi--bad{border-color:#f3b7b1;background:#fff8f7}
.fr-an-kpi__label{font-size:12px;color:#6b7686;line-height:1.2;min-height:29px}
.fr-an-kpi__row{display:flex;align-items:flex-end;justify-content:space-between;gap:6px}
.fr-an-kpi__value{flex:none;font-size:20px;font-weight:600;line-height:1.1}
.fr-an-kpi__meta{font-size:11px;color:#8591a5}
.fr-an-spark{display:block;overflow:visible;flex:0 1 auto;min-width:24px}
.fr-an-banner{display:flex;align-items:center;gap:12px;margin:0 0 14px;padding:10px 12px;border-radius:4px;background:#eef3fc;color:#1d3f8f}
.fr-an-banner--failed{background:#fdf0ef;color:#7a1f19}
.fr-an-progress{flex:0 0 160px;height:6px;border-radius:3px;background:#d5dff3;overflow:hidden}
.fr-an-progress>span{display:block;height:100%;background:#1d3f8f;animation:fr-an-pulse 1.4s ease-in-out infinite}
@keyframes fr-an-pulse{50%{opacity:.45}}
.fr-an-split{display:grid;grid-template-columns:minmax(0,5fr) minmax(0,6fr);gap:20px;align-items:start}
.fr-an-funnel text{font:12px "PT Sans",Arial,sans-serif;fill:#313942}
.fr-an-legend{display:flex;flex-wrap:wrap;gap:12px;margin:6px 0 0;font-size:12px;color:#6b7686}
.fr-an-legend i{display:inline-block;width:10px;height:10px;margin-right:4px;border-radius:2px;vertical-align:-1px}
.fr-an-policy{margin:0 0 14px;padding:8px 12px;border-left:3px solid #1d3f8f;background:#f5f7fb;font-size:12.5px}
.fr-an-targets{margin:0 0 16px;padding:12px 14px;border:1px solid #d4d9e1;border-radius:4px;background:#fafbfc}
.fr-an-targets table{border-collapse:collapse}
.fr-an-targets td,.fr-an-targets th{padding:4px 8px;text-align:left;font-size:12.5px}
.fr-an-targets th{color:#6b7686;font-weight:normal}
.fr-an-targets input[type=text]{width:84px}
.fr-an-targets label{display:flex;align-items:center;gap:6px}
.fr-an-section--narrow{max-width:760px}
.fr-an-actions{display:flex;gap:8px;align-items:center;margin:10px 0 0}
.fr-an-error{padding:8px 12px;border-left:3px solid #e0443a;background:#fdf0ef;color:#7a1f19}
.fr-an-ok{color:#1e5b3a;font-size:12px}
.fr-an-apart{margin:10px 0 0;padding:10px 12px;border:1px dashed #d4d9e1;border-radius:4px;background:#fcfcfd}
.fr-an-empty{padding:24px;border:1px dashed #d4d9e1;border-radius:4px;color:#6b7686;text-align:center}
.fr-an-cols{display:grid;grid-template-columns:repeat(auto-fit,minmax(420px,1fr));gap:20px;align-items:start}
`;

const STYLE_ID = 'fr-an-styles';

export function ensureAnalyticsStyles(doc: Document): void {
  injectStyleOnce(doc, STYLE_ID, CSS);
}
