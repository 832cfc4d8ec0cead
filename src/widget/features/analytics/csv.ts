/**
 * CSV as spreadsheets in the user's language open it: Russian Excel splits on ";" and reads
 * "12,5" as a number, English on ",". A number is the screen's number (same rounding, same
 * decimal mark) without digit grouping — so "1 250 000" / "1,250,000" is a number, not a string —
 * with an ASCII minus and "12,5%" rather than "12,5 %"; a UTF-8 BOM tells Excel the encoding.
 */
import type { UiLanguage } from '../../ui/format';
import { formatNumber } from './format';
import { exportedColumns, exportLabel, type Cell, type TableModel } from './table';

// Spanish and Brazilian Excel use a decimal comma too, so they split on ";" like Russian.
const CSV_SEPARATOR: Record<UiLanguage, string> = { ru: ';', en: ',', es: ';', pt: ';' };

/** What a cell becomes in a CSV field. */
export function csvText(cell: Cell | undefined, language: UiLanguage): string {
  if (cell === undefined || cell.kind === 'spark') return '';
  if (cell.kind === 'text') return cell.text;
  if (cell.value === null) return '';
  return formatNumber(cell.kind, cell.value, language, false).replace(/[\s\u00a0\u202f]%/, '%').replace(/−/g, '-');
}

function quote(field: string, separator: string): string {
  return field.includes(separator) || /["\r\n]/.test(field) || /^\s|\s$/.test(field) ? `"${field.replace(/"/g, '""')}"` : field;
}

export function toCsv(table: TableModel, language: UiLanguage): string {
  const separator = CSV_SEPARATOR[language];
  const columns = exportedColumns(table);
  const line = (fields: string[]): string => fields.map((f) => quote(f, separator)).join(separator);
  const lines = [
    line(columns.map((i) => exportLabel(table.columns[i]!))),
    ...table.rows.map((row) => line(columns.map((i) => csvText(row.cells[i], language)))),
  ];
  return `\ufeff${lines.join('\r\n')}\r\n`;
}
