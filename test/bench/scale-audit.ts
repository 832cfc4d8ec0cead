/**
 * What bench:scale reads back after a run, from both sides: the sandboxes (what amoCRM delivered
 * and had acknowledged, the tasks that exist, the requests that arrived) and the shared database
 * (inbox rows, their jobs, reviews).
 */
import { sql, type Kysely } from 'kysely';
import type { Database } from '../../src/service/store/schema';
import type { DeliveryLogEntry } from '../emulator/webhooks-out';
import { peakPerSecond } from '../unit/amo/sandbox-handle';
import type { SandboxAccount } from './scale-cluster';
import { REVIEW_TASK_TYPE } from './refusal-setup';

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** Account webhooks the sandbox sent (attempts, answered or not). */
export function deliveriesOf(account: SandboxAccount): DeliveryLogEntry[] {
  return account.sandbox.deliveries().filter((d) => d.kind === 'webhook');
}

/** Bodies amoCRM sent but never had acknowledged yet (it retries them after 5 minutes of its clock). */
export function unacknowledged(account: SandboxAccount): number {
  const deliveries = deliveriesOf(account);
  const acked = new Set(deliveries.filter((d) => d.delivered).map((d) => d.body));
  return new Set(deliveries.filter((d) => !d.delivered && !acked.has(d.body)).map((d) => d.body)).size;
}

/** Every lead of every account has a review whose task exists, and no webhook's job is still to run. */
async function isProcessed(db: Kysely<Database>, accounts: readonly SandboxAccount[]): Promise<boolean> {
  for (const account of accounts) {
    const row = await db.selectFrom('refusal_reviews').select((eb) => eb.fn.count<number>('lead_id').distinct().as('n'))
      .where('account_id', '=', account.sandbox.accountId).where('review_task_id', 'is not', null)
      .where('lead_id', 'in', account.leadIds).executeTakeFirst();
    if (Number(row?.n ?? 0) < account.leadIds.length) return false;
  }
  const pending = await sql<{ n: number }>`SELECT count(*)::int AS n FROM jobs WHERE status IN ('queued', 'running') AND payload ? 'inboxId'`.execute(db);
  return Number(pending.rows[0]?.n ?? 0) === 0;
}

interface WaitOptions {
  timeoutMs: number;
  /** Called about once a second while not yet processed (e.g. to move amoCRM's retry clock on). */
  onWait?: () => Promise<void>;
}

/**
 * Waits until the run is processed and the deliveries stopped moving for a second (the tasks the
 * service created send add_task webhooks of their own). Returns when it first looked processed
 * (epoch ms), or null on timeout.
 */
export async function waitUntilProcessed(db: Kysely<Database>, accounts: readonly SandboxAccount[], options: WaitOptions): Promise<number | null> {
  const deadline = Date.now() + options.timeoutMs;
  let since: number | null = null;
  let deliveries = -1;
  let lastHook = Date.now();
  while (Date.now() < deadline) {
    const count = accounts.reduce((sum, account) => sum + deliveriesOf(account).length, 0);
    const processed = await isProcessed(db, accounts);
    if (processed && count === deliveries) {
      since ??= Date.now();
      if (Date.now() - since >= 1_000) return since;
    } else if (!processed) {
      since = null;
    }
    deliveries = count;
    if (!processed && options.onWait !== undefined && Date.now() - lastHook >= 1_000) {
      lastHook = Date.now();
      await options.onWait();
    }
    await sleep(500);
  }
  return null;
}

/** Where a run stopped: jobs by type and state, and the latest failure reasons. */
export async function describeJobs(db: Kysely<Database>): Promise<string> {
  const byState = await db.selectFrom('jobs').select(['type', 'status', (eb) => eb.fn.countAll<number>().as('n')]).groupBy(['type', 'status']).execute();
  const errors = await db.selectFrom('jobs').select(['type', 'last_error']).where('last_error', 'is not', null).orderBy('updated_at', 'desc').limit(5).execute();
  return `jobs ${JSON.stringify(byState.map((row) => `${row.type}/${row.status}: ${row.n}`))}; latest errors ${JSON.stringify(errors)}`;
}

export interface Audit {
  /** Distinct webhook bodies the sandboxes had acknowledged. */
  acknowledged: number;
  /** Acknowledged, but no inbox row, or a job of it not done. */
  lost: number;
  /** Review tasks beyond one per lost deal, at the sandboxes. */
  duplicateEffects: number;
  /** Lost deals without a review task at the sandbox. */
  missingEffects: number;
  /** Highest requests in any one second at any account, by arrival at the sandbox. */
  peakPerAccount: number;
}

interface InboxRow { id: number; account_id: number; raw: Buffer | null; job_count: number }

export async function audit(db: Kysely<Database>, accounts: readonly SandboxAccount[]): Promise<Audit> {
  const inbox = await db.selectFrom('webhook_inbox').select(['id', 'account_id', 'raw', 'job_count']).execute() as InboxRow[];
  const done = await sql<{ inbox_id: number; n: number }>`
    SELECT (payload->>'inboxId')::bigint AS inbox_id, count(*)::int AS n FROM jobs
    WHERE payload ? 'inboxId' AND status = 'done' GROUP BY 1`.execute(db);
  const doneByInbox = new Map(done.rows.map((row) => [Number(row.inbox_id), Number(row.n)]));
  const processed = new Set(inbox.filter((row) => (doneByInbox.get(row.id) ?? 0) >= row.job_count && row.raw !== null)
    .map((row) => `${row.account_id}:${Buffer.from(row.raw as Buffer).toString('utf8')}`));
  const result: Audit = { acknowledged: 0, lost: 0, duplicateEffects: 0, missingEffects: 0, peakPerAccount: 0 };
  for (const account of accounts) {
    const acked = new Set(deliveriesOf(account).filter((d) => d.delivered).map((d) => d.body));
    result.acknowledged += acked.size;
    result.lost += [...acked].filter((body) => !processed.has(`${account.sandbox.accountId}:${body}`)).length;
    const state = await account.session<{ tasks: Array<{ entity_id: number | null; task_type_id: number }> }>('GET', '/_emulator/state');
    const ids = new Set(account.leadIds);
    const perLead = new Map<number, number>();
    for (const task of state.tasks) {
      if (task.entity_id !== null && ids.has(task.entity_id) && task.task_type_id === REVIEW_TASK_TYPE) perLead.set(task.entity_id, (perLead.get(task.entity_id) ?? 0) + 1);
    }
    result.duplicateEffects += [...perLead.values()].reduce((sum, n) => sum + n - 1, 0);
    result.missingEffects += ids.size - perLead.size;
    result.peakPerAccount = Math.max(result.peakPerAccount, peakPerAccount(account));
  }
  return result;
}

/** The service's amoCRM calls (bearer, REST) as they arrived at one account. */
function peakPerAccount(account: SandboxAccount): number {
  return peakPerSecond(account.sandbox.requests().filter((r) => r.auth === 'bearer' && r.path.startsWith('/api/v4/')).map((r) => r.receivedAt));
}
