/**
 * An account webhook body (decoded by ./body.ts) → the items to fan out, one per entity event.
 * Shape (§4.14, §9.2): `{ <group>: { <action>: [ { id, … }, … ] }, account: { id, subdomain } }`;
 * `account` is missing from the plain Digital Pipeline "Send webhook" action. Every value of a
 * form body is a string; the item is passed on as received and parsed by its handler.
 */
import { isRecord, readId, reject, type Rejection } from './body';
import { identifyAccountEvent, type KnownAccountEvent } from './events';

export const MAX_ITEMS_PER_WEBHOOK = 500;

export interface AccountWebhookItem {
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
      for (const item of list) {
        if (!isRecord(item) || readId(item.id) === null) return reject(400, `${group}[${action}] item without a valid id`);
        if (items.push({ event, item }) > MAX_ITEMS_PER_WEBHOOK) return reject(400, `more than ${MAX_ITEMS_PER_WEBHOOK} items`);
      }
    }
  }
  if (items.length === 0) return reject(400, 'no events in the body');
  return { ok: true, accountId, subdomain, items };
}
