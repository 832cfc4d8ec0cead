/**
 * The widget features' amoCRM port (WidgetAmoPort in ./port.ts) over one HTTP core with the user's
 * session. Built by the host into AppEnv; features never see the HTTP layer, paths or wire shapes.
 */
import type { LeadId } from '../core/brand';
import type { Deal } from '../core/domain';
import { listLossReasons, listPipelines } from './account';
import { clampBatchSize } from './batch';
import { AmoForbidden, amoFailureKind } from './errors';
import { listStageEvents } from './events';
import type { AmoHttp } from './http';
import { getLead, listLeads } from './leads';
import { listNotes } from './notes';
import type { WidgetAmoPort } from './port';
import { createTasks, listTasks, updateTasks } from './tasks';

/** With the user's session a single lead answering 403 is one they may no longer see (port.ts). */
async function getVisibleLead(http: AmoHttp, id: LeadId): Promise<Deal | null> {
  try {
    return await getLead(http, id);
  } catch (e) {
    if (e instanceof AmoForbidden) return null;
    throw e;
  }
}

export function createWidgetAmo(http: AmoHttp): WidgetAmoPort {
  const batchSize = clampBatchSize(undefined);
  return {
    listLeads: (query) => listLeads(http, query),
    getLead: (id) => getVisibleLead(http, id),
    listStageEvents: (leadId) => listStageEvents(http, leadId),
    listNotes: (leadId, opts) => listNotes(http, leadId, opts),
    // amoCRM's filter is the contract; the check keeps a lax answer from showing another lead's tasks.
    listOpenTasks: async (leadId) => (await listTasks(http, { leadIds: [leadId], isCompleted: false }))
      .filter((task) => task.entityId === leadId && !task.isCompleted),
    createTasks: (tasks) => createTasks(http, tasks, batchSize),
    completeTasks: (tasks) => updateTasks(http, tasks.map(({ id, resultText }) => ({ id, isCompleted: true, resultText })), batchSize),
    listPipelines: () => listPipelines(http),
    listLossReasons: () => listLossReasons(http),
    failureKind: amoFailureKind,
  };
}
