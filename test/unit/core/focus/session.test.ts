import { describe, expect, it } from 'vitest';
import type { EpochMs, LeadId } from '../../../../src/core/brand';
import {
  applySessionEvent, deriveSessionEnd, deriveSessionLimits, IDLE_SESSION, selectCurrentDeal, selectSessionSummary,
  type ActiveSession, type FocusSession, type SessionEvent, type SessionLimits,
} from '../../../../src/core/focus/session';
import { DEFAULT_FOCUS_FILTER } from '../../../../src/core/focus/filter';
import { MANAGER, utc } from '../../../support/focus';

const MIN = 60_000;
const T0 = utc('2025-06-02T12:00:00Z'); // 15:00 Moscow
const at = (minutes: number): EpochMs => (T0 + minutes * MIN) as EpochMs;
const limits: SessionLimits = { idleTimeoutMs: 10 * MIN, endOfDayMinute: 18 * 60, timezone: 'Europe/Moscow' };
const queue = [11, 12, 13].map((id) => id as LeadId);

const run = (events: SessionEvent[], from: FocusSession = IDLE_SESSION): FocusSession =>
  events.reduce((session, event) => applySessionEvent(session, event, limits), from);
const start = (minutes = 0, tabId = 'tab-a', leads = queue): SessionEvent =>
  ({ type: 'start', at: at(minutes), tabId, managerId: MANAGER, queue: leads });
const beat = (minutes: number, tabId = 'tab-a'): SessionEvent => ({ type: 'heartbeat', at: at(minutes), tabId });
const worked = (minutes: number, extra: { movedStage?: boolean; taskSet?: boolean } = {}): SessionEvent =>
  ({ type: 'advance', at: at(minutes), outcome: { kind: 'worked', movedStage: false, taskSet: true, closed: false, ...extra } });

describe('focus session', () => {
  it('starts on the first deal of the queue', () => {
    const session = run([start()]);
    expect(session.kind).toBe('active');
    expect(selectCurrentDeal(session)).toBe(11);
  });

  it('ends as exhausted after the last deal', () => {
    const session = run([start(), worked(1), { type: 'advance', at: at(2), outcome: { kind: 'skipped', reason: 'no_answer' } }, worked(3)]);
    expect(session).toMatchObject({ kind: 'ended', reason: 'exhausted', endedAt: at(3) });
  });

  it('ends at once as exhausted when the queue is empty', () => {
    expect(run([start(0, 'tab-a', [])])).toMatchObject({ kind: 'ended', reason: 'exhausted' });
  });

  it('ends on Stop', () => {
    expect(run([start(), worked(4), { type: 'stop', at: at(5) }])).toMatchObject({ kind: 'ended', reason: 'manual', endedAt: at(5) });
  });

  it('lets a second tab join the running session instead of starting another', () => {
    const session = run([start(0), worked(1), start(2, 'tab-b', [99 as LeadId])]);
    expect(session).toMatchObject({ kind: 'active', position: 1, startedAt: at(0), queue });
    expect(Object.keys((session as ActiveSession).tabs).sort()).toEqual(['tab-a', 'tab-b']);
  });

  it('stays alive while any tab sends heartbeats, and ends idle when all stop', () => {
    const alive = run([start(0), start(1, 'tab-b'), beat(9, 'tab-b'), beat(18, 'tab-b'), { type: 'tick', at: at(27) }]);
    expect(alive.kind).toBe('active');
    const idle = run([{ type: 'tick', at: at(28) }], alive);
    expect(idle).toMatchObject({ kind: 'ended', reason: 'idle', endedAt: at(18) });
  });

  it('does not let a heartbeat after the idle timeout revive the session', () => {
    expect(run([start(0), beat(30)])).toMatchObject({ kind: 'ended', reason: 'idle', endedAt: at(0) });
  });

  it('ends at the configured end of the working day in the account time zone', () => {
    // 15:00 MSK start; heartbeats every 5 minutes; 18:00 MSK = 15:00 UTC = minute 180.
    const beats = Array.from({ length: 40 }, (_, index) => beat(5 * (index + 1)));
    expect(run([start(0), ...beats])).toMatchObject({ kind: 'ended', reason: 'end_of_day', endedAt: at(180) });
  });

  it('runs a session started after the end of the day until the next day\'s end', () => {
    const lateStart = { kind: 'active', managerId: MANAGER, startedAt: utc('2025-06-02T16:00:00Z'), queue, position: 0, stats: {} } as unknown as ActiveSession;
    expect(deriveSessionEnd(lateStart, utc('2025-06-02T16:30:00Z'), utc('2025-06-02T16:29:00Z'), 10 * MIN, 18 * 60, 'Europe/Moscow')).toBeNull();
    expect(deriveSessionEnd(lateStart, utc('2025-06-03T15:00:00Z'), utc('2025-06-03T14:59:00Z'), 10 * MIN, 18 * 60, 'Europe/Moscow'))
      .toEqual({ reason: 'end_of_day', at: utc('2025-06-03T15:00:00Z') });
  });

  it('ignores events for a session that is not running', () => {
    const ended = run([start(), { type: 'stop', at: at(1) }]);
    expect(run([beat(2), worked(3), { type: 'stop', at: at(4) }], ended)).toBe(ended);
    expect(run([worked(1)])).toBe(IDLE_SESSION);
  });

  it('summarises worked, skipped, snoozed, moved stage, tasks set and time spent', () => {
    const session = run([
      start(0),
      worked(3, { movedStage: true }),
      { type: 'advance', at: at(5), outcome: { kind: 'snoozed', until: at(120) } },
      { type: 'advance', at: at(9), outcome: { kind: 'skipped', reason: 'no_answer' } },
    ]);
    if (session.kind !== 'ended') throw new Error(`expected an ended session, got ${session.kind}`);
    expect(selectSessionSummary(session, at(60))).toEqual({
      worked: 1, skipped: 1, snoozed: 1, dropped: 0, movedStage: 1, tasksSet: 1, closed: 0,
      durationMs: 9 * MIN, queueLength: 3, reason: 'exhausted',
    });
  });

  it('summarises a running session up to now', () => {
    const session = run([start(0), worked(2)]);
    if (session.kind !== 'active') throw new Error('expected an active session');
    expect(selectSessionSummary(session, at(7))).toMatchObject({ worked: 1, durationMs: 7 * MIN, reason: null });
  });
});

describe('deriveSessionLimits', () => {
  it('turns the filter\'s idle minutes and end of day into session limits', () => {
    const filter = { ...DEFAULT_FOCUS_FILTER, idleTimeoutMinutes: 15, endOfDayMinute: 19 * 60 };
    expect(deriveSessionLimits(filter, 'Asia/Kolkata')).toEqual({ idleTimeoutMs: 15 * MIN, endOfDayMinute: 1140, timezone: 'Asia/Kolkata' });
  });
});
