/**
 * The one fixed "now" of the tests, its two forms, and the helpers that name other instants.
 *
 * A test that only needs some fixed now imports `NOW` (or `NOW_S`). A test whose assertions are
 * written around another date keeps that date, but spells it with `utc`/`seconds` under a name that
 * says what it is, so the reader never has to decode `Date.UTC(2026, 10, 20, 9)`.
 */
import { toUnixSeconds, type EpochMs, type UnixSeconds } from '../../src/core/brand';

export const utc = (iso: string): EpochMs => Date.parse(iso) as EpochMs;
export const seconds = (iso: string): UnixSeconds => toUnixSeconds(utc(iso));

/**
 * Monday 23 November 2026, 09:00 UTC = 12:00 in Moscow (UTC+3, no DST): a working day, inside the
 * default working hours of every account zone the tests use.
 */
export const NOW = utc('2026-11-23T09:00:00Z');
/** `NOW` as amoCRM sends it. */
export const NOW_S = toUnixSeconds(NOW);

/** Monday 2 June 2025, 12:00 in Moscow: the focus and distribution core tests' now (their ISO dates are written around it). */
export const JUNE_2_2025_NOON_MOSCOW = utc('2025-06-02T09:00:00Z');
