import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { beforeEach, describe, expect, it } from 'vitest';
import { LeaderError } from '../../src/core/errors.js';
import { validateScheme, type Scheme } from '../../src/core/scheme.js';
import { openMemoryStore, openStore, type DB } from '../../src/store/db.js';
import { addScheme } from '../../src/store/schemes.js';
import { readStandards } from '../../src/store/standards-read.js';
import { runImport, type ImportOptions, type ImportSummary } from '../../src/commands/import/importer.js';
import { withCheckChar } from '../../src/core/uscc.js';
import { FIXTURES, SCHEMES } from '../helpers/cli.js';

function scheme(file: string): { scheme: Scheme; content: string } {
  const content = readFileSync(join(SCHEMES, file), 'utf8');
  const v = validateScheme(JSON.parse(content));
  if (!v.ok) throw new Error('scheme');
  return { scheme: v.scheme, content };
}
const fridge = scheme('refrigerator-2026.json');
const bike = scheme('electric-bicycle-2026.json');

function store(): DB {
  const db = openMemoryStore();
  addScheme(db, fridge.scheme, fridge.content, 'sha-f', 'refrigerator-2026.json');
  addScheme(db, bike.scheme, bike.content, 'sha-b', 'electric-bicycle-2026.json');
  return db;
}
async function* chunks(buf: Buffer, size = 7): AsyncGenerator<Buffer> {
  for (let i = 0; i < buf.length; i += size) yield buf.subarray(i, i + size);
}
const fixture = (p: string) => readFileSync(join(FIXTURES, p));
/** the write path under test: per-row index lookups (false) or the bulk path (identity index rebuilt at commit) */
let bulk = false;
function imp(db: DB, bytes: Buffer, o: Partial<ImportOptions> = {}, s: Scheme = fridge.scheme, chunk = 4096): Promise<ImportSummary> {
  return runImport(db, s, '1.0.0', chunks(bytes, chunk), { encoding: 'auto', allowPartial: false, dryRun: false, maxErrors: 50, fileName: 'x.csv', bulk, ...o });
}
async function failure(p: Promise<unknown>): Promise<LeaderError> {
  try { await p; } catch (e) { if (e instanceof LeaderError) return e; throw e; }
  throw new Error('expected a LeaderError');
}
/** Everything a failed import must leave untouched. */
function dump(db: DB): string {
  return JSON.stringify([...['imports', 'standards', 'standard_versions', 'audit_events'].map((t) => db.prepare(`SELECT * FROM ${t} ORDER BY rowid`).all()),
    db.prepare('SELECT type, name, sql FROM sqlite_schema ORDER BY name').all()]);
}
function current(db: DB) {
  return db.prepare(`SELECT s.uscc, s.standard_no, v.version, v.line, v.status, v.standard_name, v.models, v.public_date, v.values_json, v.raw_json
    FROM standards s JOIN standard_versions v ON v.id = s.current_version_id ORDER BY s.uscc, s.standard_no`).all();
}

describe.each([false, true])('import into the store (bulk write path: %s)', (bulkPath) => {
  beforeEach(() => { bulk = bulkPath; });
  it('imports the bundled examples: 30 refrigerator rows (UTF-8 BOM), 20 e-bike rows (GB18030)', async () => {
    const db = store();
    const a = await imp(db, fixture('example/refrigerator-2026.csv'));
    expect(a).toMatchObject({ id: 1, rows: 30, inserted: 30, rejected: 0, warningsTotal: 0, encoding: 'utf-8-bom', committed: true });
    const b = await imp(db, fixture('example/electric-bicycle-2026.csv'), {}, bike.scheme);
    expect(b).toMatchObject({ id: 2, rows: 20, inserted: 20, rejected: 0, warningsTotal: 0, encoding: 'gb18030' });
    expect(db.prepare("SELECT count(*) AS n FROM audit_events WHERE type = 'import.committed'").get()).toEqual({ n: 2 });
    const abolished = db.prepare("SELECT count(*) AS n FROM standard_versions WHERE status = '废止'").get();
    expect(abolished).toEqual({ n: 5 });
  });

  it('the same content in UTF-8 BOM (CRLF) and GB18030 (CRLF) and plain UTF-8 (LF) stores identical data', async () => {
    const results = [];
    for (const f of ['import/utf8-bom-crlf.csv', 'import/gb18030-crlf.csv', 'import/utf8.csv']) {
      const db = store();
      const s = await imp(db, fixture(f), {}, fridge.scheme, 5); // tiny chunks split multi-byte characters
      expect(s.inserted).toBe(3);
      results.push(current(db));
    }
    expect(results[1]).toEqual(results[0]);
    expect(results[2]).toEqual(results[0]);
  });

  it('re-importing the same file changes nothing and says so (all unchanged)', async () => {
    const db = store();
    await imp(db, fixture('import/utf8.csv'));
    const before = current(db);
    const again = await imp(db, fixture('import/gb18030-crlf.csv'));
    expect(again).toMatchObject({ inserted: 0, updated: 0, unchanged: 3, rejected: 0 });
    expect(current(db)).toEqual(before);
    expect(db.prepare('SELECT count(*) AS n FROM standard_versions').get()).toEqual({ n: 3 });
  });

  it('changed content becomes a new version; the old one is kept and current_version_id moves', async () => {
    const db = store();
    await imp(db, fixture('import/utf8.csv'));
    const s = await imp(db, fixture('import/changed.csv'));
    expect(s).toMatchObject({ inserted: 0, updated: 1, unchanged: 2 });
    const versions = db.prepare(`SELECT v.version, v.values_json, s.current_version_id = v.id AS cur FROM standard_versions v JOIN standards s ON s.id = v.standard_id
      WHERE s.standard_no = 'Q/YSL 0002S-2025' ORDER BY v.version`).all() as Array<{ version: number; values_json: string; cur: number }>;
    expect(versions.map((v) => [v.version, JSON.parse(v.values_json).energy_index, v.cur])).toEqual([[1, '36', 0], [2, '34', 1]]);
  });

  it('full-width digits and spaces normalise to the same identity and values', async () => {
    const db = store();
    await imp(db, fixture('import/utf8.csv'));
    const s = await imp(db, fixture('import/fullwidth.csv'));
    expect(s).toMatchObject({ inserted: 0, updated: 0, unchanged: 3 });
  });

  it('a quoted multi-line cell is one value; the row is numbered by the line it ends on; trailing empty lines are ignored', async () => {
    const db = store();
    const s = await imp(db, fixture('import/multiline.csv'));
    expect(s).toMatchObject({ rows: 3, inserted: 3 });
    const r = db.prepare("SELECT line, standard_name, models FROM standard_versions WHERE standard_no_raw = 'Q/YSL 0002S-2025'").get();
    expect(r).toEqual({ line: 5, standard_name: '风冷家用电冰箱\n（多门）', models: '["BCD-502","BCD-502E"]' });
  });

  it('comparators and units in values', async () => {
    const db = store();
    const s = await imp(db, fixture('import/values.csv'));
    expect(s).toMatchObject({ rows: 3, inserted: 3, warningsTotal: 1 });
    expect(s.warnings[0]).toMatchObject({ line: 3, column: '冷冻能力(kg/12h)', code: 'W_VALUE_RANGE', value: '4.0~8.0' });
    const vals = (db.prepare('SELECT values_json FROM standard_versions ORDER BY line').all() as Array<{ values_json: string }>).map((r) => JSON.parse(r.values_json));
    expect(vals).toEqual([
      { energy_index: '40', energy_grade: '1级', noise: '38.5', freezing_capacity: '5.0', fresh_keeping: '40', ccc: 'true', refrigerant_gwp: '3' },
      { energy_index: '36', energy_grade: '2级', noise: '37.0', freezing_capacity: '4.0', fresh_keeping: '45', ccc: 'true', refrigerant_gwp: '20' },
      { energy_index: '45', energy_grade: '3级', noise: '39', freezing_capacity: '4.50', fresh_keeping: '30.0', ccc: 'true', refrigerant_gwp: '1' },
    ]);
    // raw_json keeps only the texts that differ from the parsed value; read back, every declared text is there
    const raws = (db.prepare('SELECT raw_json FROM standard_versions ORDER BY line').all() as Array<{ raw_json: string }>).map((r) => JSON.parse(r.raw_json) as Record<string, string>);
    const declared = readStandards(db, fridge.scheme.id).sort((a, b) => a.standardNo.localeCompare(b.standardNo));
    const byLine = (db.prepare('SELECT s.standard_no AS no FROM standard_versions v JOIN standards s ON s.id = v.standard_id ORDER BY v.line').all() as Array<{ no: string }>)
      .map((r) => declared.find((d) => d.standardNo === r.no)!);
    raws.forEach((raw, i) => {
      for (const [k, v] of Object.entries(vals[i]!)) {
        if (k in raw) expect(raw[k]).not.toBe(v);
        expect(byLine[i]!.raw[k]).toBe(raw[k] ?? v);
      }
      expect(Object.keys(byLine[i]!.raw)).toEqual(Object.keys(vals[i]!));
    });
    expect(raws.some((r) => Object.keys(r).length > 0)).toBe(true);
  });

  it('a failing import leaves the store exactly as it was', async () => {
    const db = store();
    await imp(db, fixture('import/utf8.csv'));
    const before = dump(db);
    for (const f of ['unknown-grade', 'wrong-columns', 'bad-quote', 'missing-header', 'duplicate', 'not-text', 'late-invalid-utf8']) {
      const e = await failure(imp(db, fixture(`import/${f}.csv`)));
      expect(e.exitCode, f).toBe(65);
      expect(dump(db), f).toBe(before);
      expect(db.inTransaction).toBe(false);
    }
  });

  it('the identity index is in place after every import, and the lookups use it', async () => {
    const db = store();
    const tempStore = db.pragma('temp_store', { simple: true });
    await imp(db, fixture('import/utf8.csv'));
    await imp(db, fixture('import/changed.csv'));
    expect(db.prepare("SELECT sql FROM sqlite_schema WHERE name = 'standards_identity'").get()).toEqual({ sql: expect.stringContaining('UNIQUE INDEX') });
    const plan = db.prepare("EXPLAIN QUERY PLAN SELECT id FROM standards WHERE scheme_id = 'refrigerator-2026' AND uscc = 'x' AND standard_no = 'y'").all() as Array<{ detail: string }>;
    expect(plan.map((p) => p.detail).join()).toContain('standards_identity');
    expect(db.pragma('temp_store', { simple: true })).toBe(tempStore); // restored after the bulk path's FILE
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
  });

  it('--dry-run writes nothing', async () => {
    const db = store();
    const before = dump(db);
    const s = await imp(db, fixture('import/utf8.csv'), { dryRun: true });
    expect(s).toMatchObject({ id: null, inserted: 3, committed: false, dryRun: true });
    expect(dump(db)).toBe(before);
  });

  it('--allow-partial writes the good rows and records the rejected count', async () => {
    const db = store();
    const s = await imp(db, fixture('import/wrong-check.csv'), { allowPartial: true });
    expect(s).toMatchObject({ rows: 3, inserted: 2, rejected: 1, warningsTotal: 1, errorsTotal: 1, committed: true });
    expect(s.errors[0]).toMatchObject({ line: 4, column: '统一社会信用代码', code: 'E_ROW_USCC_CHAR', value: '91440101IA5C6F7G8F' });
    expect(s.warnings[0]).toMatchObject({ line: 2, code: 'W_USCC_CHECK', params: { expected: 'F', found: 'G' } });
    expect(db.prepare('SELECT rows, inserted, rejected, warnings FROM imports').get()).toEqual({ rows: 3, inserted: 2, rejected: 1, warnings: 1 });
    // a wrong check character is kept as written, never silently dropped
    expect(db.prepare("SELECT count(*) AS n FROM standards WHERE uscc = '91110108MA01A2B3CG'").get()).toEqual({ n: 1 });
  });

  it('the same identity twice in one file: the second row is an error naming the first line', async () => {
    const db = store();
    for (let i = 0; i < 2; i++) {
      // also when the first occurrence is unchanged against an earlier import
      const e = await failure(imp(db, fixture('import/duplicate.csv')));
      const s = (e.details as { import: ImportSummary }).import;
      expect(s.errors).toEqual([expect.objectContaining({ line: 4, code: 'E_ROW_DUPLICATE', params: expect.objectContaining({ first: 2 }) })]);
      await imp(db, fixture('import/utf8.csv'));
    }
  });

  it('problem lists are capped at maxErrors, totals are not', async () => {
    const db = store();
    const head = '标准编号,标准名称,企业名称,统一社会信用代码,能效指数\n';
    const body = Array.from({ length: 30 }, (_, i) => `Q/A ${i}-2025,N,E,914403001922038216,bad${i}\n`).join('');
    const e = await failure(imp(db, Buffer.from(head + body), { maxErrors: 5 }));
    const s = (e.details as { import: ImportSummary }).import;
    expect(s.errors).toHaveLength(5);
    expect(s.errorsTotal).toBe(30);
    expect(s.rejected).toBe(30);
    expect(s.warningsTotal).toBe(6); // six indicator columns missing
  });

  it('an empty file, a BOM only, or a UTF-16 file is a clean data error', async () => {
    const db = store();
    expect((await failure(imp(db, Buffer.alloc(0)))).code).toBe('E_CSV_EMPTY');
    expect((await failure(imp(db, Buffer.from([0xef, 0xbb, 0xbf, 0x0d, 0x0a])))).code).toBe('E_CSV_EMPTY');
    expect((await failure(imp(db, Buffer.from('\ufeffa,b', 'utf16le')))).code).toBe('E_CSV_UTF16');
  });

  it('an invalid UTF-8 byte after the first 64 KiB names its byte offset', async () => {
    const db = store();
    const bytes = fixture('import/late-invalid-utf8.csv');
    const e = await failure(imp(db, bytes, {}, fridge.scheme, 65536));
    expect(e.code).toBe('E_CSV_ENCODING');
    expect(e.params.offset).toBe(bytes.indexOf(0xd6));
    expect(e.params.byte).toBe('0xD6');
  });
});

/** `n` refrigerator rows, row i a distinct identity (credit code and standard number), `energy` its first value */
function manyRows(n: number, energy: (i: number) => number, extra: string[] = []): Buffer {
  const [header, sample] = fixture('example/refrigerator-2026.csv').toString('utf8').replace(/^\uFEFF/, '').split('\n');
  const cells = sample!.split(',');
  const lines = [header];
  for (let i = 0; i < n; i++) {
    const c = [...cells];
    c[0] = `Q/LYDQ ${String(i).padStart(4, '0')}S-2025`;
    c[3] = withCheckChar(`91370200MA3C${String(i % 100000).padStart(5, '0')}`);
    c[12] = `≤${energy(i)}`;
    lines.push(c.join(','));
  }
  return Buffer.from([...lines, ...extra].join('\n') + '\n');
}
function tables(db: DB): unknown[] {
  return ['standards', 'standard_versions'].map((t) => db.prepare(`SELECT * FROM ${t} ORDER BY rowid`).all());
}

describe('bulk write path (identities in memory, index rebuilt at commit) against the per-row path', () => {
  it('stores exactly what the per-row path stores: new rows, new versions, unchanged rows, duplicates of new and updated rows', async () => {
    const stores = [false, true].map((b) => ({ db: store(), bulk: b }));
    const first = manyRows(200, (i) => 30 + (i % 7));
    // 130 changed rows (updates spanning batches), the rest unchanged, 70 new, and duplicates of a new and of an updated row
    const second = manyRows(270, (i) => 30 + (i % 7) + (i < 130 ? 1 : 0));
    const dup = second.toString('utf8').split('\n');
    const withDup = Buffer.from([...dup.slice(0, -1), dup[270], dup[5], ''].join('\n'));
    const results = [];
    for (const { db, bulk: b } of stores) {
      bulk = b;
      const a = await imp(db, first);
      expect(a).toMatchObject({ rows: 200, inserted: 200, updated: 0, unchanged: 0 });
      const e = await failure(imp(db, withDup));
      expect((e.details as { import: ImportSummary }).import.errors).toEqual([
        expect.objectContaining({ line: 272, code: 'E_ROW_DUPLICATE', params: expect.objectContaining({ first: 271 }) }),
        expect.objectContaining({ line: 273, code: 'E_ROW_DUPLICATE', params: expect.objectContaining({ first: 6 }) }),
      ]);
      const c = await imp(db, withDup, { allowPartial: true });
      expect(c).toMatchObject({ rows: 272, inserted: 70, updated: 130, unchanged: 70, rejected: 2 });
      const d = await imp(db, second);
      expect(d).toMatchObject({ rows: 270, inserted: 0, updated: 0, unchanged: 270 });
      results.push(tables(db));
    }
    expect(results[1]).toEqual(results[0]);
    const cur = stores[1]!.db.prepare('SELECT count(*) AS n FROM standards s JOIN standard_versions v ON v.id = s.current_version_id AND v.version = 2').get();
    expect(cur).toEqual({ n: 130 });
  });
});

describe.each([false, true])('fuzz: every outcome is a clean import or a LeaderError with a code (bulk write path: %s)', (bulkPath) => {
  beforeEach(() => { bulk = bulkPath; });
  const valid = readFileSync(join(FIXTURES, 'import/utf8.csv'));
  const check = async (bytes: Uint8Array, chunk: number) => {
    const db = store();
    const before = dump(db);
    try {
      const s = await imp(db, Buffer.from(bytes), { allowPartial: chunk % 2 === 0 }, fridge.scheme, chunk);
      expect(s.rows).toBeGreaterThanOrEqual(0);
    } catch (e) {
      if (!(e instanceof LeaderError)) throw e;
      expect(e.code).toMatch(/^E_/);
      expect([65, 75]).toContain(e.exitCode);
      expect(dump(db)).toBe(before);
    } finally {
      expect(db.inTransaction).toBe(false);
      db.close();
    }
  };
  it('random bytes', async () => {
    await fc.assert(fc.asyncProperty(fc.uint8Array({ maxLength: 600 }), fc.integer({ min: 1, max: 64 }), check), { numRuns: 300 });
  });
  it('randomly mutated valid files', async () => {
    const mutation = fc.array(fc.record({ at: fc.nat(), kind: fc.constantFrom('set', 'insert', 'delete'), byte: fc.constantFrom(0x22, 0x2c, 0x0a, 0x0d, 0x20, 0xe3, 0x80, 0x80, 0xff, 0x00, 0x31, 0x51) }), { maxLength: 8 });
    await fc.assert(fc.asyncProperty(mutation, fc.integer({ min: 1, max: 300 }), async (muts, chunk) => {
      const b = [...valid];
      for (const m of muts) {
        const at = m.at % (b.length + 1);
        if (m.kind === 'set' && at < b.length) b[at] = m.byte;
        else if (m.kind === 'insert') b.splice(at, 0, m.byte);
        else if (m.kind === 'delete' && at < b.length) b.splice(at, 1);
      }
      await check(Uint8Array.from(b), chunk);
    }), { numRuns: 300 });
  });
  it('random text built from CSV-significant characters', async () => {
    const ch = fc.constantFrom('"', ',', '\n', '\r', ' ', '\u3000', 'Q', '/', '-', '1', '级', '是', '≤', '.', '~', '标准编号', '统一社会信用代码', '914403001922038216');
    await fc.assert(fc.asyncProperty(fc.array(ch, { maxLength: 200 }), async (parts) => {
      const text = '标准编号,标准名称,企业名称,统一社会信用代码,能效指数,能效等级\n' + parts.join('');
      await check(Buffer.from(text), 13);
    }), { numRuns: 300 });
  });
});

describe('journal of the bulk path (a file store)', () => {
  const onDisk = async (): Promise<{ db: DB; file: string }> => {
    const file = join(mkdtempSync(join(tmpdir(), 'leader-journal-')), 's.db');
    const db = await openStore(file);
    addScheme(db, fridge.scheme, fridge.content, 'sha-f', 'refrigerator-2026.json');
    return { db, file };
  };
  const mode = (db: DB) => String(db.pragma('journal_mode', { simple: true }));

  it('a bulk import into a store holding standards shrinks the page cache before the identity scan and DROP INDEX', async () => {
    const { db } = await onDisk();
    try {
      await imp(db, fixture('import/utf8.csv'), { bulk: true });
      const before = db.pragma('cache_size', { simple: true }) as number;
      // the settings and statements in the order they are made (a proxy that records them)
      const log: string[] = [];
      const spy = new Proxy(db, {
        get(target, key) {
          const v = Reflect.get(target, key, target);
          if (key === 'pragma') return (sql: string, o?: object) => { log.push(`pragma ${sql}`); return target.pragma(sql, o); };
          if (key === 'exec') return (sql: string) => { log.push(`exec ${sql}`); return target.exec(sql); };
          if (key === 'prepare') return (sql: string) => { if (/FROM standards WHERE scheme_id = \?$/.test(sql)) log.push('identity scan'); return target.prepare(sql); };
          return typeof v === 'function' ? v.bind(target) : v;
        },
      });
      await imp(spy, fixture('import/changed.csv'), { bulk: true });
      // (cache sizes in KiB are negative: a smaller cache is a larger number)
      const small = log.findIndex((l) => /^pragma cache_size = -\d+$/.test(l) && Number(l.split('= ')[1]) > before);
      expect(small).toBeGreaterThanOrEqual(0);
      expect(small).toBeLessThan(log.indexOf('identity scan'));
      expect(log.indexOf('identity scan')).toBeLessThan(log.indexOf('exec DROP INDEX standards_identity'));
      expect(db.pragma('cache_size', { simple: true })).toBe(before);
    } finally {
      db.close();
    }
  });

  it('loads through a rollback journal and is back in WAL after a commit, a rollback and a failure', async () => {
    const { db, file } = await onDisk();
    try {
      expect(mode(db)).toBe('wal');
      const cacheSize = db.pragma('cache_size', { simple: true });
      const during: string[] = [];
      await imp(db, fixture('import/utf8.csv'), { bulk: true, onHeader: () => during.push(mode(db)) });
      expect(during).toEqual(['delete']);
      expect(mode(db)).toBe('wal');
      expect(existsSync(`${file}-journal`)).toBe(false);
      // the page cache shrunk for the load and again for the index build is back to what it was
      expect(db.pragma('cache_size', { simple: true })).toBe(cacheSize);
      await imp(db, fixture('import/changed.csv'), { bulk: true, dryRun: true });
      expect(mode(db)).toBe('wal');
      await failure(imp(db, fixture('import/duplicate.csv'), { bulk: true }));
      expect(mode(db)).toBe('wal');
      // set before the transaction (the identity scan and DROP INDEX read through it), restored after a failure too
      expect(db.pragma('cache_size', { simple: true })).toBe(cacheSize);
      expect(db.prepare('SELECT count(*) AS n FROM standards').get()).toEqual({ n: 3 });
      db.close();
      const again = await openStore(file, { readonly: true });
      expect(again.prepare('SELECT count(*) AS n FROM standard_versions').get()).toEqual({ n: 3 });
      again.close();
    } finally {
      if (db.open) db.close();
    }
  });

  it('stays in WAL when another connection has the store open, and the import still lands', async () => {
    const { db, file } = await onDisk();
    const other = await openStore(file);
    try {
      other.prepare('SELECT count(*) FROM standards').get(); // a live connection holding the WAL index
      const during: string[] = [];
      await imp(db, fixture('import/utf8.csv'), { bulk: true, onHeader: () => during.push(mode(db)) });
      expect(during).toEqual(['wal']);
      expect(mode(db)).toBe('wal');
      expect(other.prepare('SELECT count(*) AS n FROM standards').get()).toEqual({ n: 3 });
    } finally {
      other.close();
      db.close();
    }
  });

  it('the per-row path keeps WAL', async () => {
    const { db } = await onDisk();
    try {
      const during: string[] = [];
      await imp(db, fixture('import/utf8.csv'), { bulk: false, onHeader: () => during.push(mode(db)) });
      expect(during).toEqual(['wal']);
    } finally {
      db.close();
    }
  });
});
