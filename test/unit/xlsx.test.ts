import { describe, expect, it } from 'vitest';
import { columnName, readXlsx, writeXlsx, type Sheet } from '../../src/io/xlsx.js';
import { readZip } from '../../src/io/zip.js';

const sheets: Sheet[] = [
  { name: '排行榜', header: ['排名', '总分', '企业名称'], rows: [[1, { num: '84.50' }, '=HYPERLINK("http://evil","x")'], [2, { num: '-0.50' }, '甲 & 乙 <公司>']] },
  { name: 'Second', header: ['a'], rows: [['@SUM(1)'], ['+1'], ['-1'], ['plain']] },
];

describe('minimal XLSX writer', () => {
  it('names columns like Excel', () => {
    expect([0, 25, 26, 27, 701, 702].map(columnName)).toEqual(['A', 'Z', 'AA', 'AB', 'ZZ', 'AAA']);
  });

  it('is byte-identical for the same input', () => {
    const a = writeXlsx(sheets, { date: '2026-05-01', title: 't' });
    const b = writeXlsx(sheets, { date: '2026-05-01', title: 't' });
    expect(Buffer.from(a).equals(Buffer.from(b))).toBe(true);
  });

  it('holds the parts a spreadsheet needs, with a frozen header, widths and fixed dates', () => {
    const files = new Map(readZip(writeXlsx(sheets, { date: '2026-05-01' })).map((e) => [e.name, new TextDecoder().decode(e.data)]));
    expect([...files.keys()][0]).toBe('[Content_Types].xml');
    for (const p of ['_rels/.rels', 'xl/workbook.xml', 'xl/_rels/workbook.xml.rels', 'xl/styles.xml', 'xl/sharedStrings.xml', 'xl/worksheets/sheet1.xml', 'xl/worksheets/sheet2.xml', 'docProps/core.xml']) {
      expect(files.has(p), p).toBe(true);
    }
    const s1 = files.get('xl/worksheets/sheet1.xml')!;
    expect(s1).toContain('state="frozen"');
    expect(s1).toContain('ySplit="1"');
    expect(s1).toMatch(/<col min="3" max="3" width="\d+" customWidth="1"\/>/);
    expect(s1).not.toContain('<f>');
    expect(files.get('docProps/core.xml')).toContain('2026-05-01T00:00:00Z');
  });

  it('writes numbers as numbers and formula-like text as quote-prefixed plain text, never a formula', () => {
    const [s1, s2] = readXlsx(writeXlsx(sheets, { date: '2026-05-01' }));
    expect(s1!.name).toBe('排行榜');
    expect(s1!.rows[1]![0]).toMatchObject({ value: '1', type: 'number' });
    expect(s1!.rows[1]![1]).toMatchObject({ value: '84.50', type: 'number', formula: false });
    expect(s1!.rows[2]![1]).toMatchObject({ value: '-0.50', type: 'number', quotePrefix: false });
    expect(s1!.rows[1]![2]).toEqual({ value: '=HYPERLINK("http://evil","x")', type: 'string', formula: false, quotePrefix: true });
    expect(s1!.rows[2]![2]).toEqual({ value: '甲 & 乙 <公司>', type: 'string', formula: false, quotePrefix: false });
    expect(s2!.rows.slice(1).map((r) => [r[0]!.value, r[0]!.quotePrefix, r[0]!.type])).toEqual([
      ['@SUM(1)', true, 'string'], ['+1', true, 'string'], ['-1', true, 'string'], ['plain', false, 'string'],
    ]);
  });
});

describe('the worksheet row limit', () => {
  it('is Excel\'s: 1,048,576 rows a worksheet with the header, so 1,048,575 data rows', async () => {
    const { MAX_SHEET_DATA_ROWS, sheetParts } = await import('../../src/io/xlsx.js');
    expect(MAX_SHEET_DATA_ROWS).toBe(1_048_575);
    const t = (rows: number) => ({ name: '单项指标排行', table: { rows } });
    expect(sheetParts([t(1_048_575)])).toEqual([{ sheet: 0, from: 0, to: 1_048_575, name: '单项指标排行' }]);
    expect(sheetParts([t(1_048_576), t(0)])).toEqual([
      { sheet: 0, from: 0, to: 1_048_575, name: '单项指标排行' }, { sheet: 0, from: 1_048_575, to: 1_048_576, name: '单项指标排行 (2)' },
      { sheet: 1, from: 0, to: 0, name: '单项指标排行' }]);
    // a continuation's number stays within Excel's 31 characters
    expect(sheetParts([{ name: 'x'.repeat(31), table: { rows: 3 } }], 2).map((p) => p.name)).toEqual(['x'.repeat(31), `${'x'.repeat(27)} (2)`]);
    expect(() => sheetParts([t(3)], 0)).toThrow(/positive integer/);
  });

  it('continues a longer table on worksheets "<name> (2)", … each with the header, rows numbered from 2; the same bytes block by block', async () => {
    const { writeXlsxAsync } = await import('../../src/io/xlsx.js');
    const t: Sheet = { name: '排行', header: ['n', '企业'], rows: Array.from({ length: 7 }, (_, i) => [i, i % 2 ? `企业${i}` : '=x']) };
    const small: Sheet = { name: 'small', header: ['a'], rows: [['y'], ['企业1']] };
    const o = { date: '2026-05-01', maxRowsPerSheet: 3 };
    const book = writeXlsx([t, small], o);
    const read = readXlsx(book);
    expect(read.map((w) => [w.name, w.rows.map((r) => r.map((c) => c.value).join('|'))])).toEqual([
      ['排行', ['n|企业', '0|=x', '1|企业1', '2|=x']],
      ['排行 (2)', ['n|企业', '3|企业3', '4|=x', '5|企业5']],
      ['排行 (3)', ['n|企业', '6|=x']],
      ['small', ['a', 'y', '企业1']],
    ]);
    expect(read[1]!.rows[2]![1]).toMatchObject({ value: '=x', quotePrefix: true, formula: false });
    const files = new Map(readZip(book).map((e) => [e.name, new TextDecoder().decode(e.data)]));
    const s2 = files.get('xl/worksheets/sheet2.xml')!;
    expect(s2).toContain('<dimension ref="A1:B4"/>');
    expect(s2).toContain('<row r="2"><c r="A2" s="3"><v>3</v></c>');
    expect(s2).toContain('state="frozen"');
    expect(s2).toContain('<autoFilter ref="A1:B4"/>');
    expect(files.get('xl/worksheets/sheet3.xml')!).toContain('<autoFilter ref="A1:B2"/>');
    // texts: n, 企业 (header, three times), =x ×4, 企业1, 企业3, 企业5, then a, y, 企业1
    expect(files.get('xl/sharedStrings.xml')!).toContain('count="16" uniqueCount="8"');
    for (const cells of [1, 3, 1 << 20]) {
      expect(Buffer.from(await writeXlsxAsync([t, small], o, cells)).equals(Buffer.from(book)), `${cells} cells a block`).toBe(true);
    }
  });
});

describe('the cell text limit', () => {
  it('cuts a text longer than Excel\'s 32,767 characters, with a mark, the same way on every path', async () => {
    const { writeXlsxAsync, cellText, MAX_CELL_TEXT } = await import('../../src/io/xlsx.js');
    expect(MAX_CELL_TEXT).toBe(32_767);
    const long = '证据'.repeat(20_000); // 40,000 characters
    const exact = 'x'.repeat(32_767);
    const astral = 'a'.repeat(32_767 - 16) + '😀'.repeat(10); // a surrogate pair straddles the cut
    expect(cellText(exact)).toBe(exact);
    expect(cellText(long)).toHaveLength(32_767);
    expect(cellText(long).endsWith('…[截断 truncated]')).toBe(true);
    expect(cellText(astral).endsWith('a…[截断 truncated]')).toBe(true);
    const t: Sheet = { name: '取消称号', header: ['证据'], rows: [[long], [exact], [astral], [long]] };
    const book = writeXlsx([t], { date: '2026-05-01' });
    const rows = readXlsx(book)[0]!.rows.slice(1).map((r) => r[0]!.value);
    expect(rows.map((v) => v.length)).toEqual([32_767, 32_767, 32_766, 32_767]);
    expect(rows[0]).toBe(long.slice(0, 32_767 - '…[截断 truncated]'.length) + '…[截断 truncated]');
    expect(rows[1]).toBe(exact);
    for (const cells of [1, 1 << 20]) expect(Buffer.from(await writeXlsxAsync([t], { date: '2026-05-01' }, cells)).equals(Buffer.from(book))).toBe(true);
  });
});

describe('writeXlsxAsync', () => {
  it('column widths found while planning equal autoWidths: long, wide and numeric cells met in any order, unused cells ignored', async () => {
    const { writeXlsxAsync } = await import('../../src/io/xlsx.js');
    const cells = ['短', '很长的企业名称有限责任公司（集团）股份有限公司第一分公司第二车间第三班组', 'x'.repeat(70), 'ascii only', null, '未用的非常非常长的文字'.repeat(9)];
    const nums = [{ num: '123456789.123456' }, 7, { num: '-0.5' }];
    const n = 40;
    const codes = Int32Array.from({ length: n }, (_, r) => (r < 20 ? (r % 3 === 0 ? 1 : 0) : r % 5)); // the wide text first, cell 5 never used
    const numCodes = Int32Array.from({ length: n }, (_, r) => (r === n - 1 ? 0 : r % 2 ? 1 : 2));
    const sheet = { name: '宽度', table: { header: ['名称', 'n'], rows: n, columns: [{ cells, codes }, { cells: nums, codes: numCodes }] } };
    const narrow = { name: 'narrow', table: { header: ['a', 'b'], rows: 2, columns: [{ cells: ['x', '一二'], codes: Int32Array.from([1, 0]) }, { cells: [1], codes: Int32Array.from([0, -1]) }] } };
    for (const s of [[sheet], [narrow], [sheet, narrow]]) {
      const want = Buffer.from(writeXlsx(s, { date: '2026-05-01' }));
      for (const block of [1, 3, 1 << 20]) {
        expect(Buffer.from(await writeXlsxAsync(s, { date: '2026-05-01' }, block)).equals(want), `${s.length} sheets, ${block} cells a block`).toBe(true);
      }
    }
    const xml = readZip(writeXlsx([sheet], { date: '2026-05-01' })).find((e) => e.name === 'xl/worksheets/sheet1.xml')!.data;
    expect(Buffer.from(xml).toString('utf8')).toContain('<col min="1" max="1" width="60" customWidth="1"/><col min="2" max="2" width="18" customWidth="1"/>');
  });


  it('gives the same bytes as writeXlsx, large sheets included', async () => {
    const { writeXlsxAsync } = await import('../../src/io/xlsx.js');
    const big: Sheet = { name: '单项', header: ['指标', '标准编号', '企业名称'], rows: Array.from({ length: 30000 }, (_, i) => ['能效', `Q/ABC ${i}-2026`, i % 7 === 0 ? '=cmd' : `企业${i % 900}`]) };
    const all = [...sheets, big];
    const a = writeXlsx(all, { date: '2026-05-01', title: 't' });
    const b = await writeXlsxAsync(all, { date: '2026-05-01', title: 't' });
    expect(Buffer.from(b).equals(Buffer.from(a))).toBe(true);
    const read = readXlsx(b)[2]!;
    expect(read.rows.length).toBe(30001);
    expect(read.rows[8]![2]).toMatchObject({ value: '=cmd', formula: false, quotePrefix: true });
  });

  it('gives the bytes of writeXlsx when the sheets are written in many small blocks (shared strings planned first)', async () => {
    const { writeXlsxAsync, planWorkbook } = await import('../../src/io/xlsx.js');
    const { tableColumns } = await import('../../src/io/csv-write.js');
    // texts repeated across columns and sheets, first used in a later column or sheet; empty cells and a sheet without rows
    const a: Sheet = { name: 'A', header: ['x', '', 'y'], rows: Array.from({ length: 5000 }, (_, i) => [i % 3 ? `t${i % 50}` : null, i, i % 5 ? '' : `t${(i * 7) % 60}`, { num: `${i}.50` }]) };
    const b: Sheet = { name: 'B', header: ['t1', 'y'], rows: Array.from({ length: 3000 }, (_, i) => [`t${i % 80}`, i % 11 === 0 ? '=x' : `u${i % 13}`]) };
    const empty: Sheet = { name: 'C', header: ['z'], rows: [] };
    const all = [...sheets, a, b, empty];
    const want = Buffer.from(writeXlsx(all, { date: '2026-05-01', title: 't' }));
    for (const cells of [1, 7, 1000, 1 << 20]) { // 1: one row a block
      const got = await writeXlsxAsync(all, { date: '2026-05-01', title: 't' }, cells);
      expect(Buffer.from(got).equals(want), `${cells} cells a block`).toBe(true);
    }
    const plan = planWorkbook([b].map((s) => ({ name: s.name, table: tableColumns(s) })));
    expect(plan.strings.slice(0, 5)).toEqual(['t1', 'y', 't0', '=x', 'u1']);
    expect(plan.count).toBe(2 + 3000 * 2);
  });
});
