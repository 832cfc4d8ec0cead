/**
 * Draws a TableModel (./table.ts) with its CSV / XLSX buttons: what the buttons write is the
 * model the table was drawn from. Column groups get a spanning header row.
 */
import type { ComponentChildren } from 'preact';
import { useState } from 'preact/hooks';
import { useUi } from '../../ui/context';
import { downloadTable, type ExportFormat } from './export';
import { Sparkline } from './Sparkline';
import type { Cell, Column, TableModel } from './table';

export interface DataTableProps {
  table: TableModel;
  /** Stable name for tests and e2e: `data-fr-an-table`. */
  name: string;
  note?: ComponentChildren;
  /** A small table: no need to stretch over the whole page. */
  narrow?: boolean;
  /** Makes number cells of these columns buttons (e.g. "list the deals behind this count"). */
  onCellClick?: (rowKey: string, columnId: string) => void;
  clickable?: (rowKey: string, columnId: string) => boolean;
}

interface GroupSpan { label: string | null; span: number; start: number }

function groupSpans(columns: readonly Column[]): GroupSpan[] {
  const spans: GroupSpan[] = [];
  columns.forEach((column, i) => {
    const label = column.group ?? null;
    const last = spans[spans.length - 1];
    if (last !== undefined && label !== null && last.label === label) last.span += 1;
    else spans.push({ label, span: 1, start: i });
  });
  return spans;
}

const heatStyle = (heat: number): Record<string, string> => ({
  background: `rgba(29,63,143,${(0.06 + 0.64 * Math.max(0, Math.min(1, heat))).toFixed(2)})`,
  color: heat > 0.55 ? '#fff' : '#313942',
});

export function DataTable({ table, name, note, narrow = false, onCellClick, clickable }: DataTableProps) {
  const { t, dates } = useUi();
  const [busy, setBusy] = useState<ExportFormat | null>(null);
  const [failed, setFailed] = useState(false);
  const grouped = table.columns.some((c) => c.group !== undefined);
  const spans = groupSpans(table.columns);
  const groupStarts = new Set(spans.filter((s) => s.label !== null).map((s) => s.start));
  const save = (format: ExportFormat) => {
    setBusy(format);
    setFailed(false);
    downloadTable(table, format, dates.language).then(() => setBusy(null), () => { setBusy(null); setFailed(true); });
  };
  const cellClass = (cell: Cell, column: Column, i: number): string => [
    column.text || cell.kind === 'text' ? 'fr-an-text' : '',
    groupStarts.has(i) ? 'fr-an-first' : '',
    'tone' in cell && cell.tone !== undefined ? `fr-an-${cell.tone}` : '',
    changeClass(cell),
  ].filter(Boolean).join(' ');
  return (
    <section class={narrow ? 'fr-an-section fr-an-section--narrow' : 'fr-an-section'} data-fr-an-table={name}>
      <div class="fr-an-section__head">
        <h3 class="fr-an-h">{table.title}</h3>
        <div class="fr-an-export">
          {failed && <span class="fr-an-muted" role="alert">{t('analytics.export.failed')}</span>}
          {(['csv', 'xlsx'] as const).map((format) => (
            <button key={format} type="button" class="fr-an-btn fr-an-btn--small" data-fr-an-export={format} disabled={busy !== null}
              aria-label={t('analytics.export.label', { format: format.toUpperCase(), table: table.title })} onClick={() => save(format)}>
              {format.toUpperCase()}
            </button>
          ))}
        </div>
      </div>
      {note}
      {table.rows.length === 0 ? <p class="fr-an-empty">{t('analytics.empty')}</p> : (
        <div class="fr-an-scroll">
          <table class="fr-an-table">
            <thead>
              {grouped && (
                <tr>
                  {spans.map((s) => s.label === null
                    ? <th key={s.start} rowSpan={2} class={table.columns[s.start]?.text ? 'fr-an-text' : ''}>{table.columns[s.start]?.label}</th>
                    : <th key={s.start} colSpan={s.span} class="fr-an-group">{s.label}</th>)}
                </tr>
              )}
              <tr>
                {table.columns.map((column, i) => (grouped && column.group === undefined ? null : (
                  <th key={column.id} scope="col" class={[column.text ? 'fr-an-text' : '', groupStarts.has(i) ? 'fr-an-first' : ''].filter(Boolean).join(' ')}>{column.label}</th>
                )))}
              </tr>
            </thead>
            <tbody>
              {table.rows.map((row) => (
                <tr key={row.key} class={row.total ? 'fr-an-total' : undefined} data-fr-an-row={row.key}>
                  {row.cells.map((cell, i) => {
                    const column = table.columns[i];
                    if (column === undefined) return null;
                    const style = 'heat' in cell && cell.heat !== undefined && cell.value !== null ? heatStyle(cell.heat) : undefined;
                    return (
                      <td key={column.id} class={cellClass(cell, column, i) || undefined} style={style} data-fr-an-col={column.id}>
                        {renderCell(cell, row.key, column.id, onCellClick, clickable)}
                      </td>
                    );
                  })}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

/** A change is green when it went the good way, red when the bad way (a metric's polarity says which). */
function changeClass(cell: Cell): string {
  if ((cell.kind !== 'delta' && cell.kind !== 'deltaPercent') || cell.value === null || cell.value === 0) return '';
  const signed = cell.value * (cell.polarity ?? 1);
  return signed > 0 ? 'fr-an-up' : signed < 0 ? 'fr-an-down' : '';
}

function renderCell(cell: Cell, rowKey: string, columnId: string, onCellClick: DataTableProps['onCellClick'], clickable: DataTableProps['clickable']) {
  if (cell.kind === 'spark') return <Sparkline width={60} points={cell.points} label={cell.points.map((p) => (p === null ? '—' : String(p))).join(', ')} />;
  if (cell.kind === 'text' && cell.href !== undefined) {
    return <a class="fr-an-link" href={cell.href} target="_blank" rel="noopener" data-fr-an-deal="">{cell.text}</a>;
  }
  if (cell.kind !== 'text' && cell.value !== null && onCellClick !== undefined && (clickable === undefined || clickable(rowKey, columnId))) {
    return <button type="button" class="fr-an-cellbtn" onClick={() => onCellClick(rowKey, columnId)}>{cell.text}</button>;
  }
  return cell.text;
}
