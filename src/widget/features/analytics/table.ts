/**
 * One model per table, drawn by DataTable and written by the CSV and XLSX exports: the numbers in
 * a download are the ones on screen because both read the same cells (rounded once, in cell()).
 */
import type { UiLanguage } from '../../ui/format';
import { formatNumber, roundFor, type NumberKind } from './format';

/** Highlights: out of the target band (worse / better side), a manager far from the team, a weak cell. */
export type Tone = 'bad' | 'good' | 'outlier';

export type Cell =
  | { kind: 'text'; text: string; href?: string; tone?: Tone }
  /** `polarity`: for a change, whether up is good (1, green), bad (−1, red) or neither (0). */
  | { kind: NumberKind; value: number | null; text: string; tone?: Tone; heat?: number; polarity?: 1 | -1 | 0 }
  /** Screen only (a sparkline); left out of exports. */
  | { kind: 'spark'; points: ReadonlyArray<number | null>; text: '' };

export interface Column {
  id: string;
  label: string;
  /** Columns sharing a group get a spanning header on screen and "group: label" in exports. */
  group?: string;
  /** Left-aligned text column (names); numbers align right. */
  text?: boolean;
}

export interface Row {
  key: string;
  cells: Cell[];
  /** The team total / totals row: bold, last. */
  total?: boolean;
}

export interface TableModel {
  /** File name stem of the exports, e.g. "checklist-2026-11-23". */
  id: string;
  title: string;
  columns: Column[];
  rows: Row[];
}

const NO_VALUE = '—';

export const textCell = (text: string, extra: { href?: string; tone?: Tone } = {}): Cell => ({ kind: 'text', text, ...extra });

export function numberCell(kind: NumberKind, value: number | null, language: UiLanguage, extra: { tone?: Tone; heat?: number; polarity?: 1 | -1 | 0 } = {}): Cell {
  if (value === null || !Number.isFinite(value)) return { kind, value: null, text: NO_VALUE, ...extra };
  const rounded = roundFor(kind, value);
  return { kind, value: rounded, text: formatNumber(kind, rounded, language), ...extra };
}

export const sparkCell = (points: ReadonlyArray<number | null>): Cell => ({ kind: 'spark', points, text: '' });

/** Indexes of the columns an export writes (sparklines are pictures, not numbers). */
export function exportedColumns(table: TableModel): number[] {
  const first = table.rows[0];
  return table.columns.map((_, i) => i).filter((i) => first === undefined || first.cells[i]?.kind !== 'spark');
}

export const exportLabel = (column: Column): string => (column.group === undefined ? column.label : `${column.group}: ${column.label}`);
