import { strFromU8, unzipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { csvText, toCsv } from '../../src/widget/features/analytics/csv';
import { formatNumber } from '../../src/widget/features/analytics/format';
import { numberCell, sparkCell, textCell, type TableModel } from '../../src/widget/features/analytics/table';
import { columnLetters, sheetName, toXlsx } from '../../src/widget/features/analytics/xlsx';

function sample(language: 'ru' | 'en'): TableModel {
  return {
    id: 'sample', title: 'Чек-лист: неделя [47]',
    columns: [
      { id: 'name', label: 'Manager', text: true }, { id: 'open', label: 'Week', group: 'Open deals' }, { id: 'share', label: 'Week', group: 'On time' },
      { id: 'change', label: 'Δ', group: 'On time' }, { id: 'value', label: 'Value' }, { id: 'trend', label: 'Trend' },
    ],
    rows: [
      { key: 'a', cells: [textCell('Анна; "Старшая"'), numberCell('int', 1250, language), numberCell('percent', 0.8254, language), numberCell('deltaPercent', -0.075, language), numberCell('money', 1_250_000.4, language), sparkCell([1, 2, null])] },
      { key: 'b', cells: [textCell('Борис'), numberCell('int', null, language), numberCell('percent', 0.5, language), numberCell('delta', 3, language), numberCell('money', 0, language), sparkCell([])] },
    ],
  };
}

describe('numbers as shown', () => {
  it('rounds once per kind and formats per language', () => {
    expect(formatNumber('percent', 0.8254, 'en')).toBe('82.5%');
    expect(formatNumber('int', 1250, 'en')).toBe('1,250');
    expect(formatNumber('delta', -2, 'en')).toBe('−2');
    expect(formatNumber('deltaPercent', 0.015, 'en')).toBe('+1.5');
    expect(formatNumber('days', 7.25, 'ru')).toBe('7,3');
    expect(numberCell('percent', 0.8254, 'en')).toMatchObject({ value: 0.825, text: '82.5%' });
  });
});

describe('CSV', () => {
  it('writes the screen text without digit grouping, in the separator the language\'s Excel expects', () => {
    const en = toCsv(sample('en'), 'en');
    expect(en.startsWith('\ufeff')).toBe(true);
    expect(en.slice(1).split('\r\n')).toEqual([
      'Manager,Open deals: Week,On time: Week,On time: Δ,Value',
      '"Анна; ""Старшая""",1250,82.5%,-7.5,1250000',
      'Борис,,50.0%,+3,0',
      '',
    ]);
    const ru = toCsv(sample('ru'), 'ru').slice(1).split('\r\n');
    expect(ru[1]).toBe('"Анна; ""Старшая""";1250;82,5%;-7,5;1250000');
    expect(csvText(numberCell('int', 1_234_567, 'ru'), 'ru')).toBe('1234567');
    expect(csvText(numberCell('money', 1_234_567, 'en'), 'en')).toBe('1234567');
  });
});

describe('XLSX', () => {
  it('is a zip of the SpreadsheetML parts with numbers as numbers, rounded as on screen', () => {
    const files = unzipSync(toXlsx(sample('en')));
    expect(Object.keys(files).sort()).toEqual([
      '[Content_Types].xml', '_rels/.rels', 'xl/_rels/workbook.xml.rels', 'xl/styles.xml', 'xl/workbook.xml', 'xl/worksheets/sheet1.xml',
    ]);
    const sheet = strFromU8(files['xl/worksheets/sheet1.xml']!);
    expect(sheet).toContain('<c r="A2" t="inlineStr"><is><t xml:space="preserve">Анна; &quot;Старшая&quot;</t></is></c>');
    expect(sheet).toContain('<c r="B2" s="2"><v>1250</v></c>');
    expect(sheet).toContain('<c r="C2" s="3"><v>0.825</v></c>');
    expect(sheet).toContain('<c r="E2" s="2"><v>1250000</v></c>');
    // The empty cell is left out, the sparkline column is not exported.
    expect(sheet).not.toContain('r="B3"');
    expect(sheet).not.toContain('r="F1"');
    expect(sheet).toContain('<c r="B1" t="inlineStr" s="1"><is><t xml:space="preserve">Open deals: Week</t></is></c>');
    expect(strFromU8(files['xl/workbook.xml']!)).toContain('name="Чек-лист  неделя  47"');
  });

  it('names columns like Excel and keeps sheet names legal', () => {
    expect([0, 25, 26, 51, 52, 701, 702].map(columnLetters)).toEqual(['A', 'Z', 'AA', 'AZ', 'BA', 'ZZ', 'AAA']);
    expect(sheetName('a'.repeat(40))).toHaveLength(31);
    expect(sheetName('///')).toBe('Sheet1');
  });
});
