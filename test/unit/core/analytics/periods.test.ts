import { describe, expect, it } from 'vitest';
import type { UnixSeconds } from '../../../../src/core/brand';
import { derivePeriod } from '../../../../src/core/analytics/periods';

// Wednesday 2026-11-18 10:00 in Moscow (UTC+3) = 07:00 UTC.
const now = Date.UTC(2026, 10, 18, 7) / 1000 as UnixSeconds;
const msk = (y: number, m: number, d: number): number => Date.UTC(y, m - 1, d) / 1000 - 3 * 3600;
const zone = 'Europe/Moscow';

describe('derivePeriod (account zone)', () => {
  it.each([
    ['this_week', msk(2026, 11, 16), now + 1],
    ['last_week', msk(2026, 11, 9), msk(2026, 11, 16)],
    ['this_month', msk(2026, 11, 1), now + 1],
    ['last_month', msk(2026, 10, 1), msk(2026, 11, 1)],
    ['this_quarter', msk(2026, 10, 1), now + 1],
    ['last_quarter', msk(2026, 7, 1), msk(2026, 10, 1)],
  ] as const)('%s → local midnights', (name, from, to) => {
    expect(derivePeriod(zone, now, { kind: 'calendar', name })).toEqual({ from, to });
  });

  it('last quarter across a year end', () => {
    const jan = Date.UTC(2027, 0, 10, 12) / 1000 as UnixSeconds;
    expect(derivePeriod(zone, jan, { kind: 'calendar', name: 'last_quarter' })).toEqual({ from: msk(2026, 10, 1), to: msk(2027, 1, 1) });
  });

  it('a custom range of whole local days includes its last day', () => {
    expect(derivePeriod(zone, now, { kind: 'days', first: { year: 2026, month: 2, day: 1 }, last: { year: 2026, month: 2, day: 28 } }))
      .toEqual({ from: msk(2026, 2, 1), to: msk(2026, 3, 1) });
  });

  it('the last N days end now, as before', () => {
    expect(derivePeriod(zone, now, { kind: 'last_days', days: 90 })).toEqual({ from: now - 90 * 86_400, to: now + 1 });
  });
});
