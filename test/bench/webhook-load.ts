/**
 * The load side of bench:webhooks, in its own process so it does not share a core's event loop
 * with the service: posts status_lead webhooks at a fixed rate (open loop — a slow answer does
 * not slow the sender down, so queueing shows up in the latency instead of hiding) over
 * keep-alive connections. Latency counts from the moment a request was due.
 *
 * Two phases over ONE connection pool: a warm-up (WARMUP_RATE for WARMUP_S, lead ids from
 * 900,000,000 so they never collide with the run's), then `WARMED` on stdout and a wait for a line
 * on stdin, then the measured run. The pool is what the warm-up is for, with the JIT and PGlite's
 * caches: a fresh sender opened up to 256 connections in the run's first second (every socket
 * busy, so each request dialled a new one), and the service spent that second accepting them —
 * 200–900 ms acknowledgements that measured the sender's cold start, not steady ingestion.
 *
 * Env: PORT, RATE (webhooks/s, default 1200), DURATION_S (default 10), WARMUP_RATE (default RATE:
 * the pool grows to what the run's rate needs), WARMUP_S (default 2; 0 skips the warm-up and the
 * wait), FIRST_LEAD_ID (the run's first, default 1). Prints `RESULT {json}` for the run.
 * DUMP=<file>: also writes each request's due time (ms since the epoch) and latency, one per line.
 */
import { writeFileSync } from 'node:fs';
import http from 'node:http';
import { performance } from 'node:perf_hooks';
import { createInterface } from 'node:readline';
import { dueAt, requestsDue } from './open-loop';
import { BENCH_SECRET, postForm, statusLeadBody } from './webhook-traffic';

const env = process.env;
const port = Number(env.PORT);
const agent = new http.Agent({ keepAlive: true, maxSockets: 256 });
const path = `/webhooks/amo/${BENCH_SECRET}`;

interface Phase { sent: number; ok: number; failed: number; elapsedS: number; latencies: number[]; due: number[] }

/** Sends `rate` webhooks/s for `durationMs`, lead ids from `firstLeadId`, and waits for every answer. */
async function phase(rate: number, durationMs: number, firstLeadId: number): Promise<Phase> {
  const result: Phase = { sent: 0, ok: 0, failed: 0, elapsedS: 0, latencies: [], due: [] };
  const inFlight = new Set<Promise<void>>();
  const start = performance.now();
  const send = (due: number): void => {
    const leadId = firstLeadId + result.sent;
    result.sent += 1;
    const request = postForm(agent, port, path, statusLeadBody(leadId))
      .then(({ status }) => {
        if (status === 200) result.ok += 1; else result.failed += 1;
        result.latencies.push(performance.now() - due);
        result.due.push(due + performance.timeOrigin);
      }, () => { result.failed += 1; })
      .finally(() => inFlight.delete(request));
    inFlight.add(request);
  };
  await new Promise<void>((resolve) => {
    // Every millisecond (the timers' finest step): a request waits for the next tick after it is
    // due, and that wait counts in its latency — up to 2 ms at the 2 ms tick this had before.
    const timer = setInterval(() => {
      const elapsed = performance.now() - start;
      const due = requestsDue(elapsed, rate, Math.floor((durationMs * rate) / 1_000));
      while (result.sent < due) send(dueAt(start, result.sent, rate));
      if (elapsed >= durationMs) {
        clearInterval(timer);
        resolve();
      }
    }, 1);
  });
  await Promise.all([...inFlight]);
  result.elapsedS = (performance.now() - start) / 1_000;
  return result;
}

const warmupS = Number(env.WARMUP_S ?? 2);
if (warmupS > 0) {
  await phase(Number(env.WARMUP_RATE ?? env.RATE ?? 1_200), warmupS * 1_000, 900_000_000);
  process.stdout.write('WARMED\n');
  // The parent lets the warm-up's jobs finish, then says go (any line).
  const lines = createInterface({ input: process.stdin });
  await new Promise<void>((resolve) => lines.once('line', () => resolve()));
  lines.close();
}
const run = await phase(Number(env.RATE ?? 1_200), Number(env.DURATION_S ?? 10) * 1_000, Number(env.FIRST_LEAD_ID ?? 1));
agent.destroy();

if (env.DUMP) writeFileSync(env.DUMP, run.due.map((due, index) => `${due.toFixed(1)} ${run.latencies[index]?.toFixed(1)}`).join('\n'));
const latencies = [...run.latencies].sort((a, b) => a - b);
const quantile = (q: number) => latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))] ?? Number.NaN;
const { sent, ok, failed, elapsedS } = run;
process.stdout.write(`RESULT ${JSON.stringify({ sent, ok, failed, elapsedS, p50: quantile(0.5), p99: quantile(0.99), max: quantile(1) })}\n`);
