/**
 * Dates as the account sees them: in the account's time zone (APP.constant('account').timezone),
 * not the browser's, and in the user's language. amoCRM users often sit in a different zone than
 * the account (a Moscow account with managers in Novosibirsk), and "due today" must mean the same
 * day for everyone.
 */
import { format } from 'date-fns';
import { enUS, es, ptBR, ru } from 'date-fns/locale';
import { TZDate } from '@date-fns/tz';
import type { EpochMs } from '../../core/brand';

export type UiLanguage = 'ru' | 'en' | 'es' | 'pt';

export interface DateFormatSettings {
  language: UiLanguage;
  /** IANA zone, e.g. "Europe/Moscow". */
  timeZone: string;
  /** The account's currency (ISO 4217, APP.constant('account').currency); deal values are in it. */
  currency?: string;
}

const LOCALES = { ru, en: enUS, es, pt: ptBR } as const;
/** Intl locales of the interface languages: Kommo's Portuguese is Brazil's; Spanish without a region writes 7,5 (es-419 would write 7.5 as Mexico does). */
export const INTL_LOCALE = { ru: 'ru-RU', en: 'en-US', es: 'es', pt: 'pt-BR' } as const;
/** date-fns' Russian `p` is "H:mm" (0:30); amoCRM and Russian business writing use "00:30". */
const TIME = { ru: 'HH:mm', en: 'p', es: 'HH:mm', pt: 'HH:mm' } as const;
/** How a person of the language writes a day: what date fields show and accept. */
export const DAY_PATTERN = { ru: 'dd.MM.yyyy', en: 'MM/dd/yyyy', es: 'dd/MM/yyyy', pt: 'dd/MM/yyyy' } as const;

function inZone(at: EpochMs, timeZone: string): TZDate {
  return new TZDate(at, timeZone);
}

/** "23 нояб. 2026, 04:05" / "Nov 23, 2026, 4:05 AM". */
export function formatDateTime(at: EpochMs, settings: DateFormatSettings): string {
  const date = settings.language === 'en' ? 'PP' : 'd MMM yyyy';
  return format(inZone(at, settings.timeZone), `${date}, ${TIME[settings.language]}`, { locale: LOCALES[settings.language] });
}

/** "23 нояб." / "Nov 23". */
export function formatDay(at: EpochMs, settings: DateFormatSettings): string {
  return format(inZone(at, settings.timeZone), settings.language === 'en' ? 'MMM d' : 'd MMM', {
    locale: LOCALES[settings.language],
  });
}

/** "04:05" / "4:05 AM". */
export function formatTime(at: EpochMs, settings: DateFormatSettings): string {
  return format(inZone(at, settings.timeZone), TIME[settings.language], { locale: LOCALES[settings.language] });
}

const numberFormats = new Map<string, Intl.NumberFormat>();
function numberFormat(language: UiLanguage, options: Intl.NumberFormatOptions): Intl.NumberFormat {
  const key = `${language}:${JSON.stringify(options)}`;
  let found = numberFormats.get(key);
  if (found === undefined) {
    found = new Intl.NumberFormat(INTL_LOCALE[language], options);
    numberFormats.set(key, found);
  }
  return found;
}

/** "7,5" / "7.5": the language's decimal mark, at most `fractionDigits` decimals. */
export function formatNumber(value: number, language: UiLanguage, fractionDigits = 0): string {
  return numberFormat(language, { maximumFractionDigits: fractionDigits }).format(value);
}

/** "150 000 ₽" / "R$ 150.000": a deal value in the account's currency; grouped digits when it is unknown. */
export function formatMoney(value: number, settings: DateFormatSettings): string {
  const currency = settings.currency;
  if (currency !== undefined && /^[A-Z]{3}$/.test(currency)) {
    try {
      return numberFormat(settings.language, { style: 'currency', currency, maximumFractionDigits: 0 }).format(value);
    } catch {
      // An unknown code: the digits alone are still right.
    }
  }
  return formatNumber(value, settings.language);
}

/** "Москва, стандартное время" rather than "Europe/Moscow": the zone as the language names it. */
export function formatZone(settings: DateFormatSettings): string {
  try {
    const parts = new Intl.DateTimeFormat(INTL_LOCALE[settings.language], { timeZone: settings.timeZone, timeZoneName: 'long' }).formatToParts(0);
    return parts.find((part) => part.type === 'timeZoneName')?.value ?? settings.timeZone;
  } catch {
    return settings.timeZone;
  }
}

/** `yyyy-MM-dd` shown as the language writes it ("23.11.2026"); '' stays ''. */
export function formatIsoDay(iso: string, language: UiLanguage): string {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso);
  if (!match) return '';
  const [, y, m, d] = match as unknown as [string, string, string, string];
  return DAY_PATTERN[language].replace('yyyy', y).replace('MM', m).replace('dd', d);
}

/** A day as the language writes it ("23.11.2026", "23/11/2026", "11/23/2026") → `yyyy-MM-dd`, or null. */
export function parseDay(text: string, language: UiLanguage): string | null {
  // ISO as pasted from elsewhere ("2027-01-07") is unambiguous in every language.
  const iso = /^(\d{4})-(\d{1,2})-(\d{1,2})$/.exec(text.trim());
  if (iso) return parseDay(formatIsoDay(`${iso[1]}-${iso[2]!.padStart(2, '0')}-${iso[3]!.padStart(2, '0')}`, language), language);
  const digits = text.trim().split(/[./-]/);
  if (digits.length !== 3 || !digits.every((part) => /^\d{1,4}$/.test(part))) return null;
  const order = DAY_PATTERN[language].split(/[./]/);
  const value = (unit: string): number => Number(digits[order.findIndex((part) => part.startsWith(unit))]);
  const [year, month, day] = [value('y'), value('M'), value('d')];
  if (year < 1000 || month < 1 || month > 12 || day < 1) return null;
  const check = new Date(Date.UTC(year, month - 1, day));
  if (check.getUTCMonth() !== month - 1) return null;
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}
