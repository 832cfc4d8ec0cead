/**
 * The load side of bench:webhooks, in its own process so it does not share a core's event loop
 * with the service: posts status_lead webhooks at a fixed rate (open loop — a slow answer does
 * not slow the sender down, so queueing shows up in the latency instead of hiding) over
 * keep-alive connections. Latency counts from the moment a request was due.
 * Env: PORT, RATE (webhooks/s, default 1200), DURATION_S (default 10), FIRST_LEAD_ID.
 * Prints one line: `RESULT {json}`.
 */
import http from 'node:http';
import { performance } from 'node:perf_hooks';
import { dueAt, requestsDue } from './open-loop';
import { BENCH_SECRET, postForm, statusLeadBody } from './webhook-traffic';

const port = Number(process.env.PORT);
const rate = Number(process.env.RATE ?? 1_200);
const durationMs = Number(process.env.DURATION_S ?? 10) * 1_000;
const firstLeadId = Number(process.env.FIRST_LEAD_ID ?? 1);
const agent = new http.Agent({ keepAlive: true, maxSockets: 256 });
const path = `/webhooks/amo/${BENCH_SECRET}`;

const latencies: number[] = [];
let sent = 0;
let ok = 0;
let failed = 0;
const inFlight = new Set<Promise<void>>();
const start = performance.now();

function send(dueAt: number): void {
  const leadId = firstLeadId + sent;
  sent += 1;
  const request = postForm(agent, port, path, statusLeadBody(leadId))
    .then(({ status }) => {
      if (status === 200) ok += 1; else failed += 1;
      latencies.push(performance.now() - dueAt);
    }, () => { failed += 1; })
    .finally(() => inFlight.delete(request));
  inFlight.add(request);
}

await new Promise<void>((resolve) => {
  const timer = setInterval(() => {
    const elapsed = performance.now() - start;
    const due = requestsDue(elapsed, rate, Math.floor((durationMs * rate) / 1_000));
    while (sent < due) send(dueAt(start, sent, rate));
    if (elapsed >= durationMs) {
      clearInterval(timer);
      resolve();
    }
  }, 2);
});
await Promise.all([...inFlight]);
const elapsedS = (performance.now() - start) / 1_000;
agent.destroy();

latencies.sort((a, b) => a - b);
const quantile = (q: number) => latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))] ?? Number.NaN;
process.stdout.write(`RESULT ${JSON.stringify({ sent, ok, failed, elapsedS, p50: quantile(0.5), p99: quantile(0.99), max: quantile(1) })}\n`);
