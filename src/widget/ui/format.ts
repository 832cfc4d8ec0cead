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
/** date-fns' Russian `p` is "H:mm" (0:30); amoCRM and Russian business writing use "00:30". */
const TIME = { ru: 'HH:mm', en: 'p' } as const;

function inZone(at: EpochMs, timeZone: string): TZDate {
  return new TZDate(at, timeZone);
}

/** "23 нояб. 2026, 04:05" / "Nov 23, 2026, 4:05 AM". */
export function formatDateTime(at: EpochMs, settings: DateFormatSettings): string {
  const date = settings.language === 'ru' ? 'd MMM yyyy' : 'PP';
  return format(inZone(at, settings.timeZone), `${date}, ${TIME[settings.language]}`, { locale: LOCALES[settings.language] });
}

/** "23 нояб." / "Nov 23". */
export function formatDay(at: EpochMs, settings: DateFormatSettings): string {
  return format(inZone(at, settings.timeZone), settings.language === 'ru' ? 'd MMM' : 'MMM d', {
    locale: LOCALES[settings.language],
  });
}

/** "04:05" / "4:05 AM". */
export function formatTime(at: EpochMs, settings: DateFormatSettings): string {
  return format(inZone(at, settings.timeZone), TIME[settings.language], { locale: LOCALES[settings.language] });
}
