/**
 * Who can take a lead, as distribution sees it: the focus feature's availability (focus,
 * self-pause, away, absent, its own schedule) narrowed by distribution's working hours — a
 * manager's own hours, else the pool's — in the account's time zone.
 */
import type { AccountId, EpochMs, UserId } from '../../core/brand';
import { deriveAvailability, type Availability } from '../../core/distribution/availability';
import { participantIds, scheduleResolver } from './pools';
import type { DistributionPoolConfig, DistributionSection } from '../../contract/config';

/** `loadAvailability` of src/service/focus, bound to the account's directory. */
export type AvailabilityLoader = (accountId: AccountId, now: EpochMs, timezone: string) => Promise<ReadonlyMap<UserId, Availability>>;

export function deriveDistributionAvailability(
  base: ReadonlyMap<UserId, Availability>, section: DistributionSection, pool: DistributionPoolConfig, timezone: string, now: EpochMs,
): Map<UserId, Availability> {
  const scheduleFor = scheduleResolver(section, pool, timezone);
  const result = new Map(base);
  for (const userId of participantIds(pool)) {
    const current = base.get(userId);
    if (current?.kind !== 'available') continue;
    const schedule = scheduleFor(userId);
    // deriveAvailability with no stored state only applies the schedule: the focus side already said "available".
    if (schedule !== null) result.set(userId, deriveAvailability({ isActive: true }, { focus: null, selfPause: null, away: null }, schedule, now));
  }
  return result;
}
