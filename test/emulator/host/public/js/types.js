// Shapes the host page reads, as JSDoc (the page is plain JavaScript with no build step). They
// describe what the sandbox sends (docs/decisions/0001; REST v4 wire types in src/amo/wire.ts).
export {};

/**
 * @typedef {{ id: number, name: string, sort: number, color: string, type: 0 | 1, pipeline_id: number }} Status
 * @typedef {{ id: number, name: string, sort: number, is_main: boolean, _embedded?: { statuses?: Status[] } }} Pipeline
 * @typedef {{ id: number, name: string, price: number, responsible_user_id: number, status_id: number,
 *   pipeline_id: number, created_at: number, closest_task_at: number | null, [key: string]: unknown }} Lead
 * @typedef {{ id: number, subdomain: string, currency?: string, timezone?: string, [key: string]: unknown }} Account
 * @typedef {Record<string, { id: number | string, title: string, group?: string, [key: string]: unknown }>} Managers
 * @typedef {{ id: number, name: string, role: 'admin' | 'head' | 'manager', group_id: number }} SandboxUser
 * @typedef {{ code?: string, path?: string, version?: string, active?: 'Y' | 'N', status?: string,
 *   settings?: Record<string, unknown>, oauth_client_uuid?: string }} WidgetInfo
 * @typedef {{ user?: { id: number, name: string, login?: string, email?: string }, user_rights?: Record<string, unknown>,
 *   account?: Account, managers?: Managers, groups?: Record<string, string>, task_types?: Record<string, unknown>,
 *   lang?: string, widget?: WidgetInfo, users?: SandboxUser[] }} Bootstrap
 * @typedef {ReturnType<typeof import('./strings.js').stringsFor>} Strings
 * @typedef {Function & { Deferred: Function, ajax: Function }} JQueryStatic the page's jQuery (no @types here)
 * @typedef {{ find(selector: string): JQueryCollection, on: Function, trigger: Function, append: Function,
 *   addClass: Function, removeClass: Function, hasClass: Function, text: Function, toggle: Function,
 *   each: Function, val: Function, attr: Function }} JQueryCollection
 */
