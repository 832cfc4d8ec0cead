/**
 * Builds the features' AppEnv (../features/app-env.ts) from the host: APP.constant(...) for people
 * and task types (no requests), the session transport for amoCRM, $authorizedAjax for the service.
 * Everything here is parsed from `unknown`; a missing piece degrades to an empty list, never a throw.
 */
import type { AccountId, GroupId, LeadId, TaskTypeId, UserId } from '../../core/brand';
import { createHttp } from '../../amo/http';
import { createSessionTransport } from '../../amo/transport';
import { createWidgetAmo } from '../../amo/widget-port';
import type { AppEnv, AppUser } from '../features/app-env';
import { createServiceClient } from '../service-client';
import { createAuthorizedSend } from './connection-probe';
import type { WidgetInstance } from './instance';
import { isRecord } from '../../core/is-record';

const toInt = (v: unknown): number | null => {
  const n = typeof v === 'string' && v.trim() !== '' ? Number(v) : v;
  return typeof n === 'number' && Number.isInteger(n) ? n : null;
};
const yes = (v: unknown): boolean => v === true || v === 'Y' || v === 'y' || v === 1 || v === '1';

/** amoCRM names groups `group_<id>` in APP.constant('managers'|'groups'); `group_0` is the default group. */
function parseGroupKey(key: unknown): GroupId | null {
  if (typeof key !== 'string') return null;
  const match = /^group_(\d+)$/.exec(key);
  return match ? (Number(match[1]) as GroupId) : null;
}

function parseManagers(raw: unknown): AppUser[] {
  if (!isRecord(raw)) return [];
  const users: AppUser[] = [];
  for (const [key, value] of Object.entries(raw)) {
    if (!isRecord(value)) continue;
    const id = toInt(value.id) ?? toInt(key);
    if (id === null) continue;
    const name = typeof value.title === 'string' ? value.title : typeof value.option === 'string' ? value.option : String(id);
    users.push({ id: id as UserId, name, isAdmin: yes(value.is_admin), isActive: value.active === undefined ? true : yes(value.active), groupId: parseGroupKey(value.group) });
  }
  return users;
}

function parseGroups(raw: unknown): Array<{ id: GroupId; name: string }> {
  if (!isRecord(raw)) return [];
  return Object.entries(raw).flatMap(([key, name]) => {
    const id = parseGroupKey(key);
    return id === null || typeof name !== 'string' ? [] : [{ id, name }];
  });
}

function parseTaskTypes(raw: unknown, systemNames: { call: string; meeting: string }): Array<{ id: TaskTypeId; name: string }> {
  // System types 1 and 2 are not listed among the account's custom types (platform reference §4.7).
  const types = new Map<number, string>([[1, systemNames.call], [2, systemNames.meeting]]);
  if (isRecord(raw)) {
    for (const [key, value] of Object.entries(raw)) {
      const id = isRecord(value) ? toInt(value.id) ?? toInt(key) : null;
      const name = isRecord(value) ? (typeof value.option === 'string' ? value.option : typeof value.name === 'string' ? value.name : null) : null;
      if (id !== null && name !== null) types.set(id, name);
    }
  }
  return [...types].map(([id, name]) => ({ id: id as TaskTypeId, name }));
}

export function createAppEnv(w: WidgetInstance): AppEnv {
  const constant = (name: string): unknown => (w.app ? w.app.constant(name) : null);
  const managers = parseManagers(constant('managers'));
  const system = w.system();
  const rawUser = constant('user');
  const rawRights = constant('user_rights');
  const userId = (isRecord(rawUser) ? toInt(rawUser.id) : null) ?? system.userId ?? 0;
  const known = managers.find((m) => m.id === userId);
  const user: AppUser = {
    id: userId as UserId,
    name: known?.name ?? (isRecord(rawUser) && typeof rawUser.name === 'string' ? rawUser.name : String(userId)),
    isAdmin: (isRecord(rawRights) && yes(rawRights.is_admin)) || (known?.isAdmin ?? false),
    isActive: true,
    groupId: known?.groupId ?? null,
  };
  const rawAccount = constant('account');
  const { t } = w.ui();
  const serviceUrl = w.params().settings.serviceUrl;
  return {
    user,
    account: {
      id: (isRecord(rawAccount) ? toInt(rawAccount.id) : null) as AccountId | null,
      subdomain: system.subdomain,
      timeZone: w.ui().dates.timeZone,
      currency: isRecord(rawAccount) && typeof rawAccount.currency === 'string' && /^[A-Z]{3}$/.test(rawAccount.currency) ? rawAccount.currency : null,
    },
    managers,
    groups: parseGroups(constant('groups')),
    taskTypes: parseTaskTypes(constant('task_types'), { call: t('common.taskTypes.call'), meeting: t('common.taskTypes.meeting') }),
    amo: createWidgetAmo(createHttp(createSessionTransport(), { perSecond: 3 })),
    service: serviceUrl ? createServiceClient(createAuthorizedSend(w.self), serviceUrl) : null,
    openLead: (id: LeadId) => openInApp(w.doc, `/leads/detail/${id}`),
    currentLeadId: () => {
      const area = w.area();
      return area.kind === 'lead-card' ? area.leadId : null;
    },
    now: w.now,
  };
}

/**
 * amoCRM's front end routes clicks on `a.js-navigate-link` without a page load; when nothing
 * handles the click (another host page), fall back to a normal navigation.
 */
function openInApp(doc: Document, href: string): void {
  const link = doc.createElement('a');
  link.href = href;
  link.className = 'js-navigate-link';
  link.style.display = 'none';
  doc.body.appendChild(link);
  const event = new MouseEvent('click', { bubbles: true, cancelable: true, button: 0 });
  const handled = !link.dispatchEvent(event);
  link.remove();
  if (!handled) doc.defaultView?.location.assign(href);
}
