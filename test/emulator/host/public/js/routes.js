// Page routes of docs/decisions/0001 and the widget areas they are, as amoCRM names them.
//
// `area` is what `self.system().area` returns (manifest location codes, reference §2.3) and
// `widgetsArea` what `APP.getWidgetsArea()` returns (router codes, §2.4/§2.6).
// The kanban board has no manifest location (A-areas: "области для инициализации виджета именно в
// воронке сделок не предусмотрено"); a widget reaches it only through `everywhere`, so on the board
// — and on any other page without a dedicated location — `system().area` is 'everywhere' and the
// widget tells the page apart with APP.getWidgetsArea() === 'leads-pipeline' (reference §1.2.1).

export const WIDGET_CODE = 'focus_refusals';

/**
 * @typedef {{ name: 'board', pipelineId: number } | { name: 'list', pipelineId: number }
 *   | { name: 'card', leadId: number } | { name: 'integrations' } | { name: 'advanced' }
 *   | { name: 'home' }} Route
 */

/** @param {string} pathname @returns {Route} */
export function parseRoute(pathname) {
  const path = pathname.replace(/\/+$/, '') || '/';
  let m;
  if ((m = /^\/leads\/pipeline\/(\d+)$/.exec(path))) return { name: 'board', pipelineId: Number(m[1]) };
  if ((m = /^\/leads\/list\/pipeline\/(\d+)$/.exec(path))) return { name: 'list', pipelineId: Number(m[1]) };
  if ((m = /^\/leads\/detail\/(\d+)$/.exec(path))) return { name: 'card', leadId: Number(m[1]) };
  if (path === `/settings/widgets/${WIDGET_CODE}`) return { name: 'advanced' };
  if (path === '/settings/widgets') return { name: 'integrations' };
  return { name: 'home' };
}

/** @param {Route} route @returns {{ area: string, widgetsArea: string, baseEntity: string, isCard: boolean }} */
export function areaOf(route) {
  switch (route.name) {
    case 'board':
      return { area: 'everywhere', widgetsArea: 'leads-pipeline', baseEntity: 'leads', isCard: false };
    case 'list':
      return { area: 'llist', widgetsArea: 'leads', baseEntity: 'leads', isCard: false };
    case 'card':
      return { area: 'lcard', widgetsArea: 'leads_card', baseEntity: 'leads', isCard: true };
    case 'integrations':
      return { area: 'everywhere', widgetsArea: 'widgetsSettings', baseEntity: 'settings', isCard: false };
    case 'advanced':
      return { area: 'advanced_settings', widgetsArea: `advanced-settings:${WIDGET_CODE}`, baseEntity: 'settings', isCard: false };
    default:
      return { area: 'everywhere', widgetsArea: 'dashboard', baseEntity: 'dashboard', isCard: false };
  }
}

export const paths = {
  board: (/** @type {number} */ pipelineId) => `/leads/pipeline/${pipelineId}`,
  list: (/** @type {number} */ pipelineId) => `/leads/list/pipeline/${pipelineId}`,
  card: (/** @type {number} */ leadId) => `/leads/detail/${leadId}`,
  integrations: () => '/settings/widgets',
  advanced: () => `/settings/widgets/${WIDGET_CODE}`,
};
