/**
 * The one account-time rule (docs/decisions/0003-account-time.md): working hours, "tomorrow
 * morning", end of day and due times are read in the zone an admin set in general settings, else
 * in amoCRM's own zone for the account, else UTC (amoCRM could not be asked). Widget and service
 * both call this; no feature keeps a zone of its own.
 */
const FALLBACK_ZONE = 'UTC';

export function resolveAccountTimeZone(adminZone: string | null | undefined, amoZone: string | null | undefined): string {
  return adminZone ?? amoZone ?? FALLBACK_ZONE;
}
