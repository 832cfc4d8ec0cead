/**
 * Kept apart from ./format.ts: the launcher shell needs this check, and importing format.ts would
 * pull date-fns and both locales into the initial script instead of the lazy chunks.
 */

/** True when this browser's Intl knows the IANA zone; an unknown zone would make date-fns throw. */
export function isKnownTimeZone(timeZone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone });
    return true;
  } catch {
    return false;
  }
}
