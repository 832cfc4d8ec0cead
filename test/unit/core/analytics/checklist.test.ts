import { describe, expect, it } from 'vitest';
import type { LeadId, StatusId, UnixSeconds } from '../../../../src/core/brand';
import { STATUS_LOST } from '../../../../src/core/brand';
import {
  computeChange, deriveMatureWindow, deriveMonthBoundaries, deriveWeekBoundaries, isOutOfBand, selectOutOfBand, selectTarget, type Target,
} from '../../../../src/core/analytics/checklist';
import { deriveLeadFacts } from '../../../../src/core/analytics/lead-facts';
import { STAGE_CLOSING, STAGE_FIRST, STAGE_PROPOSAL, buildOpenDeal, daysAgo, move } from '../../../support/analytics';

const utc = (iso: string): UnixSeconds => (Date.parse(iso) / 1000) as UnixSeconds;

describe('deriveWeekBoundaries', () => {
  it('gives Monday 00:00 in the account zone, oldest first, plus the end of the current week', () => {
    // Wednesday 2026-01-14 12:00 Moscow (UTC+3): weeks start Mon 2025-12-29, 2026-01-05, 2026-01-12, end Mon 2026-01-19.
    expect(deriveWeekBoundaries('Europe/Moscow', utc('2026-01-14T09:00:00Z'), 3)).toEqual([
      utc('2025-12-28T21:00:00Z'), utc('2026-01-04T21:00:00Z'), utc('2026-01-11T21:00:00Z'), utc('2026-01-18T21:00:00Z'),
    ]);
  });

  it('keeps local midnight across a DST switch (the week of 2026-03-29 in Berlin is 167 hours)', () => {
    const bounds = deriveWeekBoundaries('Europe/Berlin', utc('2026-03-31T10:00:00Z'), 2);
    expect(bounds).toEqual([utc('2026-03-22T23:00:00Z'), utc('2026-03-29T22:00:00Z'), utc('2026-04-05T22:00:00Z')]);
  });
});

describe('deriveMonthBoundaries', () => {
  it('gives the 1st 00:00 local of each month, across a year end', () => {
    expect(deriveMonthBoundaries('Europe/Moscow', utc('2026-01-20T00:00:00Z'), 2)).toEqual([
      utc('2025-11-30T21:00:00Z'), utc('2025-12-31T21:00:00Z'), utc('2026-01-31T21:00:00Z'),
    ]);
  });
});

describe('deriveMatureWindow', () => {
  it('is the week moved back by the cut-off', () => {
    expect(deriveMatureWindow({ from: 1_000_000 as UnixSeconds, to: 1_604_800 as UnixSeconds }, 10)).toEqual({ from: 136_000, to: 740_800 });
  });
});

describe('targets', () => {
  const targets: Target[] = [
    { metric: 'withoutTask', groupId: null, value: 0, allowedDeviation: 5, direction: 'at_most' },
    { metric: 'withoutTask', groupId: 7, value: 10, allowedDeviation: 2, direction: 'at_most' },
    { metric: 'onTimeShare', groupId: null, value: 0.9, allowedDeviation: 0.05, direction: 'at_least' },
  ];

  it('a group target overrides the account-wide one', () => {
    expect(selectTarget(targets, 'withoutTask', 7)?.value).toBe(10);
    expect(selectTarget(targets, 'withoutTask', 8)?.value).toBe(0);
    expect(selectTarget(targets, 'losses', 7)).toBeNull();
  });

  it.each([
    // value, target, deviation, direction, out of band
    [5, 0, 5, 'at_most', false],
    [6, 0, 5, 'at_most', true],
    [0.85, 0.9, 0.05, 'at_least', false],
    [0.84, 0.9, 0.05, 'at_least', true],
    [null, 0.9, 0.05, 'at_least', false],
  ] as const)('value %s against %s ± %s (%s) → out of band %s', (value, target, deviation, direction, out) => {
    expect(isOutOfBand(value, { value: target, allowedDeviation: deviation, direction })).toBe(out);
  });

  it('selects the highlighted cells of a row in metric order', () => {
    const values = { withoutTask: 11, onTimeShare: 0.5, losses: 99 };
    expect(selectOutOfBand(['withoutTask', 'onTimeShare', 'losses'], values, targets, null)).toEqual(['withoutTask', 'onTimeShare']);
    expect(selectOutOfBand(['withoutTask', 'onTimeShare', 'losses'], values, targets, 7)).toEqual(['onTimeShare']);
  });

  it('week-over-week change is current − previous, null when either is missing', () => {
    expect(computeChange(['a', 'b', 'c'], { a: 10, b: 0.5, c: null }, { a: 7, b: 0.75, c: 3 })).toEqual({ a: 3, b: -0.25, c: null });
  });
});

describe('deriveLeadFacts', () => {
  it('keeps the stages really visited, the stage lost from, when the current stage was entered, and when each left stage was entered', () => {
    const deal = buildOpenDeal({ id: 9 as LeadId, createdAt: daysAgo(30), statusId: STATUS_LOST });
    const changes = [move(9, daysAgo(20), STAGE_FIRST, STAGE_CLOSING), move(9, daysAgo(5), STAGE_CLOSING, STATUS_LOST)];
    expect(deriveLeadFacts(deal, changes)).toEqual({
      visited: [STAGE_FIRST, STAGE_CLOSING, STATUS_LOST].sort((a, b) => a - b) as StatusId[],
      lostFromStatusId: STAGE_CLOSING,
      enteredStatusAt: daysAgo(5),
      fromEnteredAt: [daysAgo(30), daysAgo(20)],
    });
  });

  it('a deal that never moved is in its stage since creation and has visited only it', () => {
    const deal = buildOpenDeal({ id: 9 as LeadId, createdAt: daysAgo(3), statusId: STAGE_PROPOSAL });
    expect(deriveLeadFacts(deal, [])).toEqual({ visited: [STAGE_PROPOSAL], lostFromStatusId: null, enteredStatusAt: daysAgo(3), fromEnteredAt: [] });
  });
});
