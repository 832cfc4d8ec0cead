/**
 * Outgoing calls amoCRM makes to integrations: account webhooks (form-encoded, PHP-style, §4.14/§9.2)
 * and the Digital Pipeline widget action (JSON, §5.3). Delivery rules of §9.2: 2-second timeout,
 * only 100–299 counts as delivered, retries after 5 min, 15 min, then 15 min and 1 h (the last two
 * only after a 499/5xx or no answer), and the webhook is disabled when more than 100 invalid answers
 * arrived within 2 hours and the latest is invalid too. Retry times are sandbox-clock times.
 *
 * Concurrency per destination is bounded (FIFO, MAX_IN_FLIGHT_PER_DESTINATION): amoCRM does not
 * document it, but a real sender does not open a connection per event at once — UNVERIFIED, our
 * assumption (README "Webhooks out"). The 2-second timeout starts when a request is sent.
 */
import type { LeadWire, TaskWire, WebhookEvent, WebhookWire } from './wire';
import type { SandboxClock } from './clock';
import { toSeconds } from './clock';
import { encodePhpForm, type FormValue } from './php-form';
import type { Change, Store } from './store';

export interface DeliveryLogEntry {
  id: number;
  kind: 'webhook' | 'dp' | 'oauth_redirect';
  webhook_id: number | null;
  destination: string;
  event: string;
  attempt: number;
  at: number;
  status: number | null;
  error: string | null;
  delivered: boolean;
  body: string;
}

interface Pending { webhookId: number; destination: string; event: WebhookEvent; body: string; attempt: number; dueAtMs: number }

const TIMEOUT_MS = 2000;
const RETRY_DELAYS_MS = [5, 15, 15, 60].map((m) => m * 60_000);
/** Retries 3 and 4 happen only when the receiver answered 499/5xx or not at all. */
const RETRIES_FOR_ANY_FAILURE = 2;
const DISABLE_AFTER_INVALID = 100;
const DISABLE_WINDOW_MS = 2 * 3600_000;
/** UNVERIFIED assumption (amoCRM documents no figure): requests in flight to one destination URL. */
export const MAX_IN_FLIGHT_PER_DESTINATION = 8;

/**
 * Runs tasks keyed by destination, at most `limit` at once per key, in arrival order per key.
 * Keyed by the full URL: amoCRM's unit is unknown, and per URL is the conservative reading for one
 * account's webhook (one URL per subscription).
 */
interface Waiting { start(): Promise<void>; drop(): void }

class DestinationLanes {
  private readonly lanes = new Map<string, { running: number; waiting: Waiting[] }>();

  constructor(private readonly limit: number) {}

  run(destination: string, task: () => Promise<void>): Promise<void> {
    return new Promise<void>((resolve) => {
      const lane = this.lanes.get(destination) ?? { running: 0, waiting: [] };
      this.lanes.set(destination, lane);
      lane.waiting.push({ start: () => task().finally(resolve), drop: resolve });
      this.next(destination);
    });
  }

  /** Drops every waiting task; their run() promises resolve, so nobody waits on them forever. */
  clear(): void {
    for (const lane of this.lanes.values()) {
      for (const task of lane.waiting.splice(0)) task.drop();
    }
  }

  private next(destination: string): void {
    const lane = this.lanes.get(destination);
    if (!lane) return;
    while (lane.running < this.limit) {
      const task = lane.waiting.shift();
      if (!task) break;
      lane.running += 1;
      void task.start().finally(() => {
        lane.running -= 1;
        if (lane.running === 0 && lane.waiting.length === 0) this.lanes.delete(destination);
        else this.next(destination);
      });
    }
  }
}

const isDelivered = (status: number | null): boolean => status !== null && status >= 100 && status <= 299;
const isServerSideFailure = (status: number | null): boolean => status === null || status === 499 || status >= 500;

export class OutgoingCalls {
  readonly log: DeliveryLogEntry[] = [];
  private pending: Pending[] = [];
  private readonly invalidAt = new Map<number, number[]>();
  private readonly inFlight = new Set<Promise<void>>();
  private readonly lanes = new DestinationLanes(MAX_IN_FLIGHT_PER_DESTINATION);
  private readonly timer: NodeJS.Timeout;
  /** Aborts every request in flight when the sandbox closes. */
  private readonly closing = new AbortController();
  private nextLogId = 1;

  constructor(
    private readonly getStore: () => Store,
    private readonly clock: SandboxClock,
    private readonly dpWebhookUrl: () => string | undefined,
    private accountUrl: string,
  ) {
    this.timer = setInterval(() => this.pump(), 100);
    this.timer.unref();
    clock.onJump(() => this.pump());
  }

  /** Wire a (new) store's change notices to deliveries. */
  attach(store: Store): void {
    store.onChange((change) => this.onChange(store, change));
  }

  setAccountUrl(url: string): void { this.accountUrl = url; }

  clearPending(): void { this.pending = []; this.lanes.clear(); this.invalidAt.clear(); }

  /**
   * Cancels what is scheduled, queued and in flight, and schedules nothing more: a closed sandbox
   * neither retries to a destination that went away nor waits for one that does not answer.
   */
  async close(): Promise<void> {
    clearInterval(this.timer);
    this.closing.abort();
    this.pending = [];
    this.lanes.clear();
    await Promise.allSettled([...this.inFlight]);
  }

  private get closed(): boolean { return this.closing.signal.aborted; }

  /** GET redirect_uri?code=…: what amoCRM does when a widget with OAuth is installed. */
  sendOAuthRedirect(url: string): void {
    if (this.closed) return;
    this.track(this.call('GET', url, undefined, undefined).then(({ status, error }) => {
      this.record({ kind: 'oauth_redirect', webhook_id: null, destination: url, event: 'widget_install', attempt: 1, status, error, body: '' });
    }));
  }

  private onChange(store: Store, change: Change): void {
    if (this.closed) return;
    this.queueDp(store, change);
    for (const [event, key, item] of webhookItems(store, change)) {
      for (const hook of store.data.webhooks.values()) {
        if (hook.disabled || !hook.settings.includes(event)) continue;
        const body = encodePhpForm({ [key.root]: { [key.action]: [item] }, account: this.accountBlock(store) });
        this.pending.push({ webhookId: hook.id, destination: hook.destination, event, body, attempt: 1, dueAtMs: this.clock.now() });
      }
    }
    queueMicrotask(() => this.pump());
  }

  private accountBlock(store: Store): FormValue {
    return { id: store.data.account.id, subdomain: store.data.account.subdomain, _links: { self: this.accountUrl } };
  }

  private queueDp(store: Store, change: Change): void {
    const url = this.dpWebhookUrl();
    if (!url || (change.kind !== 'lead_added' && change.kind !== 'lead_updated')) return;
    const lead = change.lead;
    const entered = change.kind === 'lead_added' || change.before.status_id !== lead.status_id || change.before.pipeline_id !== lead.pipeline_id;
    const settings = store.data.dpActions.get(lead.status_id);
    if (!entered || !settings) return;
    const [type, typeCode] = change.kind === 'lead_added' ? [1, 'lead_added'] : [14, 'lead_status_changed'];
    const body = JSON.stringify({
      event: { type, type_code: typeCode, data: { id: lead.id, element_type: 2, status_id: lead.status_id, pipeline_id: lead.pipeline_id }, time: toSeconds(this.clock.now()) },
      action: { settings: { widget: { settings } } },
      subdomain: store.data.account.subdomain,
      account_id: store.data.account.id,
    });
    // Sent once: the docs promise no retries for the widget action.
    this.track(this.call('POST', url, body, 'application/json').then(({ status, error }) => {
      this.record({ kind: 'dp', webhook_id: null, destination: url, event: typeCode, attempt: 1, status, error, body });
    }));
  }

  private pump(): void {
    if (this.closed) return;
    const now = this.clock.now();
    const due = this.pending.filter((p) => p.dueAtMs <= now);
    if (due.length === 0) return;
    this.pending = this.pending.filter((p) => p.dueAtMs > now);
    for (const delivery of due) this.track(this.lanes.run(delivery.destination, () => this.deliver(delivery)));
  }

  private async deliver(p: Pending): Promise<void> {
    // Queued behind others while the webhook was disabled or deleted: amoCRM stops sending.
    const current = this.getStore().data.webhooks.get(p.webhookId);
    if (!current || current.disabled || this.closed) return;
    const { status, error } = await this.call('POST', p.destination, p.body, 'application/x-www-form-urlencoded');
    this.record({ kind: 'webhook', webhook_id: p.webhookId, destination: p.destination, event: p.event, attempt: p.attempt, status, error, body: p.body });
    if (isDelivered(status) || this.closed) return;
    const hook = this.getStore().data.webhooks.get(p.webhookId);
    if (!hook || hook.disabled) return;
    if (this.noteInvalid(hook)) return;
    const retryIndex = p.attempt - 1;
    const delay = RETRY_DELAYS_MS[retryIndex];
    if (delay === undefined || (retryIndex >= RETRIES_FOR_ANY_FAILURE && !isServerSideFailure(status))) return;
    this.pending.push({ ...p, attempt: p.attempt + 1, dueAtMs: this.clock.now() + delay });
  }

  /** Returns true when this invalid answer disabled the webhook. */
  private noteInvalid(hook: WebhookWire): boolean {
    const now = this.clock.now();
    const recent = (this.invalidAt.get(hook.id) ?? []).filter((t) => t > now - DISABLE_WINDOW_MS);
    recent.push(now);
    this.invalidAt.set(hook.id, recent);
    if (recent.length <= DISABLE_AFTER_INVALID) return false;
    hook.disabled = true;
    hook.updated_at = toSeconds(now);
    this.pending = this.pending.filter((x) => x.webhookId !== hook.id);
    return true;
  }

  private async call(method: string, url: string, body: string | undefined, contentType: string | undefined): Promise<{ status: number | null; error: string | null }> {
    try {
      const res = await fetch(url, {
        method, body, signal: AbortSignal.any([AbortSignal.timeout(TIMEOUT_MS), this.closing.signal]), redirect: 'manual',
        headers: contentType ? { 'content-type': contentType, 'user-agent': 'amoCRM-Webhooks/3.0' } : { 'user-agent': 'amoCRM-oAuth-client/1.0' },
      });
      await res.arrayBuffer().catch(() => undefined);
      return { status: res.status, error: null };
    } catch (e: unknown) {
      return { status: null, error: e instanceof Error ? (e.name === 'TimeoutError' ? 'timeout' : e.message) : String(e) };
    }
  }

  private record(entry: Omit<DeliveryLogEntry, 'id' | 'at' | 'delivered'>): void {
    this.log.push({ ...entry, id: this.nextLogId++, at: this.clock.now(), delivered: isDelivered(entry.status) });
  }

  private track(p: Promise<void>): void {
    this.inFlight.add(p);
    void p.finally(() => this.inFlight.delete(p));
  }
}

type ItemKey = { root: 'leads' | 'task'; action: string };

function webhookItems(store: Store, change: Change): Array<[WebhookEvent, ItemKey, FormValue]> {
  switch (change.kind) {
    case 'lead_added':
      return [['add_lead', { root: 'leads', action: 'add' }, leadItem(store, change.lead)]];
    case 'lead_updated': {
      const { lead, before } = change;
      const items: Array<[WebhookEvent, ItemKey, FormValue]> = [['update_lead', { root: 'leads', action: 'update' }, leadItem(store, lead)]];
      if (lead.status_id !== before.status_id || lead.pipeline_id !== before.pipeline_id) {
        items.push(['status_lead', { root: 'leads', action: 'status' }, { ...leadItem(store, lead), old_status_id: before.status_id, old_pipeline_id: before.pipeline_id }]);
      }
      if (lead.responsible_user_id !== before.responsible_user_id) {
        items.push(['responsible_lead', { root: 'leads', action: 'responsible' }, { ...leadItem(store, lead), old_responsible_user_id: before.responsible_user_id }]);
      }
      return items;
    }
    case 'task_added':
      return [['add_task', { root: 'task', action: 'add' }, taskItem(store, change.task)]];
    case 'task_updated':
      return [['update_task', { root: 'task', action: 'update' }, taskItem(store, change.task)]];
  }
}

/** Field set of §9.2 (`status_lead` items); no loss reason, as on the real platform. */
function leadItem(store: Store, lead: LeadWire): { [key: string]: FormValue } {
  return {
    id: lead.id, name: lead.name, status_id: lead.status_id, price: lead.price, responsible_user_id: lead.responsible_user_id,
    last_modified: lead.updated_at, modified_user_id: lead.updated_by, created_user_id: lead.created_by,
    date_create: lead.created_at, pipeline_id: lead.pipeline_id,
    tags: lead._embedded.tags.length ? lead._embedded.tags.map((t) => ({ id: t.id, name: t.name })) : undefined,
    account_id: store.data.account.id,
  };
}

function taskItem(store: Store, task: TaskWire): FormValue {
  return {
    id: task.id, element_id: task.entity_id ?? 0, element_type: task.entity_type === 'leads' ? 2 : 0,
    responsible_user_id: task.responsible_user_id, task_type: task.task_type_id, text: task.text,
    complete_till: task.complete_till, status: task.is_completed ? 1 : 0, created_user_id: task.created_by,
    date_create: task.created_at, last_modified: task.updated_at, account_id: store.data.account.id,
  };
}
