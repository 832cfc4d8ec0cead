/**
 * An account webhook body (decoded by ./body.ts) → the items to fan out, one per entity event.
 * Shape (§4.14, §9.2): `{ <group>: { <action>: [ { id, … }, … ] }, account: { id, subdomain } }`;
 * `account` is missing from the plain Digital Pipeline "Send webhook" action. Every value of a
 * form body is a string; the item is passed on as received and parsed by its handler.
 */
import { readId, reject, type Rejection } from './body';
import { identifyAccountEvent, type KnownAccountEvent } from './events';
import { isRecord } from '../../core/is-record';

const MAX_ITEMS_PER_WEBHOOK = 500;

/** The lead fields handlers read (./lead-event.ts): checked here, so a bad one is a 400, not a failed job later. */
const LEAD_INTEGER_FIELDS = [
  'status_id', 'old_status_id', 'pipeline_id', 'old_pipeline_id', 'responsible_user_id', 'old_responsible_user_id', 'modified_user_id', 'last_modified',
] as const;

/** Absent, empty (amoCRM sends `old_…=` when there was none), or an integer in a number or a string. */
const isOptionalInteger = (value: unknown): boolean =>
  value === undefined || value === null || value === '' || (typeof value === 'number' && Number.isSafeInteger(value)) ||
  (typeof value === 'string' && /^-?\d{1,15}$/.test(value));

interface AccountWebhookItem {
  event: KnownAccountEvent;
  item: Record<string, unknown>;
}

export interface AccountWebhook {
  ok: true;
  /** From `account[id]` when present: must match the account the URL's secret belongs to. */
  accountId: number | null;
  subdomain: string | null;
  items: AccountWebhookItem[];
}

export function parseAccountWebhook(body: unknown): AccountWebhook | Rejection {
  if (!isRecord(body)) return reject(400, 'body is not an object');
  let accountId: number | null = null;
  let subdomain: string | null = null;
  const items: AccountWebhookItem[] = [];
  for (const [group, actions] of Object.entries(body)) {
    if (group === 'account') {
      if (!isRecord(actions)) return reject(400, 'account is not an object');
      if (actions.id !== undefined && (accountId = readId(actions.id)) === null) return reject(400, 'account id is not an id');
      if (actions.subdomain !== undefined) {
        if (typeof actions.subdomain !== 'string') return reject(400, 'account subdomain is not a string');
        subdomain = actions.subdomain;
      }
      continue;
    }
    if (!isRecord(actions)) return reject(identifyAccountEvent(group, 'add') === null ? 422 : 400, `unknown or malformed event group ${group.slice(0, 64)}`);
    for (const [action, list] of Object.entries(actions)) {
      const event = identifyAccountEvent(group, action);
      if (event === null) return reject(422, `unknown event ${group.slice(0, 64)}[${action.slice(0, 64)}]`);
      if (!Array.isArray(list)) return reject(400, `${group}[${action}] is not a list`);
      for (const [index, item] of list.entries()) {
        if (!isRecord(item) || readId(item.id) === null) return reject(400, `${group}[${action}] item without a valid id`);
        const badField = event.jobType.startsWith('amo.lead.') ? LEAD_INTEGER_FIELDS.find((field) => !isOptionalInteger(item[field])) : undefined;
        if (badField !== undefined) return reject(400, `${group}[${action}][${index}][${badField}] is not an integer`);
        if (items.push({ event, item }) > MAX_ITEMS_PER_WEBHOOK) return reject(400, `more than ${MAX_ITEMS_PER_WEBHOOK} items`);
      }
    }
  }
  if (items.length === 0) return reject(400, 'no events in the body');
  return { ok: true, accountId, subdomain, items };
}
