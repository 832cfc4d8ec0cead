/**
 * Dates as the account sees them: in the account's time zone (APP.constant('account').timezone),
 * not the browser's, and in the user's language. amoCRM users often sit in a different zone than
 * the account (a Moscow account with managers in Novosibirsk), and "due today" must mean the same
 * day for everyone.
 */
import { format } from 'date-fns';
import { enUS, ru } from 'date-fns/locale';
import { TZDate } from '@date-fns/tz';
import type { EpochMs } from '../../core/brand';

export type UiLanguage = 'ru' | 'en';

export interface DateFormatSettings {
  language: UiLanguage;
  /** IANA zone, e.g. "Europe/Moscow". */
  timeZone: string;
}

const LOCALES = { ru, en: enUS } as const;

function inZone(at: EpochMs, timeZone: string): TZDate {
  return new TZDate(at, timeZone);
}

/** "23 нояб. 2026 г., 14:05" / "Nov 23, 2026, 2:05 PM". */
export function formatDateTime(at: EpochMs, settings: DateFormatSettings): string {
  return format(inZone(at, settings.timeZone), 'PPp', { locale: LOCALES[settings.language] });
}

/** "23 нояб." / "Nov 23". */
export function formatDay(at: EpochMs, settings: DateFormatSettings): string {
  return format(inZone(at, settings.timeZone), settings.language === 'ru' ? 'd MMM' : 'MMM d', {
    locale: LOCALES[settings.language],
  });
}

/** "14:05" / "2:05 PM". */
export function formatTime(at: EpochMs, settings: DateFormatSettings): string {
  return format(inZone(at, settings.timeZone), 'p', { locale: LOCALES[settings.language] });
}
