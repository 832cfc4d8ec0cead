/**
 * The quiet account of bench:scale's cross-account run, in its own process so its timing does not
 * share an event loop with the sandboxes: posts `update_lead` webhooks of one account at a fixed
 * rate (open loop — a slow answer does not slow the sender, so queueing shows as latency), in the
 * wire format amoCRM (and the sandbox, test/emulator/webhooks-out.ts) uses. Latency counts from
 * the moment a webhook was due.
 * Sends until its stdin ends (the bench closes it when the other account's burst is over) or MAX_S.
 * Env: WEBHOOK_URL, ACCOUNT (JSON { id, subdomain, url }), LEADS (JSON LeadWire-like list), RATE, MAX_S.
 * Prints one line: `RESULT {"samples": [[dueAtEpochMs, latencyMs, status], …]}`.
 */
import http from 'node:http';
import { performance } from 'node:perf_hooks';
import { encodePhpForm } from '../emulator/php-form';
import { postForm } from './webhook-traffic';
import { dueAt, requestsDue } from './open-loop';

interface Lead { id: number; name: string; status_id: number; price: number; responsible_user_id: number; pipeline_id: number; created_at: number; created_by: number }

const target = new URL(process.env.WEBHOOK_URL ?? '');
const account = JSON.parse(process.env.ACCOUNT ?? '{}') as { id: number; subdomain: string; url: string };
const leads = JSON.parse(process.env.LEADS ?? '[]') as Lead[];
const rate = Number(process.env.RATE ?? 50);
const maxMs = Number(process.env.MAX_S ?? 60) * 1_000;
let stopped = false;
process.stdin.on('end', () => { stopped = true; }).resume();
const agent = new http.Agent({ keepAlive: true, maxSockets: 64 });

/** Each one distinct (last_modified moves on), as real edits are: a repeated body would be a dedupe hit. */
function updateLeadBody(sequence: number): string {
  const lead = leads[sequence % leads.length];
  if (lead === undefined) throw new Error('no leads to send');
  const modified = Math.floor(Date.now() / 1000) + sequence;
  return encodePhpForm({
    leads: { update: [{
      id: lead.id, name: lead.name, status_id: lead.status_id, price: lead.price, responsible_user_id: lead.responsible_user_id,
      last_modified: modified, modified_user_id: lead.responsible_user_id, created_user_id: lead.created_by,
      date_create: lead.created_at, pipeline_id: lead.pipeline_id, account_id: account.id,
    }] },
    account: { id: account.id, subdomain: account.subdomain, _links: { self: account.url } },
  });
}

const samples: Array<[number, number, number]> = [];
const inFlight = new Set<Promise<void>>();
const startEpoch = Date.now();
const start = performance.now();
let sent = 0;

function send(dueAt: number): void {
  const dueEpoch = startEpoch + (dueAt - start);
  const request = postForm(agent, Number(target.port), target.pathname, updateLeadBody(sent))
    .then(({ status }) => { samples.push([dueEpoch, performance.now() - dueAt, status]); }, () => { samples.push([dueEpoch, performance.now() - dueAt, 0]); })
    .finally(() => inFlight.delete(request));
  inFlight.add(request);
  sent += 1;
}

await new Promise<void>((resolve) => {
  const timer = setInterval(() => {
    const elapsed = performance.now() - start;
    const due = requestsDue(elapsed, rate);
    while (sent < due) send(dueAt(start, sent, rate));
    if (stopped || elapsed >= maxMs) {
      clearInterval(timer);
      resolve();
    }
  }, 2);
});
await Promise.all([...inFlight]);
agent.destroy();
process.stdout.write(`RESULT ${JSON.stringify({ samples })}\n`);
