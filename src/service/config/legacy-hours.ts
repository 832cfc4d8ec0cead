/**
 * Working hours as documents stored them before issue 12, upgraded to the one shape
 * (./sections/working-hours.ts, core WeeklyHours) before the schema reads them:
 *
 * | where                                   | before                                        | after                                 |
 * |-----------------------------------------|-----------------------------------------------|---------------------------------------|
 * | focus.schedule                          | `{timezone?, days: {1: [{start: 540, end: 1080}]}}` | same, `timezone` dropped          |
 * | distribution.pools[].hours, .managerHours[].hours | `{days: {"1": [{from: "09:00", to: "18:00"}]}}` | `{days: {1: [{start: 540, end: 1080}]}}` |
 * | refusals.schedule                       | `{timezone?, days?: {"1": [{start: "09:00", end: "18:00"}]}}` | minutes, `timezone` dropped; no `days` = Mon–Fri 09:00–18:00 |
 *
 * Section zones were already ignored (docs/decisions/0003-account-time.md), so dropping them
 * changes no meaning. Used on every stored document read (../config/repository.ts), on every
 * configuration an API client sends (old clients keep working) and by store migration 0470, which
 * rewrites stored documents once. A time that is no `HH:MM` is left as it came, so the schema
 * reports it at its path (a 400), never guessed.
 */
import { isRecord } from '../../core/is-record';
import { isValidTimeZone, parseClockTime } from '../../core/time/zone';
import { NINE_TO_SIX_WEEKDAYS } from './sections/working-hours';

const minutesOf = (value: unknown): unknown => (typeof value === 'string' ? parseClockTime(value) ?? value : value);

function upgradeInterval(value: unknown): unknown {
  if (!isRecord(value)) return value;
  const keys = Object.keys(value).sort().join(',');
  if (keys === 'from,to') return { start: minutesOf(value.from), end: minutesOf(value.to) };
  if (keys === 'end,start') return { start: minutesOf(value.start), end: minutesOf(value.end) };
  return value;
}

function upgradeHours(value: unknown, defaultDays?: unknown): unknown {
  if (!isRecord(value)) return value;
  const { timezone, days = defaultDays, ...rest } = value;
  // A section zone is ignored (decision 0003); one that is no zone at all is left for the schema to refuse.
  const zone = typeof timezone === 'string' && isValidTimeZone(timezone) ? {} : { timezone };
  const upgraded = isRecord(days)
    ? Object.fromEntries(Object.entries(days).map(([day, list]) => [day, Array.isArray(list) ? list.map(upgradeInterval) : list]))
    : days;
  return { ...rest, ...(timezone === undefined ? {} : zone), days: upgraded };
}

const upgradeEach = (list: unknown): unknown => (Array.isArray(list)
  ? list.map((entry) => (isRecord(entry) && 'hours' in entry ? { ...entry, hours: upgradeHours(entry.hours) } : entry))
  : list);

function withSection(document: Record<string, unknown>, name: string, upgrade: (section: Record<string, unknown>) => Record<string, unknown>): Record<string, unknown> {
  const section = document[name];
  return isRecord(section) ? { ...document, [name]: upgrade(section) } : document;
}

/** The document (or any object with these sections) with every working-hours value in the one shape. */
export function upgradeLegacyHours(document: unknown): unknown {
  if (!isRecord(document)) return document;
  let next = withSection(document, 'focus', (focus) => ('schedule' in focus ? { ...focus, schedule: upgradeHours(focus.schedule) } : focus));
  next = withSection(next, 'distribution', (distribution) => ({
    ...distribution,
    ...('pools' in distribution ? { pools: upgradeEach(distribution.pools) } : {}),
    ...('managerHours' in distribution ? { managerHours: upgradeEach(distribution.managerHours) } : {}),
  }));
  return withSection(next, 'refusals', (refusals) => ('schedule' in refusals
    ? { ...refusals, schedule: upgradeHours(refusals.schedule, NINE_TO_SIX_WEEKDAYS.days) }
    : refusals));
}
