/** Account, users, pipelines and loss reasons: the dictionaries (§4.5, §4.6, §4.8, §4.9). */
import { STATUS_LOST } from '../core/brand';
import type { AmoUser, LossReason, Pipeline } from '../core/domain';
import { AmoNotFound, AmoProtocolError } from './errors';
import { type AmoHttp } from './http';
import { iterateLeads, PAGE_LIMIT } from './leads';
import { asWire, mapAccount, mapLossReason, mapPipeline, mapUser, readAllPages } from './map';
import type { AccountInfo } from './port';
import type { AccountWire, LossReasonWire, PipelineWire, UserWire } from './wire';
import { isRecord } from '../core/is-record';

export async function getAccount(http: AmoHttp): Promise<AccountInfo> {
  const path = '/api/v4/account';
  const body = await http.request('GET', path, { query: { with: 'users_groups,task_types,datetime_settings' } });
  const [account] = asWire<AccountWire>(isRecord(body) ? [body] : []);
  if (!account) throw new AmoProtocolError({ method: 'GET', path, status: 200, detail: 'no account in the answer' });
  return mapAccount(account);
}

/** Admin only: a manager's session gets AmoForbidden (use APP.constant('managers') there, §4.8). */
export function listUsers(http: AmoHttp): Promise<AmoUser[]> {
  return readAllPages<UserWire, AmoUser>(http.pages('/api/v4/users', 'users', { query: { limit: PAGE_LIMIT } }), mapUser);
}

export async function listPipelines(http: AmoHttp): Promise<Pipeline[]> {
  const pipelines = await readAllPages<PipelineWire, Pipeline>(http.pages('/api/v4/leads/pipelines', 'pipelines'), mapPipeline);
  return pipelines.sort((a, b) => a.sort - b.sort);
}

/** How many pages of lost leads the fallback reads at most: reasons repeat, the budget does not. */
const LOSS_REASON_SCAN_PAGES = 4;

/**
 * The loss-reason dictionary. GET /api/v4/leads/loss_reasons is documented by Kommo but not on
 * amocrm.ru (§4.6, §9.9): where it answers 404 we fall back to the reasons seen on recently lost
 * leads (`with=loss_reason`), which can miss reasons nobody has used yet.
 */
export async function listLossReasons(http: AmoHttp): Promise<LossReason[]> {
  try {
    return await listLossReasonsFromEndpoint(http);
  } catch (e) {
    if (!(e instanceof AmoNotFound)) throw e;
  }
  return collectLossReasonsFromLostLeads(http, await listPipelines(http));
}

async function listLossReasonsFromEndpoint(http: AmoHttp): Promise<LossReason[]> {
  const pages = http.pages('/api/v4/leads/loss_reasons', 'loss_reasons', { query: { limit: PAGE_LIMIT } });
  const reasons = await readAllPages<LossReasonWire, LossReason>(pages, mapLossReason);
  return reasons.sort((a, b) => a.sort - b.sort);
}

async function collectLossReasonsFromLostLeads(http: AmoHttp, pipelines: readonly Pipeline[]): Promise<LossReason[]> {
  const statuses = pipelines.map((p) => ({ pipelineId: p.id, statusId: STATUS_LOST }));
  const seen = new Map<number, LossReason>();
  let pagesRead = 0;
  for await (const page of iterateLeads(http, { statuses, withLossReason: true })) {
    for (const deal of page) if (deal.lossReason) seen.set(deal.lossReason.id, deal.lossReason);
    pagesRead += 1;
    if (pagesRead >= LOSS_REASON_SCAN_PAGES) break;
  }
  return [...seen.values()].sort((a, b) => a.sort - b.sort);
}
