/**
 * Working hours, one shape for focus, distribution and refusals: the core's WeeklyHours
 * (src/core/time/schedule.ts) — ISO weekday → intervals in minutes since local midnight, plus
 * holidays. Wall-clock in the account's zone (core resolveAccountTimeZone); the zone is not stored.
 * Meaning (order, overlaps, real dates) is checked by core deriveScheduleProblems, the same check
 * the widget's editor runs, so a message lands on the same path on both sides.
 *
 * Documents saved before this shape (issue 12) are upgraded by ../legacy-hours.ts before parsing.
 */
import { z } from 'zod';
import type { WorkingHoursConfig } from '../../../contract/config';
import { deriveScheduleProblems } from '../../../core/time/validate';
import { isValidTimeZone } from '../../../core/time/zone';

/** Six blocks a day: more than any real shift pattern, few enough to read. */
const MAX_INTERVALS_PER_DAY = 6;

const minuteOfDay = z.number({ error: 'minutes since local midnight, 0–1440' }).int().min(0).max(1440);
const interval = z.object({ start: minuteOfDay, end: minuteOfDay }).strict();
const dayIntervals = z.array(interval).max(MAX_INTERVALS_PER_DAY).optional();

export const workingHoursSchema = z.object({
  /**
   * Deprecated and dropped (docs/decisions/0003-account-time.md): a zone older clients still send
   * is checked, so a typo is a 400 rather than silently meaningless, and never stored.
   */
  timezone: z.string().max(64).refine(isValidTimeZone, 'not an IANA time zone').optional(),
  days: z.object({ 1: dayIntervals, 2: dayIntervals, 3: dayIntervals, 4: dayIntervals, 5: dayIntervals, 6: dayIntervals, 7: dayIntervals }).strict(),
  holidays: z.array(z.string().max(10)).max(400).default([]),
}).strict().superRefine((hours, ctx) => {
  for (const problem of deriveScheduleProblems(hours)) {
    if (problem.code === 'bad_interval') {
      // A minute out of range was reported by the field itself; here only the order is left to say.
      const wrong = hours.days[problem.weekday]?.[problem.index];
      if (wrong !== undefined && minuteOfDay.safeParse(wrong.start).success && minuteOfDay.safeParse(wrong.end).success) ctx.addIssue({ code: 'custom', path: ['days', String(problem.weekday), problem.index, 'end'], message: 'must end after it starts' });
    } else if (problem.code === 'overlapping_intervals') {
      ctx.addIssue({ code: 'custom', path: ['days', String(problem.weekday)], message: 'intervals overlap' });
    } else if (problem.code === 'bad_holiday') {
      ctx.addIssue({ code: 'custom', path: ['holidays', hours.holidays.indexOf(problem.value)], message: 'expected an existing date YYYY-MM-DD' });
    }
    // no_working_time is a problem only where hours must exist (refusal due times): ./refusals.ts.
  }
  // eslint-disable-next-line @typescript-eslint/no-unused-vars -- the zone is dropped, see above
}).transform(({ timezone, ...hours }) => hours);

/** Monday to Friday, 09:00–18:00: refusals' default and what an admin starts from. */
export const NINE_TO_SIX_WEEKDAYS: WorkingHoursConfig = {
  days: { 1: [{ start: 540, end: 1080 }], 2: [{ start: 540, end: 1080 }], 3: [{ start: 540, end: 1080 }], 4: [{ start: 540, end: 1080 }], 5: [{ start: 540, end: 1080 }] },
  holidays: [],
};
