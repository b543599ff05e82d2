/**
 * The bench's synthetic data: same seed -> same bytes, credit codes valid under GB 32100, the scheme
 * valid under scoring.md §1 with 10 core indicators of every kind, identities unique. (No timing here:
 * speed is measured by `npm run bench` only.)
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { afterAll, describe, expect, it } from 'vitest';
import { benchScheme, createRng, generateRows, HEADERS, usccCheckCharacter, writeBenchCsv } from '../../src/bench/generate.js';
import { validateScheme } from '../../src/core/scheme.js';
import { SHARED, tempDir } from '../helpers/cli.js';

const CHARSET = '0123456789ABCDEFGHJKLMNPQRTUWXY';
/** GB 32100-2015 check, written out independently of the generator's helper. */
function validUscc(code: string): boolean {
  if (!/^[0-9A-HJ-NPQRTUWXY]{18}$/.test(code)) return false;
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += CHARSET.indexOf(code[i]!) * (3 ** i % 31);
  return CHARSET[(31 - (sum % 31)) % 31] === code[17];
}

const tmp = tempDir('leader-bench-gen-');
afterAll(() => tmp.cleanup());

const sha = (p: string) => createHash('sha256').update(readFileSync(p)).digest('hex');

describe('bench data generator', () => {
  it('reproduces the GB 32100-2015 check characters of shared/acceptance/uscc.json (Huawei, Alibaba; wrongCheck expects 6)', () => {
    const vectors = JSON.parse(readFileSync(join(SHARED, 'acceptance/uscc.json'), 'utf8')) as {
      valid: string[]; wrongCheck: Array<{ code: string; expectedCheck: string }>;
    };
    for (const v of vectors.valid) {
      const code = v.trim().normalize('NFKC').toUpperCase();
      expect(usccCheckCharacter(code.slice(0, 17))).toBe(code[17]);
    }
    for (const w of vectors.wrongCheck) expect(usccCheckCharacter(w.code.slice(0, 17))).toBe(w.expectedCheck);
  });

  it('writes the same bytes for the same seed and different bytes for another seed', () => {
    const a = writeBenchCsv(join(tmp.dir, 'a.csv'), 3000, 42);
    const b = writeBenchCsv(join(tmp.dir, 'b.csv'), 3000, 42);
    const c = writeBenchCsv(join(tmp.dir, 'c.csv'), 3000, 43);
    expect(sha(a.path)).toBe(sha(b.path));
    expect(sha(a.path)).not.toBe(sha(c.path));
    expect(a.bytes).toBe(readFileSync(a.path).length);
    const r1 = createRng(7);
    const r2 = createRng(7);
    expect(Array.from({ length: 5 }, r1)).toEqual(Array.from({ length: 5 }, r2));
  });

  it('writes an Excel "CSV UTF-8" file (BOM, CRLF) whose every credit code is valid and every identity unique', () => {
    const f = writeBenchCsv(join(tmp.dir, 'rows.csv'), 5000, 20260630);
    const bytes = readFileSync(f.path);
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(bytes.toString('utf8')).toMatch(/\r\n$/);
    const records = parse(bytes, { bom: true, record_delimiter: '\r\n' }) as string[][];
    expect(records[0]).toEqual(HEADERS);
    const rows = records.slice(1);
    expect(rows).toHaveLength(5000);
    const identities = new Set<string>();
    const enterprises = new Set<string>();
    for (const row of rows) {
      expect(row).toHaveLength(HEADERS.length);
      const uscc = row[3]!.toUpperCase();
      expect(validUscc(uscc), uscc).toBe(true);
      expect(row[0]).toMatch(/^Q\/[A-Z]{3,4}( \d{4}S|\d{3})-20\d\d$/);
      expect(row[2]).toMatch(/(有限公司|股份有限公司|集团有限公司)$/);
      identities.add(`${uscc}|${row[0]}`);
      enterprises.add(uscc);
    }
    expect(identities.size).toBe(5000);
    expect(enterprises.size).toBeGreaterThan(500);
    // Some values carry comparators and units, as declared values really do.
    const cells = rows.flatMap((r) => r.slice(11, 21));
    expect(cells.some((c) => c.startsWith('≤'))).toBe(true);
    expect(cells.some((c) => c.startsWith('不小于 '))).toBe(true);
    expect(cells.some((c) => /\d(W|h|dB)$/.test(c))).toBe(true);
    // A few abolished standards and a quoted multi-model cell.
    expect(rows.some((r) => r[9] === '废止')).toBe(true);
    expect(bytes.toString('utf8')).toMatch(/"KJ[^"]*, KJ[^"]*"/);
  });

  it('generates exactly the requested number of rows', () => {
    expect([...generateRows(1, 1)]).toHaveLength(1);
    expect([...generateRows(777, 9)]).toHaveLength(777);
  });

  it('uses a scheme valid under scoring.md §1 with 10 core indicators of every direction and scoring method', () => {
    const v = validateScheme(benchScheme());
    expect(v.ok, JSON.stringify(!v.ok && v.problems)).toBe(true);
    if (!v.ok) return;
    const core = v.scheme.indicators.filter((i) => i.role === 'core');
    expect(core).toHaveLength(10);
    expect(new Set(core.map((i) => i.type))).toEqual(new Set(['higher', 'lower', 'grade']));
    const numeric = core.filter((i) => i.type !== 'grade');
    expect(new Set(numeric.map((i) => i.scoring ?? 'anchored'))).toEqual(new Set(['levels', 'anchored', 'cohort']));
    for (const type of ['higher', 'lower'] as const) {
      expect(new Set(numeric.filter((i) => i.type === type).map((i) => i.scoring ?? 'anchored')).size).toBeGreaterThan(1);
    }
    expect(v.scheme.indicators.filter((i) => i.role === 'baseline').map((i) => i.type).sort()).toEqual(['boolean', 'higher', 'lower']);
  });
});
