/**
 * Distribution's report periods are epoch milliseconds, refusals' are Unix seconds (amoCRM time).
 * One untyped `periodQuery` used to carry both; now each has its own brand, so passing one where
 * the other belongs does not compile (the @ts-expect-error lines below fail the typecheck the day
 * that stops being true), and the client sends each unit to its own routes unchanged.
 */
import { describe, expect, it } from 'vitest';
import { asEpochMs, asUnixSeconds } from '../../../src/core/brand';
import type { DistributionPeriod } from '../../../src/contract/distribution';
import type { RefusalPeriod } from '../../../src/contract/refusals';
import { createServiceClient, type ServiceRequest } from '../../../src/widget/service-client';

const FROM_MS = asEpochMs(Date.UTC(2026, 10, 1));
const TO_MS = asEpochMs(Date.UTC(2026, 10, 8));
const msPeriod: DistributionPeriod = { from: FROM_MS, to: TO_MS };
const secondsPeriod: RefusalPeriod = { from: asUnixSeconds(FROM_MS / 1000), to: asUnixSeconds(TO_MS / 1000) };

function recordingClient(answer: unknown) {
  const sent: ServiceRequest[] = [];
  const client = createServiceClient(async (request) => { sent.push(request); return answer; }, 'https://service.test');
  return { client, sent };
}

const OUTCOMES = { totals: {}, byReason: [], from: 0, to: 0 };
const BACKFILL = { state: 'running', done: 0, total: 0, created: 0, from: 0, to: 0, error: null };

describe('report periods and their units', () => {
  it('sends distribution periods in epoch milliseconds', async () => {
    const { client, sent } = recordingClient({ entries: [], truncated: false, managers: [], held: 0 });
    await client.distribution.getLog(msPeriod);
    await client.distribution.getReceived(msPeriod);
    expect(sent.map((r) => r.url)).toEqual([
      `https://service.test/api/v1/distribution/log?from=${Date.UTC(2026, 10, 1)}&to=${Date.UTC(2026, 10, 8)}`,
      `https://service.test/api/v1/distribution/received?from=${Date.UTC(2026, 10, 1)}&to=${Date.UTC(2026, 10, 8)}`,
    ]);
  });

  it('sends refusal periods in Unix seconds, in the query and in the backfill body', async () => {
    const outcomes = recordingClient(OUTCOMES);
    await outcomes.client.refusals.outcomes(secondsPeriod);
    expect(outcomes.sent[0]?.url).toBe(`https://service.test/api/v1/refusals/outcomes?from=${Date.UTC(2026, 10, 1) / 1000}&to=${Date.UTC(2026, 10, 8) / 1000}`);
    const backfill = recordingClient(BACKFILL);
    await backfill.client.refusals.startBackfill(secondsPeriod);
    expect(JSON.parse(backfill.sent[0]?.data ?? 'null')).toEqual({ from: Date.UTC(2026, 10, 1) / 1000, to: Date.UTC(2026, 10, 8) / 1000 });
  });

  it('does not let one unit stand in for the other (checked by the typecheck)', () => {
    const { client } = recordingClient(OUTCOMES);
    const swapped = (): unknown[] => [
      // @ts-expect-error: a Unix-seconds period is not a distribution period
      client.distribution.getLog(secondsPeriod),
      // @ts-expect-error: a Unix-seconds period is not a distribution period
      client.distribution.getReceived(secondsPeriod),
      // @ts-expect-error: an epoch-millisecond period is not a refusal period
      client.refusals.outcomes(msPeriod),
      // @ts-expect-error: an epoch-millisecond period is not a refusal period
      client.refusals.startBackfill(msPeriod),
      // @ts-expect-error: a bare number is neither
      client.refusals.outcomes({ from: 1, to: 2 }),
    ];
    expect(typeof swapped).toBe('function');
  });
});
