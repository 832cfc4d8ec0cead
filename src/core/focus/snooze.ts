/**
 * Snooze presets from the focus panel: 2 hours, tomorrow morning, or a chosen date.
 * "Morning" is the start of the working day in the account's time zone, not 09:00 UTC.
 */
import type { EpochMs } from '../brand';
import { nextWorkingStart, startOfNextWorkingDay, type WorkingSchedule } from '../time/schedule';
import { fromLocalDateTime, parseLocalDate } from '../time/zone';

export type SnoozePreset =
  | { readonly kind: 'hours'; readonly hours: number }
  | { readonly kind: 'tomorrow_morning' }
  /** A local date `YYYY-MM-DD`: the deal comes back when working time starts on or after it. */
  | { readonly kind: 'date'; readonly date: string };

export const SNOOZE_TWO_HOURS: SnoozePreset = { kind: 'hours', hours: 2 };

/**
 * Until when the deal stays out of the queue; null when the preset cannot be honoured (a
 * malformed or past date, or a schedule with no working time ahead).
 */
export function computeSnoozeUntil(preset: SnoozePreset, now: EpochMs, schedule: WorkingSchedule): EpochMs | null {
  switch (preset.kind) {
    case 'hours':
      return preset.hours > 0 ? ((now + preset.hours * 3_600_000) as EpochMs) : null;
    case 'tomorrow_morning':
      return startOfNextWorkingDay(schedule, now);
    case 'date': {
      const date = parseLocalDate(preset.date);
      if (!date) return null;
      const until = nextWorkingStart(schedule, fromLocalDateTime(schedule.timezone, date, 0));
      return until !== null && until > now ? until : null;
    }
  }
}
