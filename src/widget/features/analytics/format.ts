/**
 * Numbers as the analytics tables show them, and as they are exported: one rounding per kind, so
 * the screen, the CSV and the XLSX carry the same numbers. Money is in the account's currency
 * (the service says which); the symbol goes into the column header, cells keep grouped digits.
 */
import { INTL_LOCALE, type UiLanguage } from '../../ui/format';

export type NumberKind = 'int' | 'money' | 'percent' | 'days' | 'delta' | 'deltaPercent';

const formats = new Map<string, Intl.NumberFormat>();

function numberFormat(language: UiLanguage, options: Intl.NumberFormatOptions, grouping = true): Intl.NumberFormat {
  if (!grouping) options = { ...options, useGrouping: false };
  const key = `${language}|${JSON.stringify(options)}`;
  let format = formats.get(key);
  if (format === undefined) {
    format = new Intl.NumberFormat(INTL_LOCALE[language], options);
    formats.set(key, format);
  }
  return format;
}

/** The value a cell of this kind holds after rounding to what is shown (shares: fractions, 3 decimals). */
export function roundFor(kind: NumberKind, value: number): number {
  switch (kind) {
    case 'int': case 'money': case 'delta': return Math.round(value);
    case 'percent': case 'deltaPercent': return Math.round(value * 1000) / 1000;
    case 'days': return Math.round(value * 10) / 10;
  }
}

const MINUS = '−';

/**
 * Screen text of a value: "1 250 000", "12,5 %" / "12.5%", "+3", "−1.5" (percentage points). `grouping: false`
 * gives the same number without thousands separators, as a spreadsheet reads it (CSV).
 */
export function formatNumber(kind: NumberKind, value: number, language: UiLanguage, grouping = true): string {
  const v = roundFor(kind, value);
  switch (kind) {
    case 'int': case 'money': return numberFormat(language, { maximumFractionDigits: 0 }, grouping).format(v);
    case 'days': return numberFormat(language, { minimumFractionDigits: 1, maximumFractionDigits: 1 }, grouping).format(v);
    case 'percent': return numberFormat(language, { style: 'percent', minimumFractionDigits: 1, maximumFractionDigits: 1 }, grouping).format(v);
    case 'delta': return signed(v, numberFormat(language, { maximumFractionDigits: 0 }, grouping).format(Math.abs(v)));
    case 'deltaPercent': {
      // Percentage points; the unit goes into the column header (the checklist must fit 1280 px).
      return signed(v, numberFormat(language, { minimumFractionDigits: 1, maximumFractionDigits: 1 }, grouping).format(Math.abs(v * 100)));
    }
  }
}

const signed = (v: number, abs: string): string => (v > 0 ? `+${abs}` : v < 0 ? `${MINUS}${abs}` : abs);

/** "₽", "$", "€"; the ISO code when the runtime has no symbol for it. */
export function currencySymbol(currency: string, language: UiLanguage): string {
  try {
    const parts = numberFormat(language, { style: 'currency', currency, currencyDisplay: 'narrowSymbol' }).formatToParts(0);
    return parts.find((p) => p.type === 'currency')?.value ?? currency;
  } catch {
    return currency;
  }
}

/** Money with its symbol, for text outside tables: "1 250 000 ₽". */
export function formatMoney(value: number, currency: string, language: UiLanguage): string {
  try {
    return numberFormat(language, { style: 'currency', currency, maximumFractionDigits: 0, minimumFractionDigits: 0 }).format(Math.round(value));
  } catch {
    return `${formatNumber('money', value, language)} ${currency}`;
  }
}
