/** Saves a table as a file the browser downloads; the XLSX writer (and fflate) loads on first use. */
import type { UiLanguage } from '../../ui/format';
import { toCsv } from './csv';
import type { TableModel } from './table';

export type ExportFormat = 'csv' | 'xlsx';

const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

const fileName = (table: TableModel, format: ExportFormat): string => `${table.id.replace(/[^\w.-]+/g, '-')}.${format}`;

async function exportBlob(table: TableModel, format: ExportFormat, language: UiLanguage): Promise<Blob> {
  if (format === 'csv') return new Blob([toCsv(table, language)], { type: 'text/csv;charset=utf-8' });
  const { toXlsx } = await import(/* webpackChunkName: "analytics-xlsx" */ './xlsx');
  const bytes = toXlsx(table);
  return new Blob([bytes.buffer as ArrayBuffer], { type: XLSX_TYPE });
}

export async function downloadTable(table: TableModel, format: ExportFormat, language: UiLanguage, doc: Document = document): Promise<void> {
  const blob = await exportBlob(table, format, language);
  const url = URL.createObjectURL(blob);
  const link = doc.createElement('a');
  link.href = url;
  link.download = fileName(table, format);
  link.style.display = 'none';
  doc.body.appendChild(link);
  link.click();
  link.remove();
  // The download has started by now; the URL is not needed after this turn.
  setTimeout(() => URL.revokeObjectURL(url), 0);
}
