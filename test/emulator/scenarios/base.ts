/**
 * The fixed part of every scenario: the account, its users and groups, the sales pipeline, loss
 * reasons and task types. Ids look like real amoCRM ids (large, unrelated per entity) so that code
 * mixing them up fails visibly.
 */
import type { PipelineWire, StatusWire } from '../wire';
import { rightsFor, type Role, type SandboxUser, type StoreData } from '../model';
import { ADMIN, GROUP_NAMES, HEADS, LOSS_REASONS, MANAGERS, STAGES } from './names';

const ACCOUNT_ID = 31000001;
const PIPELINE_ID = 7480001;
const FIRST_STATUS_ID = 61720001;
const FIRST_USER_ID = 9100001;
const FIRST_GROUP_ID = 412001;
export const TASK_TYPE_REVIEW = 3012;

export interface Staffing { groups: number; managersPerGroup: number[] }

const STAGE_COLORS = ['#99ccff', '#ffff99', '#ffcc66', '#ff8f92', '#deff81'];

function buildPipeline(accountId: number): PipelineWire {
  const status = (id: number, name: string, sort: number, color: string, type: 0 | 1, editable: boolean): StatusWire =>
    ({ id, name, sort, is_editable: editable, pipeline_id: PIPELINE_ID, color, type, account_id: accountId });
  const statuses: StatusWire[] = [
    status(FIRST_STATUS_ID, 'Неразобранное', 10, '#c1c1c1', 1, false),
    ...STAGES.map((name, i) => status(FIRST_STATUS_ID + 1 + i, name, 20 + i * 10, STAGE_COLORS[i] ?? '#99ccff', 0, true)),
    status(142, 'Успешно реализовано', 10000, '#CCFF66', 0, false),
    status(143, 'Закрыто и не реализовано', 11000, '#D5D8DB', 0, false),
  ];
  return { id: PIPELINE_ID, name: 'Воронка продаж', sort: 1, is_main: true, is_unsorted_on: true, is_archive: false, account_id: accountId, _embedded: { statuses } };
}

/** Open stages in funnel order, without "Неразобранное". */
export const openStageIds = (): number[] => STAGES.map((_, i) => FIRST_STATUS_ID + 1 + i);
export const unsortedStageId = (): number => FIRST_STATUS_ID;

function buildUsers(staffing: Staffing): { users: SandboxUser[]; groups: StoreData['groups'] } {
  const groups: StoreData['groups'] = [{ id: 0, name: 'Руководство' }];
  let nextId = FIRST_USER_ID;
  const user = (role: Role, groupId: number, person: { name: string; email: string }): SandboxUser =>
    ({ id: nextId++, name: person.name, email: person.email, role, group_id: groupId, lang: 'ru', is_active: true, rights: rightsFor(role, groupId) });
  const users: SandboxUser[] = [user('admin', 0, ADMIN)];
  let managerIndex = 0;
  for (let g = 0; g < staffing.groups; g++) {
    const groupId = FIRST_GROUP_ID + g;
    groups.push({ id: groupId, name: GROUP_NAMES[g] ?? `Отдел продаж ${g + 1}` });
    const head = HEADS[g];
    if (head) users.push(user('head', groupId, head));
    for (let m = 0; m < (staffing.managersPerGroup[g] ?? 0); m++) {
      const person = MANAGERS[managerIndex++];
      if (person) users.push(user('manager', groupId, person));
    }
  }
  return { users, groups };
}

export function buildBase(nowSec: number, staffing: Staffing): StoreData {
  const { users, groups } = buildUsers(staffing);
  const admin = users[0];
  if (!admin) throw new Error('no admin');
  const accountCreated = nowSec - 400 * 86400;
  return {
    account: {
      id: ACCOUNT_ID, name: 'Демо Трейд', subdomain: 'demo', currency: 'RUB', country: 'RU',
      timezone: 'Europe/Moscow', timezoneOffset: '+03:00', created_at: accountCreated, created_by: admin.id,
    },
    users,
    groups,
    taskTypes: [
      { id: 1, name: 'Связаться', color: null, icon_id: null, code: 'FOLLOW_UP' },
      { id: 2, name: 'Встреча', color: null, icon_id: null, code: 'MEETING' },
      { id: 3011, name: 'Отправить КП', color: '#ffcc66', icon_id: 5, code: null },
      { id: TASK_TYPE_REVIEW, name: 'Проверить отказ', color: '#ff8f92', icon_id: 7, code: null },
    ],
    pipelines: [buildPipeline(ACCOUNT_ID)],
    lossReasons: LOSS_REASONS.map((name, i) => ({ id: 3010001 + i, name, sort: (i + 1) * 10, created_at: accountCreated, updated_at: accountCreated })),
    leads: new Map(), tasks: new Map(), contacts: new Map(), notes: new Map(), events: [], webhooks: new Map(), dpActions: new Map(),
    widget: { installed: false, active: false, settings: {} },
    nextId: { lead: 25000001, task: 41000001, note: 52000001, event: 1_000_000, webhook: 101, contact: 33000001 },
  };
}
