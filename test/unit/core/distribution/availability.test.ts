import { describe, expect, it } from 'vitest';
import type { EpochMs, UserId } from '../../../../src/core/brand';
import { deriveAvailability, deriveAvailabilityMap, NO_MANAGER_STATE, type ManagerState } from '../../../../src/core/distribution/availability';
import { weeklySchedule } from '../../../../src/core/time/schedule';

const HEAD = 50 as UserId;
const active = { isActive: true };
const utc = (iso: string): EpochMs => Date.parse(iso) as EpochMs;
const newYork = weeklySchedule('America/New_York', [1, 2, 3, 4, 5], '09:00', '18:00');
const mondayNoonNY = utc('2025-11-03T17:00:00Z');
const state = (overrides: Partial<ManagerState>): ManagerState => ({ ...NO_MANAGER_STATE, ...overrides });

describe('deriveAvailability', () => {
  it('is available inside working hours with nothing else going on', () => {
    expect(deriveAvailability(active, NO_MANAGER_STATE, newYork, mondayNoonNY)).toEqual({ kind: 'available' });
  });

  it('is outside hours before the local start, and says when hours begin', () => {
    // 08:30 EST on the Monday after the fall-back switch.
    expect(deriveAvailability(active, NO_MANAGER_STATE, newYork, utc('2025-11-03T13:30:00Z')))
      .toEqual({ kind: 'outside_hours', nextStart: utc('2025-11-03T14:00:00Z') });
  });

  it('is in focus while a session runs', () => {
    expect(deriveAvailability(active, state({ focus: { startedAt: mondayNoonNY } }), newYork, mondayNoonNY))
      .toEqual({ kind: 'focus', since: mondayNoonNY });
  });

  it('is self-paused until the pause runs out', () => {
    const selfPause = { since: mondayNoonNY, until: (mondayNoonNY + 1_800_000) as EpochMs };
    expect(deriveAvailability(active, state({ selfPause }), newYork, mondayNoonNY).kind).toBe('self_paused');
    expect(deriveAvailability(active, state({ selfPause }), newYork, selfPause.until).kind).toBe('available');
  });

  it('reports who set a manager away, why and until when, over focus and hours', () => {
    const away = { by: HEAD, reason: 'training', since: mondayNoonNY, until: null };
    expect(deriveAvailability(active, state({ away, focus: { startedAt: mondayNoonNY } }), newYork, utc('2025-11-08T12:00:00Z')))
      .toEqual({ kind: 'away', by: HEAD, reason: 'training', until: null });
  });

  it('ignores an away that starts later', () => {
    const away = { by: HEAD, reason: 'vacation', since: (mondayNoonNY + 1) as EpochMs, until: null };
    expect(deriveAvailability(active, state({ away }), newYork, mondayNoonNY).kind).toBe('available');
  });

  it('is absent when the amoCRM seat is disabled, whatever else is set', () => {
    expect(deriveAvailability({ isActive: false }, state({ focus: { startedAt: mondayNoonNY } }), newYork, mondayNoonNY)).toEqual({ kind: 'absent' });
  });

  it('has no hours restriction without a schedule', () => {
    expect(deriveAvailability(active, NO_MANAGER_STATE, null, utc('2025-11-09T03:00:00Z')).kind).toBe('available');
  });
});

describe('deriveAvailabilityMap', () => {
  it('derives every manager, with no stored state meaning nothing set', () => {
    const map = deriveAvailabilityMap(
      [{ id: 1 as UserId, isActive: true }, { id: 2 as UserId, isActive: true }, { id: 3 as UserId, isActive: false }],
      new Map([[2 as UserId, state({ focus: { startedAt: mondayNoonNY } })]]),
      () => newYork,
      mondayNoonNY,
    );
    expect([...map.values()].map((availability) => availability.kind)).toEqual(['available', 'focus', 'absent']);
  });
});
