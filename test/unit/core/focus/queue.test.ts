import { describe, expect, it } from 'vitest';
import type { EpochMs, LeadId, StatusId, UnixSeconds } from '../../../../src/core/brand';
import type { FocusContext } from '../../../../src/core/focus/eligibility';
import { selectFocusQueue, selectReadyCountsByStage } from '../../../../src/core/focus/queue';
import {
  buildDeal, buildFilter, CLOSING, MANAGER, NEW_LEAD, NOW, OTHER_MANAGER, PIPELINE, PROPOSAL, seconds, TZ,
} from '../../../support/focus';

const ctx = (overrides: Partial<FocusContext> = {}): FocusContext => ({ now: NOW, timezone: TZ, ...overrides });
const ids = (deals: ReadonlyArray<{ deal: { id: LeadId } }>): number[] => deals.map((item) => item.deal.id);
const reasonOf = (queue: ReturnType<typeof selectFocusQueue>, id: number): string | undefined =>
  queue.excluded.find((entry) => entry.dealId === id)?.reason.code;

describe('selectFocusQueue — who gets in', () => {
  it('takes deals in the filter stages and explains every deal it leaves out', () => {
    const deals = [
      buildDeal({ id: 1 as LeadId }),
      buildDeal({ id: 2 as LeadId, statusId: NEW_LEAD }),
      buildDeal({ id: 3 as LeadId, statusId: 142 as StatusId, closedAt: seconds('2025-05-01T00:00:00Z') }),
      buildDeal({ id: 4 as LeadId, responsibleUserId: OTHER_MANAGER }),
    ];
    const queue = selectFocusQueue(deals, buildFilter(), MANAGER, ctx());
    expect(ids(queue.items)).toEqual([1]);
    expect(queue.excluded.map((entry) => [entry.dealId, entry.reason.code])).toEqual([
      [2, 'stage_not_in_filter'], [3, 'closed'], [4, 'not_responsible'],
    ]);
  });

  it('admits only the chosen task states, with due-today read in the account time zone', () => {
    const deals = [
      buildDeal({ id: 1 as LeadId, closestTaskAt: null }),
      buildDeal({ id: 2 as LeadId, closestTaskAt: seconds('2025-06-02T08:00:00Z') }), // an hour ago
      buildDeal({ id: 3 as LeadId, closestTaskAt: seconds('2025-06-02T20:30:00Z') }), // 23:30 MSK today
      buildDeal({ id: 4 as LeadId, closestTaskAt: seconds('2025-06-02T21:30:00Z') }), // 00:30 MSK tomorrow
    ];
    const dueToday = selectFocusQueue(deals, buildFilter({ taskStates: ['due_today'] }), MANAGER, ctx());
    expect(ids(dueToday.items)).toEqual([3]);
    const lapsed = selectFocusQueue(deals, buildFilter({ taskStates: ['none', 'overdue'] }), MANAGER, ctx());
    expect(ids(lapsed.items)).toEqual([2, 1]);
    expect(selectFocusQueue(deals, buildFilter({ taskStates: [] }), MANAGER, ctx()).items).toHaveLength(4);
  });

  it('leaves out deals below the minimum value', () => {
    const queue = selectFocusQueue([buildDeal({ id: 1 as LeadId, price: 999 }), buildDeal({ id: 2 as LeadId, price: 1000 })],
      buildFilter({ minValue: 1000 }), MANAGER, ctx());
    expect(ids(queue.items)).toEqual([2]);
    expect(queue.excluded[0]?.reason).toEqual({ code: 'below_min_value', price: 999, minValue: 1000 });
  });

  it('leaves out deals touched in the last 4 hours', () => {
    const deals = [
      buildDeal({ id: 1 as LeadId, updatedAt: seconds('2025-06-02T05:30:00Z') }), // 3.5 h ago
      buildDeal({ id: 2 as LeadId, updatedAt: seconds('2025-06-02T05:00:00Z') }), // exactly 4 h ago
    ];
    const queue = selectFocusQueue(deals, buildFilter({ cooldownHours: 4 }), MANAGER, ctx());
    expect(ids(queue.items)).toEqual([2]);
    expect(queue.excluded[0]?.reason).toEqual({ code: 'cooldown', touchedAt: deals[0]?.updatedAt, until: Date.parse('2025-06-02T09:30:00Z') });
  });

  it('requires at least one wanted tag and none of the unwanted, ignoring case', () => {
    const deals = [
      buildDeal({ id: 1 as LeadId, tags: ['VIP'] }),
      buildDeal({ id: 2 as LeadId, tags: ['vip', 'Тендер'] }),
      buildDeal({ id: 3 as LeadId, tags: [] }),
    ];
    const queue = selectFocusQueue(deals, buildFilter({ tagsIn: ['vip'], tagsOut: ['тендер'] }), MANAGER, ctx());
    expect(ids(queue.items)).toEqual([1]);
    expect([reasonOf(queue, 2), reasonOf(queue, 3)]).toEqual(['excluded_tag', 'missing_tag']);
  });

  it('leaves out snoozed and skipped deals until the snooze runs out', () => {
    const deals = [buildDeal({ id: 1 as LeadId }), buildDeal({ id: 2 as LeadId }), buildDeal({ id: 3 as LeadId })];
    const snoozedUntil = new Map([[2 as LeadId, (NOW + 1) as EpochMs], [3 as LeadId, NOW]]);
    const queue = selectFocusQueue(deals, buildFilter(), MANAGER, ctx({ snoozedUntil, skipped: new Set([1 as LeadId]) }));
    expect(ids(queue.items)).toEqual([3]);
    expect([reasonOf(queue, 1), reasonOf(queue, 2)]).toEqual(['skipped', 'snoozed']);
  });
});

describe('selectFocusQueue — days in stage', () => {
  const history = (entries: Array<[number, string]>, since = '2025-03-01T00:00:00Z') => ({
    enteredAt: new Map(entries.map(([id, iso]) => [id as LeadId, seconds(iso)])),
    coversSince: seconds(since),
  });

  it('uses the status-change event when one is known', () => {
    const deals = [buildDeal({ id: 1 as LeadId }), buildDeal({ id: 2 as LeadId })];
    const queue = selectFocusQueue(deals, buildFilter({ minDaysInStage: 3 }), MANAGER,
      ctx({ stageHistory: history([[1, '2025-05-29T08:00:00Z'], [2, '2025-05-30T10:00:00Z']]) }));
    expect(ids(queue.items)).toEqual([1]);
    expect(queue.items[0]).toMatchObject({ daysInStage: 4, daysInStageIsExact: true });
    expect(queue.excluded[0]?.reason).toEqual({ code: 'too_new_in_stage', daysInStage: 2, minDays: 3 });
  });

  it('without events, counts from the last update so the minimum is never met too early', () => {
    const deal = buildDeal({ createdAt: seconds('2025-01-01T00:00:00Z'), updatedAt: seconds('2025-05-31T09:00:00Z') });
    const queue = selectFocusQueue([deal], buildFilter({ minDaysInStage: 3 }), MANAGER, ctx());
    expect(queue.excluded[0]?.reason).toEqual({ code: 'too_new_in_stage', daysInStage: 2, minDays: 3 });
  });

  it('dates a deal created inside the event window with no move to its creation', () => {
    const deal = buildDeal({ createdAt: seconds('2025-05-22T09:00:00Z'), updatedAt: seconds('2025-06-01T09:00:00Z') });
    const queue = selectFocusQueue([deal], buildFilter(), MANAGER, ctx({ stageHistory: history([], '2025-05-01T00:00:00Z') }));
    expect(queue.items[0]).toMatchObject({ daysInStage: 11, daysInStageIsExact: true });
  });
});

describe('selectFocusQueue — order', () => {
  const overdue = seconds('2025-06-01T09:00:00Z');
  const later = seconds('2025-06-10T09:00:00Z');
  const deals = [
    buildDeal({ id: 1 as LeadId, closestTaskAt: later, price: 9000 }),
    buildDeal({ id: 2 as LeadId, closestTaskAt: null, price: 100 }),
    buildDeal({ id: 3 as LeadId, closestTaskAt: overdue, price: 50 }),
    buildDeal({ id: 4 as LeadId, closestTaskAt: null, price: 5000 }),
    buildDeal({ id: 5 as LeadId, closestTaskAt: overdue, price: 50, updatedAt: seconds('2025-05-01T00:00:00Z') }),
  ];

  it('puts overdue tasks first, then no task, then value, then longest in stage by default', () => {
    expect(ids(selectFocusQueue(deals, buildFilter(), MANAGER, ctx()).items)).toEqual([5, 3, 4, 2, 1]);
  });

  it('sorts by value alone when that is the only key', () => {
    expect(ids(selectFocusQueue(deals, buildFilter({ order: ['value'] }), MANAGER, ctx()).items)).toEqual([1, 4, 2, 3, 5]);
  });

  it('sorts by time in stage alone when that is the only key', () => {
    const entered = (id: number, iso: string): [LeadId, UnixSeconds] => [id as LeadId, seconds(iso)];
    const stageHistory = { enteredAt: new Map([entered(1, '2025-05-01T00:00:00Z'), entered(2, '2025-04-01T00:00:00Z')]), coversSince: seconds('2025-01-01T00:00:00Z') };
    const two = deals.slice(0, 2);
    expect(ids(selectFocusQueue(two, buildFilter({ order: ['days_in_stage'] }), MANAGER, ctx({ stageHistory })).items)).toEqual([2, 1]);
  });

  it('keeps amoCRM\'s order for ties', () => {
    const same = [7, 3, 9, 1].map((id) => buildDeal({ id: id as LeadId }));
    expect(ids(selectFocusQueue(same, buildFilter(), MANAGER, ctx()).items)).toEqual([7, 3, 9, 1]);
    expect(ids(selectFocusQueue(same, buildFilter({ order: [] }), MANAGER, ctx()).items)).toEqual([7, 3, 9, 1]);
  });
});

describe('selectReadyCountsByStage', () => {
  it('counts ready deals per stage for the launcher', () => {
    const deals = [buildDeal({ statusId: CLOSING }), buildDeal({ statusId: PROPOSAL }), buildDeal({ statusId: CLOSING })];
    const counts = selectReadyCountsByStage(selectFocusQueue(deals, buildFilter({ order: [] }), MANAGER, ctx()));
    expect(counts).toEqual([{ pipelineId: PIPELINE, statusId: CLOSING, count: 2 }, { pipelineId: PIPELINE, statusId: PROPOSAL, count: 1 }]);
  });
});
