import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FIXTURES, json, runCli, SCHEMES, tempDir } from '../helpers/cli.js';

let dir: string;
let cleanup: () => void;
let n = 0;
/** A fresh store with both shipped schemes registered. */
function freshDb(): string {
  const db = join(dir, `s${++n}.db`);
  for (const s of ['refrigerator-2026.json', 'electric-bicycle-2026.json']) {
    const r = runCli(['--db', db, 'scheme', 'add', join(SCHEMES, s)]);
    expect(r.status, r.stderr).toBe(0);
  }
  return db;
}
const fx = (p: string) => join(FIXTURES, p);

beforeAll(() => ({ dir, cleanup } = tempDir()));
afterAll(() => cleanup());

describe('leader import (CLI)', () => {
  it('imports the bundled refrigerator example: JSON summary on stdout, nothing else', () => {
    const db = freshDb();
    const r = runCli(['--db', db, '--json', 'import', fx('example/refrigerator-2026.csv'), '--scheme', 'refrigerator-2026']);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stderr).toBe('');
    const doc = json(r);
    expect(doc).toMatchObject({ ok: true, import: { id: 1, rows: 30, inserted: 30, updated: 0, unchanged: 0, rejected: 0, encoding: 'utf-8-bom', warnings: [], errors: [] } });
    expect(doc.import.sha256).toMatch(/^[0-9a-f]{64}$/);
  });

  it('detects GB18030 and reports the summary on stderr in Chinese', () => {
    const db = freshDb();
    const r = runCli(['--db', db, 'import', fx('example/electric-bicycle-2026.csv'), '--scheme', 'electric-bicycle-2026']);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain('导入 #1：20 行（编码 gb18030）：新增 20，新版本 0，未变 0，警告 0，拒绝 0');
  });

  it('re-importing says nothing changed; a changed row becomes a new version', () => {
    const db = freshDb();
    expect(runCli(['--db', db, 'import', fx('import/utf8.csv'), '--scheme', 'refrigerator-2026']).status).toBe(0);
    const again = runCli(['--db', db, '--lang', 'en', 'import', fx('import/utf8-bom-crlf.csv'), '--scheme', 'refrigerator-2026']);
    expect(again.status).toBe(0);
    expect(again.stderr).toContain('0 new, 0 new versions, 3 unchanged');
    expect(again.stderr).toContain('no standard changed');
    const changed = json(runCli(['--db', db, '--json', 'import', fx('import/changed.csv'), '--scheme', 'refrigerator-2026']));
    expect(changed.import).toMatchObject({ id: 3, inserted: 0, updated: 1, unchanged: 2 });
  });

  it('an unknown grade: exit 65, nothing written, the problem names line, column and value (zh and en)', () => {
    const db = freshDb();
    const zh = runCli(['--db', db, 'import', fx('import/unknown-grade.csv'), '--scheme', 'refrigerator-2026']);
    expect(zh.status).toBe(65);
    expect(zh.stderr).toContain('错误 [E_VALUE_GRADE] 第 3 行，列「能效等级」：等级「特级」不是方案中的等级');
    expect(zh.stderr).toContain('[E_IMPORT_REJECTED]');
    const en = runCli(['--db', db, '--lang', 'en', '--json', 'import', fx('import/unknown-grade.csv'), '--scheme', 'refrigerator-2026']);
    expect(en.status).toBe(65);
    const doc = json(en);
    expect(doc.ok).toBe(false);
    expect(doc.error.code).toBe('E_IMPORT_REJECTED');
    expect(doc.error.details.import).toMatchObject({ rows: 3, rejected: 1, errorsTotal: 1, committed: false });
    expect(doc.error.details.import.errors).toEqual([{ line: 3, column: '能效等级', value: '特级', code: 'E_VALUE_GRADE',
      message: 'line 3, column "能效等级": grade "特级" is not one of the scheme\'s grades (1级 / 2级 / 3级 / 4级 / 5级)' }]);
    const count = json(runCli(['--db', db, '--json', 'import', fx('import/utf8.csv'), '--scheme', 'refrigerator-2026', '--dry-run']));
    expect(count.import).toMatchObject({ inserted: 3, id: null, dryRun: true }); // nothing had been written
  });

  it('a wrong column count and a bad quote are row errors with their line', () => {
    const db = freshDb();
    const wc = json(runCli(['--db', db, '--json', 'import', fx('import/wrong-columns.csv'), '--scheme', 'refrigerator-2026']));
    expect(wc.error.details.import.errors).toEqual([expect.objectContaining({ line: 3, code: 'E_CSV_COLUMNS', column: '' })]);
    const bq = json(runCli(['--db', db, '--json', 'import', fx('import/bad-quote.csv'), '--scheme', 'refrigerator-2026']));
    expect(bq.error.details.import.errors.map((e: any) => [e.line, e.code])).toEqual([[3, 'E_CSV_QUOTE'], [4, 'E_CSV_QUOTE']]);
  });

  it('missing, unknown and duplicate headers are all reported before any row', () => {
    const db = freshDb();
    const r = runCli(['--db', db, '--json', 'import', fx('import/missing-header.csv'), '--scheme', 'refrigerator-2026']);
    expect(r.status).toBe(65);
    const doc = json(r);
    expect(doc.error.code).toBe('E_IMPORT_HEADERS');
    expect(doc.error.details.import.rows).toBe(0);
    expect(doc.error.details.import.errors.map((e: any) => [e.code, e.column])).toEqual([
      ['E_HEADER_UNKNOWN', '能耗'], ['E_HEADER_DUPLICATE', '能效指数(%)'], ['E_HEADER_MISSING', '统一社会信用代码'],
    ]);
  });

  it('a wrong check character is a warning naming the expected one; --allow-partial imports the rest, exit 1, --rejects gets the bad row', () => {
    const db = freshDb();
    const rejects = join(dir, 'rejects.csv');
    const r = runCli(['--db', db, '--json', 'import', fx('import/wrong-check.csv'), '--scheme', 'refrigerator-2026', '--allow-partial', '--rejects', rejects]);
    expect(r.status).toBe(1);
    const doc = json(r);
    expect(doc.ok).toBe(false);
    expect(doc.import).toMatchObject({ rows: 3, inserted: 2, rejected: 1 });
    expect(doc.import.warnings).toEqual([expect.objectContaining({ line: 2, column: '统一社会信用代码', code: 'W_USCC_CHECK', value: '91110108MA01A2B3CG' })]);
    expect(doc.import.warnings[0].message).toContain('校验位应为「F」');
    const text = readFileSync(rejects, 'utf8');
    expect(text.startsWith('\uFEFF行号,标准编号,')).toBe(true);
    const lines = text.trim().split('\r\n');
    expect(lines).toHaveLength(2);
    expect(lines[1]).toMatch(/^4,Q\/BSL 3-2026,.*\[E_ROW_USCC_CHAR\] 第 4 行，列「统一社会信用代码」/);
  });

  it('an abolished standard is imported with status 废止', () => {
    const db = freshDb();
    const r = runCli(['--db', db, '--json', 'import', fx('import/abolished.csv'), '--scheme', 'refrigerator-2026']);
    expect(json(r).import).toMatchObject({ inserted: 3, rejected: 0 });
  });

  it('full-width digits/spaces, a multi-line cell and comparators import cleanly', () => {
    const db = freshDb();
    for (const [f, warnings] of [['fullwidth', 0], ['multiline', 0], ['values', 1]] as const) {
      const r = runCli(['--db', db, '--json', 'import', fx(`import/${f}.csv`), '--scheme', 'refrigerator-2026', '--dry-run']);
      expect(r.status, f).toBe(0);
      expect(json(r).import, f).toMatchObject({ rows: 3, inserted: 3, rejected: 0, warningsTotal: warnings });
    }
  });

  it('a file that is neither UTF-8 nor GB18030 names the byte offset and suggests --encoding', () => {
    const db = freshDb();
    const r = runCli(['--db', db, '--lang', 'en', 'import', fx('import/not-text.csv'), '--scheme', 'refrigerator-2026']);
    expect(r.status).toBe(65);
    const offset = readFileSync(fx('import/not-text.csv')).indexOf(0xff);
    expect(r.stderr).toContain(`[E_CSV_ENCODING_NEITHER] the file is neither UTF-8 nor GB18030: byte ${offset} (0xFF) is invalid`);
    expect(r.stderr).toContain('--encoding');
  });

  it('reads stdin with "-" and honours --encoding', () => {
    const db = freshDb();
    const r = runCli(['--db', db, '--json', 'import', '-', '--scheme', 'refrigerator-2026', '--encoding', 'gb18030'], { input: readFileSync(fx('import/gb18030-crlf.csv')) });
    expect(r.status, r.stderr).toBe(0);
    expect(json(r).import).toMatchObject({ inserted: 3, encoding: 'gb18030' });
  });

  it('usage and input errors: unknown scheme 66, missing file 66, bad --max-errors 2, bad --encoding 2', () => {
    const db = freshDb();
    expect(runCli(['--db', db, 'import', fx('import/utf8.csv'), '--scheme', 'nope']).status).toBe(66);
    expect(runCli(['--db', db, 'import', join(dir, 'missing.csv'), '--scheme', 'refrigerator-2026']).status).toBe(66);
    expect(runCli(['--db', db, 'import', fx('import/utf8.csv'), '--scheme', 'refrigerator-2026', '--max-errors', '0']).status).toBe(2);
    expect(runCli(['--db', db, 'import', fx('import/utf8.csv'), '--scheme', 'refrigerator-2026', '--encoding', 'latin1']).status).toBe(2);
  });

  it('--max-errors caps the listed problems but not the totals', () => {
    const db = freshDb();
    const file = join(dir, 'many-bad.csv');
    writeFileSync(file, '标准编号,标准名称,企业名称,统一社会信用代码,能效指数\n' + Array.from({ length: 12 }, (_, i) => `Q/A ${i}-2025,N,E,914403001922038216,x${i}\n`).join(''));
    const r = runCli(['--db', db, '--json', 'import', file, '--scheme', 'refrigerator-2026', '--max-errors', '3']);
    const s = json(r).error.details.import;
    expect(s.errors).toHaveLength(3);
    expect(s.errorsTotal).toBe(12);
    const text = runCli(['--db', db, 'import', file, '--scheme', 'refrigerator-2026', '--max-errors', '3']);
    expect(text.stderr).toContain('另有 9 个错误未列出（共 12 个');
  });

  it('--help ends with examples', () => {
    const r = runCli(['import', '--help']);
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('示例：');
    expect(r.stdout).toContain('--allow-partial');
  });
});
