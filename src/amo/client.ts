/**
 * `createAmoClient(transport, options)`: the full AmoPort over one HTTP core. The browser bundle
 * can skip this and import single functions (./leads.ts, ./tasks.ts, …) with `createHttp`, so it
 * carries only what it calls.
 */
import { getAccount, listLossReasons, listPipelines, listUsers } from './account';
import { clampBatchSize } from './batch';
import { listContactOwners } from './contacts';
import { iterateLeadEvents, listStatusChanges, statusChangesPage } from './events';
import { createHttp, type AmoHttp, type HttpOptions } from './http';
import { getLead, iterateLeads, leadsPage, listLeads, updateLeads } from './leads';
import { addNotes, listNotes } from './notes';
import type { AmoPort } from './port';
import { createTasks, listTasks, tasksPage, updateTasks } from './tasks';
import type { AmoTransport } from './transport';
import { listWebhooks, subscribeWebhook, unsubscribeWebhook } from './webhooks';

export interface AmoClientOptions extends HttpOptions {
  /** Elements per POST/PATCH (default 50, at most 250, §9.4). */
  batchSize?: number;
}

export interface AmoClient extends AmoPort {
  /** The low-level core, for endpoints the port does not cover. */
  readonly http: AmoHttp;
  readonly request: AmoHttp['request'];
}

export function createAmoClient(transport: AmoTransport, options: AmoClientOptions = {}): AmoClient {
  const http = createHttp(transport, options);
  const batchSize = clampBatchSize(options.batchSize);
  return {
    http,
    request: http.request,
    getAccount: () => getAccount(http),
    listUsers: () => listUsers(http),
    listPipelines: () => listPipelines(http),
    listLossReasons: () => listLossReasons(http),
    listLeads: (query) => listLeads(http, query),
    iterateLeads: (query) => iterateLeads(http, query),
    getLead: (id, opts) => getLead(http, id, opts),
    updateLeads: (patches, options) => updateLeads(http, patches, batchSize, options?.signal),
    listTasks: (query) => listTasks(http, query),
    createTasks: (tasks, options) => createTasks(http, tasks, batchSize, options?.signal),
    updateTasks: (patches, options) => updateTasks(http, patches, batchSize, options?.signal),
    listNotes: (leadId, opts) => listNotes(http, leadId, opts),
    addNotes: (notes, options) => addNotes(http, notes, batchSize, options?.signal),
    listContactOwners: (ids) => listContactOwners(http, ids),
    listStatusChanges: (query) => listStatusChanges(http, query),
    iterateLeadEvents: (query) => iterateLeadEvents(http, query),
    leadsPage: (query, page, limit) => leadsPage(http, query, page, limit),
    tasksPage: (query, page, limit) => tasksPage(http, query, page, limit),
    statusChangesPage: (query, page, limit) => statusChangesPage(http, query, page, limit),
    listWebhooks: () => listWebhooks(http),
    subscribeWebhook: (destination, settings) => subscribeWebhook(http, destination, settings),
    unsubscribeWebhook: (destination) => unsubscribeWebhook(http, destination),
  };
}
