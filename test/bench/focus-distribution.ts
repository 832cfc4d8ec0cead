/**
 * Distribution benchmarks (`npm run bench:focus`):
 *   BENCH distribution_decision_p99 <ms> ms — the service path of one decision for a 50-manager
 *     pool on PGlite: lock the rotation row, decide, write the log line, save the pointer
 *     (amoCRM excluded). Goal ≤ 10 ms.
 *   BENCH distribution_burst_requests <n> requests — 1,000 leads triggered at once against the
 *     sandbox, sticky owner and task moves on (every lead has its own contact; 1 in 20 has an open
 *     task). Goal ≤ 30, reads at 250 and writes at 50 per request.
 *   BENCH distribution_burst_peak_rps <n> requests/s — the most amoCRM requests in any one-second
 *     window of that burst, from the sandbox's request log. Must stay ≤ 7.
 * Exits 1 when one of these goals is missed or a lead of the burst was not assigned.
 */
import type { AccountId, EpochMs, LeadId, PipelineId, UserId } from '../../src/core/brand';
import type { Availability } from '../../src/core/distribution/availability';
import type { Deal } from '../../src/core/domain';
import { createAmoClient } from '../../src/amo/client';
import { createBearerTransport, staticToken } from '../../src/amo/transport';
import { upsertConnectedAccount } from '../../src/service/accounts/repository';
import { saveConfig } from '../../src/service/config/repository';
import { accountConfigSchema } from '../../src/service/config/schema';
import { decidePool } from '../../src/service/distribution/decide-pool';
import { runBatch } from '../../src/service/distribution/engine';
import { toCorePool } from '../../src/service/distribution/pools';
import { addPending } from '../../src/service/distribution/repository';
import { openStore } from '../../src/service/store/db';
import { systemClock } from '../../src/service/clock';
import { startSandbox } from '../emulator/server';
import { exitSoonAfterLastLine, reportGoals } from './exit';

const ACCOUNT = 31000001 as AccountId;
const NOW = Date.UTC(2026, 10, 20, 9, 0, 0);
const silent = { debug() {}, info() {}, warn() {}, error() {} };

function percentile(sorted: readonly number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? Number.NaN;
}

async function decisionTimings(): Promise<number[]> {
  const store = await openStore();
  try {
    const participants = Array.from({ length: 50 }, (_, index) => ({ userId: 1000 + index, weight: 1 + (index % 3), cap: index % 5 === 0 ? 40 : null }));
    const pool = toCorePool(accountConfigSchema.parse({ distribution: { pools: [{ pipelineId: 7, mode: 'weighted', participants, stickyOwner: true }] } }).distribution.pools[0] ?? (() => { throw new Error('no pool'); })());
    const availability = new Map<UserId, Availability>(participants.map((participant, index) => [
      participant.userId as UserId, index % 7 === 0 ? { kind: 'focus', since: 0 as EpochMs } : { kind: 'available' },
    ]));
    const loads = new Map<UserId, number>(participants.map((participant, index) => [participant.userId as UserId, index % 45]));
    const timings: number[] = [];
    for (let index = 0; index < 600; index += 1) {
      const deal = { id: (5_000_000 + index) as LeadId, pipelineId: 7 as PipelineId, responsibleUserId: 1 as UserId, closestTaskAt: null, mainContactId: null } as unknown as Deal;
      const lead = { pending: { id: index, leadId: deal.id, trigger: 'dp' as const, expectedStatusId: null, arrivedAt: (NOW + index) as EpochMs }, deal, contactOwnerId: null };
      const started = performance.now();
      await decidePool(store.db, ACCOUNT, pool, [lead], loads, availability, (NOW + index) as EpochMs);
      if (index >= 100) timings.push(performance.now() - started);
    }
    return timings.sort((a, b) => a - b);
  } finally {
    await store.close();
  }
}

async function burst(): Promise<{ requests: number; peakRps: number; assigned: number }> {
  const sb = await startSandbox({ scenario: 'empty', seed: 1, now: NOW });
  const store = await openStore();
  try {
    const amo = createAmoClient(createBearerTransport({ baseUrl: sb.url, tokens: staticToken(sb.longLivedToken) }), { perSecond: 7 });
    const [pipeline] = await amo.listPipelines();
    const stage = pipeline?.statuses.find((status) => status.kind === 'open');
    if (!pipeline || !stage) throw new Error('sandbox has no open stage');
    const managers = sb.users.filter((user) => user.role === 'manager').map((user) => user.id);
    const admin = sb.users.find((user) => user.role === 'admin')?.id ?? 0;
    const post = async (path: string, body: unknown[]): Promise<number[]> => {
      const ids: number[] = [];
      for (let start = 0; start < body.length; start += 250) {
        const answer = await amo.request('POST', path, { body: body.slice(start, start + 250) }) as { _embedded: Record<string, Array<{ id: number }>> };
        ids.push(...Object.values(answer._embedded)[0]?.map((row) => row.id) ?? []);
      }
      return ids;
    };
    const contacts = await post('/api/v4/contacts', Array.from({ length: 1000 }, (_, index) => ({ name: `Клиент ${index}`, responsible_user_id: managers[index % managers.length] })));
    const leads = await post('/api/v4/leads', contacts.map((contact) => ({ status_id: stage.id, pipeline_id: pipeline.id, responsible_user_id: admin, _embedded: { contacts: [{ id: contact }] } })));
    await post('/api/v4/tasks', leads.filter((_, index) => index % 20 === 0).map((leadId) => ({
      text: 'Перезвонить', complete_till: Math.floor(NOW / 1000) + 86_400, entity_id: leadId, entity_type: 'leads', responsible_user_id: admin,
    })));

    await upsertConnectedAccount(store.db, { id: ACCOUNT, subdomain: 'demo', baseUrl: sb.url }, new Date(NOW));
    const config = accountConfigSchema.parse({ distribution: { pools: [{ pipelineId: pipeline.id, participants: managers.map((userId) => ({ userId })), stickyOwner: true }] } });
    await saveConfig(store.db, ACCOUNT, { baseVersion: 0, config, by: admin as UserId, at: new Date(NOW) });
    await addPending(store.db, ACCOUNT, leads.map((leadId, index) => ({ leadId: leadId as LeadId, trigger: 'dp', expectedStatusId: stage.id, arrivedAt: (NOW + index) as EpochMs })));

    // Let the setup's requests leave the one-second window, then count only the burst.
    await new Promise((resolve) => setTimeout(resolve, 1_100));
    await fetch(`${sb.url}/_emulator/requests`, { method: 'DELETE' });
    const outcome = await runBatch({
      db: store.db, amo, availability: async () => new Map(managers.map((id) => [id as UserId, { kind: 'available' } as Availability])),
      accountTimezone: async () => 'Europe/Moscow', clock: systemClock, log: silent,
    }, ACCOUNT, 'bench');
    const log = sb.requests().filter((entry) => entry.path.startsWith('/api/v4/'));
    const times = log.map((entry) => entry.at).sort((a, b) => a - b);
    let peak = 0;
    for (let start = 0, end = 0; end < times.length; end += 1) {
      while ((times[end] ?? 0) - (times[start] ?? 0) >= 1_000) start += 1;
      peak = Math.max(peak, end - start + 1);
    }
    return { requests: log.length, peakRps: peak, assigned: outcome.assigned };
  } finally {
    await store.close();
    await sb.close();
  }
}

// On a shared 2-core machine the tail follows the neighbours' load; the median shows the path itself.
const timings = await decisionTimings();
process.stdout.write(`BENCH distribution_decision_p50 ${percentile(timings, 50).toFixed(2)} ms\n`);
process.stdout.write(`BENCH distribution_decision_p99 ${percentile(timings, 99).toFixed(2)} ms\n`);
const result = await burst();
process.stdout.write(`BENCH distribution_burst_requests ${result.requests} requests\n`);
process.stdout.write(`BENCH distribution_burst_peak_rps ${result.peakRps} requests/s\n`);
exitSoonAfterLastLine('focus-distribution');
const p99 = percentile(timings, 99);
reportGoals('focus-distribution', [
  ...(p99 > 10 ? [`decision p99 ${p99.toFixed(2)} ms, goal ≤ 10 ms`] : []),
  ...(result.requests > 30 ? [`${result.requests} amoCRM requests for the burst, goal ≤ 30`] : []),
  ...(result.peakRps > 7 ? [`peak ${result.peakRps} requests/s, limit 7`] : []),
  ...(result.assigned !== 1000 ? [`${result.assigned} of 1000 leads assigned`] : []),
]);
