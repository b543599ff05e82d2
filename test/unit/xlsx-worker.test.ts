/**
 * The workbook's worker thread, with the CSV files shared out between the two threads
 * (`writeWithCsv`): the same bytes as the plain, one-thread writers. A worker thread runs JavaScript
 * only, so this test loads the BUILT modules (dist/, as the CLI tests do).
 */
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import type * as CsvWrite from '../../src/io/csv-write.js';
import type * as Xlsx from '../../src/io/xlsx.js';
import { ROOT } from '../helpers/cli.js';

const load = async <T>(rel: string): Promise<T> => (await import(pathToFileURL(join(ROOT, 'dist', rel)).href)) as T;

function tables(): Xlsx.ColumnSheet[] {
  const n = 100_000; // 300,000 cells: two blocks, so both threads write some
  const names = Array.from({ length: 500 }, (_, i) => (i % 97 === 0 ? `=企业${i}` : `企业 ${i},"有限"`));
  const big = {
    header: ['编号', '企业', '总分'], rows: n,
    columns: [
      { cells: Array.from({ length: n }, (_, i) => `Q/T ${i}-2026`), codes: Int32Array.from({ length: n }, (_, i) => i) },
      { cells: names, codes: Int32Array.from({ length: n }, (_, i) => (i % 13 === 0 ? -1 : i % names.length)) },
      { cells: [{ num: '90.50' }, 7, null, { num: '-0.5' }], codes: Int32Array.from({ length: n }, (_, i) => i % 4) },
    ],
  };
  const small = { header: ['a', 'b'], rows: 3, columns: [{ cells: ['x', '+1'], codes: Int32Array.from([0, 1, -1]) }, { cells: [1, 2, 3], codes: Int32Array.from([0, 1, 2]) }] };
  const empty = { header: ['z'], rows: 0, columns: [{ cells: [], codes: new Int32Array(0) }] };
  return [{ name: '大表', table: big }, { name: 'small', table: small }, { name: 'empty', table: empty }];
}

describe('writeWithCsv (workbook and CSV files on two threads)', () => {
  it('gives the bytes of writeXlsx and csvColumnsBytes whichever thread makes each CSV file', async () => {
    const xlsx = await load<typeof Xlsx>('io/xlsx.js');
    const csv = await load<typeof CsvWrite>('io/csv-write.js');
    const sheets = tables();
    const o = { date: '2026-05-20', title: 't', creator: 'c' };
    const wantBook = Buffer.from(xlsx.writeXlsx(sheets, o));
    const wantCsv = sheets.map((s) => Buffer.from(csv.csvColumnsBytes(s.table)));
    for (const mainTakes of ['all', 'none', 'one']) {
      const job = xlsx.startXlsxWorker().writeWithCsv(sheets, o);
      let taken = 0;
      if (mainTakes === 'all') while (job.takeCsv()) taken++;
      if (mainTakes === 'one' && job.takeCsv()) taken++;
      const files = await job.csv;
      const book = await job.workbook;
      expect(Buffer.from(book).equals(wantBook), `workbook, main took ${mainTakes}`).toBe(true);
      files.forEach((chunks, i) => expect(Buffer.from(csv.joinChunks(chunks)).equals(wantCsv[i]!), `csv ${i}, main took ${mainTakes}`).toBe(true));
      if (mainTakes === 'all') expect(taken).toBe(sheets.length);
      expect(job.takeCsv()).toBe(false);
    }
  }, 60_000);

  it('splits a table over worksheets past the row limit with the bytes of writeXlsx, and one CSV file per table', async () => {
    const xlsx = await load<typeof Xlsx>('io/xlsx.js');
    const csv = await load<typeof CsvWrite>('io/csv-write.js');
    const sheets = tables();
    const o = { date: '2026-05-20', maxRowsPerSheet: 30_000 };
    const want = Buffer.from(xlsx.writeXlsx(sheets, o));
    const job = xlsx.startXlsxWorker().writeWithCsv(sheets, o);
    const files = await job.csv;
    expect(Buffer.from(await job.workbook).equals(want)).toBe(true);
    expect(files.length).toBe(3);
    expect(Buffer.from(csv.joinChunks(files[0]!)).equals(Buffer.from(csv.csvColumnsBytes(sheets[0]!.table)))).toBe(true);
    expect(xlsx.readXlsx(want).map((w) => [w.name, w.rows.length])).toEqual([
      ['大表', 30_001], ['大表 (2)', 30_001], ['大表 (3)', 30_001], ['大表 (4)', 10_001], ['small', 4], ['empty', 1]]);
  }, 60_000);
});
