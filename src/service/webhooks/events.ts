/**
 * The amoCRM events we accept, and the job type each fans out to. Handlers subscribe with
 * `jobs.register(<job type>, handler)`; an accepted event nobody subscribed to is stored in the
 * inbox and needs no job (done on arrival). A body naming any other event is refused (422).
 *
 * Account webhooks (platform reference §4.14, §9.2) arrive as `<entity>[<action>][i][field]=…`;
 * each item becomes one job `amo.<entity>.<action>`:
 *
 *   leads      add, update, delete, restore, status, responsible, note  → amo.lead.*
 *   contacts   add, update, delete, restore, responsible, note          → amo.contact.*
 *   companies  add, update, delete, restore, responsible, note          → amo.company.*
 *   customers  add, update, delete, responsible, note                   → amo.customer.*
 *   tasks/task add, update, delete, responsible                         → amo.task.*
 *   unsorted   add, update, delete                                      → amo.unsorted.*
 *   talk       add, update                                              → amo.talk.*
 *   message    add                                                      → amo.message.*
 *
 * The Digital Pipeline widget action (§5.3) becomes one job `amo.dp` (see ./dp-webhook.ts).
 */
const ACCOUNT_EVENTS = {
  leads: { entity: 'lead', actions: ['add', 'update', 'delete', 'restore', 'status', 'responsible', 'note'] },
  contacts: { entity: 'contact', actions: ['add', 'update', 'delete', 'restore', 'responsible', 'note'] },
  companies: { entity: 'company', actions: ['add', 'update', 'delete', 'restore', 'responsible', 'note'] },
  customers: { entity: 'customer', actions: ['add', 'update', 'delete', 'responsible', 'note'] },
  tasks: { entity: 'task', actions: ['add', 'update', 'delete', 'responsible'] },
  // amoCRM's own examples use both spellings for tasks.
  task: { entity: 'task', actions: ['add', 'update', 'delete', 'responsible'] },
  unsorted: { entity: 'unsorted', actions: ['add', 'update', 'delete'] },
  talk: { entity: 'talk', actions: ['add', 'update'] },
  message: { entity: 'message', actions: ['add'] },
} as const satisfies Record<string, { entity: string; actions: readonly string[] }>;

type AccountEventGroup = keyof typeof ACCOUNT_EVENTS;
type EntityOf<G extends AccountEventGroup> = (typeof ACCOUNT_EVENTS)[G]['entity'];
type ActionOf<G extends AccountEventGroup> = (typeof ACCOUNT_EVENTS)[G]['actions'][number];
type AccountEventJobType = { [G in AccountEventGroup]: `amo.${EntityOf<G>}.${ActionOf<G>}` }[AccountEventGroup];

export const DP_JOB_TYPE = 'amo.dp';

export interface KnownAccountEvent {
  /** amoCRM's own name for the event, as in the webhook settings: `status_lead`. */
  name: string;
  jobType: AccountEventJobType;
}

/** null: not an event amoCRM sends (refuse the body). */
export function identifyAccountEvent(group: string, action: string): KnownAccountEvent | null {
  if (!Object.hasOwn(ACCOUNT_EVENTS, group)) return null;
  const { entity, actions } = ACCOUNT_EVENTS[group as AccountEventGroup];
  if (!(actions as readonly string[]).includes(action)) return null;
  return { name: `${action}_${entity}`, jobType: `amo.${entity}.${action}` as AccountEventJobType };
}

