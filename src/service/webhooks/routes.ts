/**
 * Webhook endpoints as a Fastify plugin (encapsulated: its body parsing and error replies do not
 * leak into the rest of the app):
 *
 *   POST /webhooks/amo/:secret    account webhooks (form with PHP-style keys, or JSON)
 *   POST /webhooks/dp/:secret     Digital Pipeline widget action (JSON or form): the secret is the
 *                                 install's DP secret (account by the body's id) or an account's
 *                                 webhook secret; POST /webhooks/dp without one is 404
 *
 * The secrets keep outsiders out, but the DP URL is stamped into the widget archive, which every
 * user of the account can read: nothing acts on a DP body without reading the lead from amoCRM
 * first (src/service/distribution/classify.ts).
 *
 * 200 only once the webhook is committed (./inbox.ts) — amoCRM counts 100–299 as delivered and
 * waits 2 s (§9.2). Every refusal writes nothing: 404 unknown secret, 410 disconnected account,
 * 401 body for another account, 400 malformed, 413 too large, 415 content type, 422 unknown event.
 * 503 when the store fails, so amoCRM retries.
 */
import { timingSafeEqual } from 'node:crypto';
import type { FastifyError, FastifyPluginAsync, FastifyReply } from 'fastify';
import type { Kysely } from 'kysely';
import type { JobRunner } from '../jobs/runner';
import type { Clock } from '../../core/time/clock';
import type { JobLogger, JsonValue } from '../jobs/types';
import type { Database } from '../store/schema';
import { parseAccountWebhook } from './account-webhook';
import { accountByIdFrom, accountBySecretFrom, cached, type AccountLookup, type WebhookAccount } from './accounts';
import { decodeBody, type Rejection } from './body';
import { computeDedupeKey } from './dedupe';
import { parseDpWebhook } from './dp-webhook';
import { DP_JOB_TYPE } from './events';
import { createInboxWriter, type InboxEntry, type InboxWriter } from './inbox';

const WEBHOOK_BODY_LIMIT = 256 * 1024;

export interface WebhookRoutesOptions {
  /** The inbox writes through `priorityDb` when given (src/service/store/db.ts). */
  store: { db: Kysely<Database>; priorityDb?: Kysely<Database> };
  /** Which job types have subscribers, and the wake-up after new jobs are committed. */
  jobs: Pick<JobRunner, 'jobTypesFor' | 'wake'>;
  logger: JobLogger;
  /** Default: the `accounts` table by `webhook_secret`, cached for 5 s. */
  accountBySecret?: AccountLookup<string>;
  /** For /webhooks/dp/<dpSecret>. Default: the `accounts` table by id, cached for 5 s. */
  accountById?: AccountLookup<number>;
  /** The install's Digital Pipeline secret (./dp-secret.ts); without it only account secrets open /webhooks/dp/:secret. */
  dpSecret?: string;
  clock?: Clock;
  bodyLimit?: number;
  /** Shared with other plugin instances or read by tests; default: one per plugin. */
  inbox?: InboxWriter;
}

type Accepted = { entry: InboxEntry };

export const webhookRoutes: FastifyPluginAsync<WebhookRoutesOptions> = async (app, options) => {
  const { store, jobs, logger } = options;
  const bySecret = options.accountBySecret ?? cached(accountBySecretFrom(store.db));
  const byId = options.accountById ?? cached(accountByIdFrom(store.db));
  const inbox = options.inbox ?? createInboxWriter({ db: store.priorityDb ?? store.db, ...(options.clock ? { clock: options.clock } : {}), onJobsCommitted: () => jobs.wake() });
  const bodyLimit = options.bodyLimit ?? WEBHOOK_BODY_LIMIT;

  // Raw bytes for every content type: decoding is ours (./body.ts), strict and non-throwing.
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', { parseAs: 'buffer', bodyLimit }, (_request, body, done) => done(null, body));
  app.setErrorHandler((error: FastifyError, request, reply) => {
    // Fastify's own 4xx (413 body too large, bad Content-Length…) keep their status.
    const status = typeof error.statusCode === 'number' && error.statusCode >= 400 && error.statusCode < 500 ? error.statusCode : 500;
    if (status === 500) request.log.error({ err: error }, 'webhook failed');
    return reply.code(status).send({ error: status === 500 ? 'internal' : error.code });
  });
  app.addHook('onClose', async () => inbox.flush());

  const refuse = (reply: FastifyReply, refusal: Refusal) => reply.code(refusal.status).send({ error: refusal.reason });

  async function store_(reply: FastifyReply, { entry }: Accepted) {
    try {
      const outcome = await inbox.write(entry);
      if (outcome.duplicate) return reply.code(200).send({ status: 'duplicate' });
      if ('disconnected' in outcome) return refuse(reply, { status: 410, reason: 'account disconnected' });
      return reply.code(200).send({ status: 'accepted', jobs: outcome.jobCount });
    } catch (error) {
      logger.error({ err: error instanceof Error ? error.message : String(error) }, 'webhook inbox write failed');
      return reply.code(503).send({ error: 'store unavailable' });
    }
  }

  app.post<{ Params: { secret: string } }>('/webhooks/amo/:secret', async (request, reply) => {
    const account = isSecretShaped(request.params.secret) ? await bySecret(request.params.secret) : null;
    const unusable = refuseAccount(account, null);
    if (unusable !== null) return refuse(reply, unusable);
    const decoded = decodeBody(request.headers['content-type'], asBuffer(request.body));
    if (!decoded.ok) return refuse(reply, decoded);
    const webhook = parseAccountWebhook(decoded.value);
    if (!webhook.ok) return refuse(reply, webhook);
    const wrongAccount = refuseAccount(account, webhook.accountId, webhook.subdomain ?? undefined);
    if (wrongAccount !== null) return refuse(reply, wrongAccount);
    return store_(reply, {
      entry: inboxEntry(account as WebhookAccount, 'account', decoded.value, request.body, request.headers['content-type'],
        // One job per subscriber of the event (see JobRunner.subscribe); none when nobody listens.
        webhook.items.flatMap(({ event, item }) =>
          jobs.jobTypesFor(event.jobType).map((type) => ({ type, payload: { event: event.name, item: item as JsonValue } })))),
    });
  });

  const dpHandler = async (secret: string, contentType: string | undefined, body: unknown, reply: FastifyReply) => {
    if (!isSecretShaped(secret)) return refuse(reply, { status: 404, reason: 'unknown webhook' });
    const isInstallSecret = options.dpSecret !== undefined && secretsEqual(secret, options.dpSecret);
    const decoded = decodeBody(contentType, asBuffer(body));
    if (!decoded.ok) return refuse(reply, decoded);
    const parsed = parseDpWebhook(decoded.value);
    if (!parsed.ok) return refuse(reply, parsed);
    const { event } = parsed;
    const account = isInstallSecret ? await byId(event.accountId) : await bySecret(secret);
    const refusal = refuseAccount(account, event.accountId, event.subdomain);
    if (refusal !== null) return refuse(reply, refusal);
    return store_(reply, {
      entry: inboxEntry(account as WebhookAccount, 'dp', decoded.value, body, contentType,
        jobs.jobTypesFor(DP_JOB_TYPE).map((type) => ({ type, payload: { ...event, settings: event.settings as JsonValue } }))),
    });
  };
  app.post('/webhooks/dp', async (_request, reply) => refuse(reply, { status: 404, reason: 'unknown webhook' }));
  app.post<{ Params: { secret: string } }>('/webhooks/dp/:secret', async (request, reply) =>
    dpHandler(request.params.secret, request.headers['content-type'], request.body, reply));
};

type Refusal = Pick<Rejection, 'reason'> & { status: 400 | 401 | 404 | 410 | 415 | 422 };

/** null: the webhook may be stored for this account. */
function refuseAccount(account: WebhookAccount | null, claimedId: number | null, claimedSubdomain?: string): Refusal | null {
  if (account === null) return { status: 404, reason: 'unknown webhook' };
  if (account.status !== 'connected') return { status: 410, reason: 'account disconnected' };
  if (claimedId !== null && claimedId !== account.id) return { status: 401, reason: 'body belongs to another account' };
  if (claimedSubdomain !== undefined && claimedSubdomain !== account.subdomain) return { status: 401, reason: 'subdomain does not match the account' };
  return null;
}

/** Our secrets are base64url; anything else (NUL, slashes, megabytes) is not looked up at all. */
const isSecretShaped = (secret: string): boolean => /^[A-Za-z0-9_-]{8,128}$/.test(secret);

function secretsEqual(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}

const mediaTypeOf = (contentType: string | undefined): string => (contentType ?? '').split(';', 1)[0]?.trim().toLowerCase().slice(0, 100) ?? '';

const asBuffer = (body: unknown): Buffer => (Buffer.isBuffer(body) ? body : Buffer.alloc(0));

/** What the inbox keeps of an accepted webhook: the decoded body for the jobs, the bytes as they came. */
function inboxEntry(account: WebhookAccount, source: 'account' | 'dp', decoded: unknown, rawBody: unknown, contentType: string | undefined, jobs: InboxEntry['jobs']): InboxEntry {
  return {
    accountId: account.id, source, dedupeKey: computeDedupeKey(source, decoded),
    raw: asBuffer(rawBody), contentType: mediaTypeOf(contentType), jobs,
  };
}
