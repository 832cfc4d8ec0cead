/**
 * `<input type="datetime-local">` speaks wall-clock time without a zone; the deal's task is due in
 * the ACCOUNT's zone (a Moscow account with a head in Novosibirsk), so the conversion names it.
 */
import { TZDate } from '@date-fns/tz';
import type { UnixSeconds } from '../../../core/brand';

const LOCAL = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})$/;

export function parseLocalDateTime(text: string, timeZone: string): UnixSeconds | null {
  const parts = LOCAL.exec(text);
  if (parts === null) return null;
  const [year, month, day, hour, minute] = parts.slice(1).map(Number) as [number, number, number, number, number];
  const at = new TZDate(year, month - 1, day, hour, minute, timeZone).getTime();
  return Number.isFinite(at) ? (Math.floor(at / 1000) as UnixSeconds) : null;
}
