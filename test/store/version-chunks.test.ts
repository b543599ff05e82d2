/**
 * The columnar copies of stored versions that `leader rank` reads (src/store/version-chunks.ts):
 * they must give exactly what the tables give (rows, order, values, input hash), be written by every
 * import, be backfilled by migration 2, be ignored when they do not cover the tables, and be checked
 * in full by `verifyChunks` (`leader db check`).
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { runImport } from '../../src/commands/import/importer.js';
import { cmpText, numberOrder } from '../../src/core/rank.js';
import { valueIds } from '../../src/core/run.js';
import { validateScheme, type Scheme } from '../../src/core/scheme.js';
import type { StandardRecord } from '../../src/core/types.js';
import { openMemoryStore, openStore, type DB } from '../../src/store/db.js';
import { migrations } from '../../src/store/migrations.js';
import { addScheme } from '../../src/store/schemes.js';
import { readRankColumns, type RankRead } from '../../src/store/standards-read.js';
import {
  backfillChunks, ChunkWriter, chunksCoverVersions, compareUtf8, decodeChunk, eachValue, encodeChunk, lineStarts, prefixKeys, readChunkColumns, utf8PrefixKeys, verifyChunks, type Chunk, type ChunkRow,
} from '../../src/store/version-chunks.js';
import { FIXTURES, SCHEMES, tempDir } from '../helpers/cli.js';
import { fixtureRecords, fixtureScheme, insertStandards, rec } from '../helpers/rank-data.js';

/**
 * A read as plain rows, in code-unit (credit code, standard number) order: what ranking sees of it (the
 * tables come in the database's byte order, which differs for characters above U+FFFF; rows' order
 * never changes a run, the input hash is computed in code-unit order either way).
 */
function plain(read: Pick<RankRead, 'columns'> & { inputHash?: RankRead['inputHash'] }, ids: readonly string[]) {
  const c = read.columns;
  const noPos = c.noPos ?? numberOrder(c.n, (r) => c.standardNo[r]!, (r) => c.uscc[r]!);
  return {
    hash: read.inputHash!.copy().digest('hex'),
    rows: Array.from({ length: c.n }, (_, r) => ({
      versionId: c.versionId[r], uscc: c.uscc[r], standardNo: c.standardNo[r], abolished: c.abolished[r], publicDate: c.publicDate.codes[r]! < 0 ? null : c.publicDate.dict[c.publicDate.codes[r]!], noPos: noPos[r],
      values: Object.fromEntries(ids.map((id) => { const v = c.values.get(id); const code = v ? v.codes[r]! : -1; return [id, code < 0 ? null : v!.dict[code]]; })),
    })).sort((a, b) => cmpText(a.uscc!, b.uscc!) || cmpText(a.standardNo!, b.standardNo!)),
  };
}

function expectSameAsTables(db: DB, schemeId: string, ids: readonly string[]): void {
  const fast = readChunkColumns(db, schemeId, ids);
  expect(fast, 'the chunks cover the stored versions').toBeDefined();
  expect(plain(fast!, ids)).toEqual(plain(readRankColumns(db, schemeId, ids), ids));
}

const shaHex = (c: Chunk, r: number) => (Buffer.isBuffer(c.sha) ? c.sha.toString('hex', r * 32, r * 32 + 32) : c.sha[r]!);

const scheme = fixtureScheme();
const ids = valueIds(scheme);

describe('version chunks', () => {
  it('encode/decode: LF, empty texts, escapes, non-hex content hashes and wide dictionaries round-trip', () => {
    const rows: ChunkRow[] = Array.from({ length: 70000 }, (_, i) => ({
      standardId: i + 1, versionId: i + 1, uscc: `U${String(i).padStart(17, '0')}`, standardNo: i === 3 ? 'Q/A\n1' : `Q/N ${i}`,
      abolished: i % 7 === 0, publicDate: i % 5 === 0 ? null : '2026-01-02', contentSha256: i === 9 ? 'x' : 'a'.repeat(64),
      valuesJson: JSON.stringify({ wide: String(i), narrow: String(i % 300), tiny: String(i % 3), esc: i === 1 ? 'a"b\\c' : 'q', lz: ['12', '012', '1.20', '1.2', '0.12'][i % 5]!, ...(i % 2 ? { odd: '' } : {}) }),
    }));
    const c = decodeChunk(encodeChunk(rows));
    expect(c.n).toBe(rows.length);
    // rows come back sorted by credit code then standard number; each field intact
    const got: unknown[] = [];
    const want: unknown[] = [];
    for (let r = 0; r < c.n; r++) {
      const src = rows[c.standardId[r]! - 1]!;
      const values: Record<string, string> = {};
      c.keys.forEach((k, i) => { const code = c.codes[i]![r]!; if (code > 0) values[k] = c.dicts[i]![code - 1]!; });
      got.push([c.uscc[r], c.standardNo[r], c.abolished[r] === 1, c.publicDate[r], Buffer.isBuffer(c.sha) ? '' : c.sha[r], values]);
      want.push([src.uscc, src.standardNo, src.abolished, src.publicDate, src.contentSha256, JSON.parse(src.valuesJson)]);
    }
    expect(got).toEqual(want);
    expect(c.uscc.every((u, r) => r === 0 || c.uscc[r - 1]! < u)).toBe(true);
    expect(c.codes[c.keys.indexOf('wide')]).toBeInstanceOf(Uint32Array);
    expect(c.codes[c.keys.indexOf('narrow')]).toBeInstanceOf(Uint16Array);
    expect(c.codes[c.keys.indexOf('tiny')]).toBeInstanceOf(Uint8Array);
  });

  it('texts kept as bytes: read back lazily, and a text section with a line too many or too few does not decode', () => {
    const rows: ChunkRow[] = ['B', 'A', 'C'].map((u, i) => ({
      standardId: i + 1, versionId: i + 1, uscc: `9111000000000000${u}X`, standardNo: `Q/${u} 1`, abolished: false, publicDate: null,
      contentSha256: 'ab'.repeat(32), valuesJson: '{}',
    }));
    const buf = encodeChunk(rows);
    const c = decodeChunk(buf);
    expect(c.bytes?.usccAt).toEqual(Int32Array.from([0, 19, 38, 57]));
    expect(c.uscc).toEqual(['9111000000000000AX', '9111000000000000BX', '9111000000000000CX']);
    expect(c.standardNo).toEqual(['Q/A 1', 'Q/B 1', 'Q/C 1']);
    // one credit code's character replaced by LF (four texts for three rows), then the last LF by a letter (two texts)
    const more = Buffer.from(buf);
    more[more.indexOf('9111000000000000BX') + 5] = 10;
    expect(() => decodeChunk(more)).toThrow(/texts/);
    const fewer = Buffer.from(buf);
    fewer[fewer.indexOf('9111000000000000CX') - 1] = 65;
    expect(() => decodeChunk(fewer)).toThrow(/texts/);
  });

  it('content hashes: 64 lower-case hex digits kept as bytes; upper-case or partly hex ones keep the chunk\'s hashes as texts, unchanged', () => {
    const row = (i: number, sha: string): ChunkRow => ({ standardId: i + 1, versionId: i + 1, uscc: `91110000000000000${i}`, standardNo: `Q/${i}`, abolished: false, publicDate: null, contentSha256: sha, valuesJson: '{}' });
    const lower = 'a1'.repeat(32);
    expect(Buffer.isBuffer(decodeChunk(encodeChunk([row(0, lower), row(1, 'f0'.repeat(32))])).sha)).toBe(true);
    for (const odd of ['A1'.repeat(32), `${'ab'.repeat(31)}zz`, `${'ab'.repeat(31)}a`]) {
      const c = decodeChunk(encodeChunk([row(0, lower), row(1, odd)]));
      expect(c.sha).toEqual([lower, odd]);
    }
  });

  it('an import of up to 65,536 versions is one chunk; a larger one is chunks of 16,384, each with its own dictionaries', () => {
    const row = (i: number): ChunkRow => ({
      standardId: i + 1, versionId: i + 1, uscc: `U${String(i % 5000).padStart(17, '0')}`, standardNo: `Q/N ${i}`, abolished: i % 9 === 0,
      publicDate: i % 4 ? `2026-01-${String(1 + (i % 28)).padStart(2, '0')}` : null, contentSha256: createHash('sha256').update(String(i)).digest('hex'),
      valuesJson: '', valuePairs: ['a', String(i % 1000), 'b', i < 30000 ? 'x' : 'y', ...(i % 3 ? ['c', `${i}`] : [])],
    });
    const chunksOf = (total: number) => {
      const db = openMemoryStore();
      db.prepare(`INSERT INTO imports (id, scheme_id, scheme_version, file_name, sha256, encoding, rows, inserted, updated, unchanged, rejected, warnings, started_at, finished_at)
        VALUES (1, 's', '1', 'f', 'x', 'utf-8', 0, 0, 0, 0, 0, 0, 't', 't')`).run();
      const w = new ChunkWriter(db, 's', 1);
      for (let i = 0; i < total; i++) w.add(row(i));
      w.flush();
      return (db.prepare('SELECT rows, first_version_id, last_version_id, data FROM version_chunks ORDER BY id').raw(true).all() as Array<[number, number, number, Buffer]>);
    };
    expect(chunksOf(65535).map((c) => c[0])).toEqual([65535]);
    const split = chunksOf(70000);
    expect(split.map((c) => c[0])).toEqual([16384, 16384, 16384, 16384, 4464]);
    // every version once, each field intact; a chunk's dictionaries hold only what its rows use
    const seen = new Set<number>();
    const got: unknown[] = [];
    const want: unknown[] = [];
    let outOfRange = 0;
    for (const [rows, lo, hi, data] of split) {
      const c = decodeChunk(data);
      expect(c.n).toBe(rows);
      for (let r = 0; r < c.n; r++) {
        const v = c.versionId[r]!;
        if (v < lo || v > hi) outOfRange++;
        seen.add(v);
        const src = row(v - 1);
        const values: string[] = [];
        c.keys.forEach((k, i) => { const code = c.codes[i]![r]!; if (code > 0) values.push(k, c.dicts[i]![code - 1]!); });
        got.push([c.uscc[r], c.standardNo[r], c.abolished[r] === 1, c.publicDate[r], shaHex(c, r), values.join('|')]);
        want.push([src.uscc, src.standardNo, src.abolished, src.publicDate, src.contentSha256, src.valuePairs!.join('|')]);
      }
      c.keys.forEach((_, i) => {
        const used = new Set(Array.from(c.codes[i]!).filter((x) => x > 0));
        expect(used.size).toBe(c.dicts[i]!.length);
      });
    }
    expect(got).toEqual(want);
    expect(outOfRange).toBe(0);
    expect(seen.size).toBe(70000);
  });

  it('eachValue reads flat objects of strings, and anything else through JSON.parse', () => {
    const read = (j: string) => { const o: Array<[string, string]> = []; eachValue(j, (k, v) => o.push([k, v])); return o; };
    expect(read('{}')).toEqual([]);
    expect(read('{"a":"1","b":""}')).toEqual([['a', '1'], ['b', '']]);
    expect(read('{"a":"x\\"y"}')).toEqual([['a', 'x"y']]);
    expect(read('{"a":1.5,"b":null,"c":"z"}')).toEqual([['a', '1.5'], ['c', 'z']]);
    expect(read('{ "a" : "1" }')).toEqual([['a', '1']]);
  });

  it('prefix key pairs keep code-unit order: a < b gives key(a) <= key(b), and key(a) < key(b) only when a < b (property)', () => {
    const unit = fc.constantFrom('Q', '/', ' ', '0', '1', '9', 'A', 'Z', 'a', '~', '\u007f', 'Ä', '标', '\uD83D', '\uDE00', '\uFF21', '\uFFFF');
    fc.assert(fc.property(fc.array(fc.array(unit, { maxLength: 20 }).map((u) => u.join('')), { minLength: 2, maxLength: 30 }), (texts) => {
      const { hi, lo, whole } = prefixKeys(texts);
      // -1, 0, 1: the pair (hi, lo) of i against j
      const cmp = (i: number, j: number) => (hi[i]! !== hi[j]! ? Math.sign(hi[i]! - hi[j]!) : Math.sign(lo[i]! - lo[j]!));
      for (let i = 0; i < texts.length; i++) for (let j = 0; j < texts.length; j++) {
        const a = texts[i]!, b = texts[j]!;
        if (a < b) expect(cmp(i, j)).toBeLessThanOrEqual(0);
        if (cmp(i, j) < 0) expect(a < b).toBe(true);
        if (whole[i] && whole[j] && cmp(i, j) === 0) expect(a).toBe(b);
      }
      // a text of at most 14 units below 126 after the common prefix is held whole
      texts.forEach((t, i) => { if (t.length <= 14 && [...t].every((u) => u.charCodeAt(0) < 126)) expect(whole[i]).toBe(1); });
    }), { numRuns: 300 });
  });

  it('UTF-8 bytes compared and keyed in code-unit order: compareUtf8 and utf8PrefixKeys agree with JavaScript string order (property)', () => {
    // whole characters only (UTF-8 has no lone surrogates): ASCII, two- and three-byte, U+E000 and up, above U+FFFF
    const ch = fc.constantFrom('Q', '/', ' ', '0', '9', 'A', 'Z', 'a', '~', '\u007f', 'Ä', '标', '\uE000', '\uFF21', '\uFFFF', '😀', '𠀀');
    fc.assert(fc.property(fc.array(fc.array(ch, { maxLength: 18 }).map((u) => u.join('')), { minLength: 2, maxLength: 30 }), fc.constantFrom('', 'Q/', '标'), (raw, prefix) => {
      const texts = raw.map((t) => prefix + t);
      const bytes = texts.map((t) => Buffer.from(t, 'utf8'));
      const { hi, lo, whole } = utf8PrefixKeys(texts.length, (x) => ({ bytes: bytes[x]!, start: 0, end: bytes[x]!.length }));
      const key = (i: number, j: number) => (hi[i]! !== hi[j]! ? Math.sign(hi[i]! - hi[j]!) : Math.sign(lo[i]! - lo[j]!));
      for (let i = 0; i < texts.length; i++) for (let j = 0; j < texts.length; j++) {
        const a = texts[i]!, b = texts[j]!;
        const js = a === b ? 0 : a < b ? -1 : 1;
        expect(Math.sign(compareUtf8(bytes[i]!, 0, bytes[i]!.length, bytes[j]!, 0, bytes[j]!.length))).toBe(js);
        if (js < 0) expect(key(i, j)).toBeLessThanOrEqual(0);
        if (key(i, j) < 0) expect(js).toBe(-1);
        if (whole[i] && whole[j] && key(i, j) === 0) expect(a).toBe(b);
      }
    }), { numRuns: 300 });
  });

  it('prefix keys hold a text whole only when all of it is in the keys: texts equal in their first 14 units after the common prefix (property)', () => {
    const text = fc.tuple(fc.constantFrom('x', 'y'), fc.constantFrom('', '0', '1', '00', '01', '~', '标')).map(([p, tail]) => `${p}ABCDEFGHIJKLM${tail}`);
    fc.assert(fc.property(fc.array(text, { minLength: 2, maxLength: 12 }), (drawn) => {
      const texts = ['xABCDEFGHIJKLM', 'yABCDEFGHIJKLM0', ...drawn]; // no common prefix
      const bytes = texts.map((t) => Buffer.from(t, 'utf8'));
      for (const { hi, lo, whole } of [prefixKeys(texts), utf8PrefixKeys(texts.length, (x) => ({ bytes: bytes[x]!, start: 0, end: bytes[x]!.length }))]) {
        for (let i = 0; i < texts.length; i++) {
          for (let j = 0; j < texts.length; j++) if (whole[i] && whole[j] && hi[i] === hi[j] && lo[i] === lo[j]) expect(texts[i]).toBe(texts[j]);
          expect(whole[i]).toBe(texts[i]!.length === 14 ? 1 : 0);
        }
      }
    }), { numRuns: 200 });
  });

  it('not covering the tables (versions written around leader import): not used, the tables are read', () => {
    const db = openMemoryStore();
    insertStandards(db, scheme.id, fixtureRecords());
    expect(chunksCoverVersions(db)).toBe(false);
    expect(readChunkColumns(db, scheme.id, ids)).toBeUndefined();
    expect(backfillChunks(db)).toBe(13);
    expect(chunksCoverVersions(db)).toBe(true);
    expectSameAsTables(db, scheme.id, ids);
    expect(verifyChunks(db)).toEqual([]);
  });

  it('version ids with a gap (written around leader import, then chunked): the chunks are not used, the tables are read', () => {
    const db = openMemoryStore();
    insertStandards(db, scheme.id, fixtureRecords());
    backfillChunks(db);
    // a version numbered past a gap (ids 14-19 never used), for a new standard
    const sid = Number(db.prepare("INSERT INTO standards (scheme_id, uscc, standard_no) VALUES (?, '911100000000000099', 'Q/GAP 1')").run(scheme.id).lastInsertRowid);
    db.prepare(`INSERT INTO standard_versions (id, standard_id, version, import_id, line, content_sha256, standard_no_raw, standard_name, enterprise_name, status, values_json, raw_json)
      VALUES (20, ?, 1, 1, 2, 'x', 'Q/GAP 1', 'n', 'e', '现行', '{"safety":"true"}', '{}')`).run(sid);
    db.prepare('UPDATE standards SET current_version_id = 20 WHERE id = ?').run(sid);
    expect(backfillChunks(db)).toBe(1);
    expect(verifyChunks(db)).toEqual([]);
    expect(chunksCoverVersions(db)).toBe(false);
    expect(readChunkColumns(db, scheme.id, ids)).toBeUndefined();
  });

  it('several imports with new versions: the newest version of each standard, the same rows and input hash as the tables (property)', () => {
    const arbRecord = fc.record({
      u: fc.integer({ min: 0, max: 5 }), no: fc.constantFrom('Q/A 1-2026', 'Q/B 2-2026', 'Q/b 2-2026', 'Q/ÄB 3', 'Q/\uD83D\uDE00 4', 'Q/\uFF21 5'),
      eff: fc.option(fc.constantFrom('80', '85.5', '90', '92.04', 'x')), noise: fc.option(fc.constantFrom('30', '40', '45')),
      abolished: fc.boolean(), date: fc.option(fc.constantFrom('2026-01-10', '2026-08-01')), hex: fc.boolean(),
    });
    fc.assert(fc.property(fc.array(fc.array(arbRecord, { maxLength: 8 }), { minLength: 1, maxLength: 6 }), (imports) => {
      const db = openMemoryStore();
      for (const batch of imports) {
        const seen = new Set<string>();
        const records: StandardRecord[] = [];
        for (const x of batch) {
          const uscc = `9111000000000000${x.u}X`.slice(0, 18);
          if (seen.has(`${uscc} ${x.no}`)) continue; // one version per standard and import, as leader import allows
          seen.add(`${uscc} ${x.no}`);
          const values: Record<string, string> = { safety: 'true', lead: '0.05' };
          if (x.eff !== null) values.efficiency = x.eff;
          if (x.noise !== null) values.noise = x.noise;
          // real SHA-256 texts in some imports (the chunks' binary form), other texts in others
          const contentSha256 = batch[0]!.hex ? createHash('sha256').update(JSON.stringify(x)).digest('hex') : undefined;
          records.push(rec({ standardNo: x.no, uscc, values, status: x.abolished ? '废止' : '现行', publicDate: x.date, contentSha256 }));
        }
        if (!records.length) continue;
        insertStandards(db, scheme.id, records);
        backfillChunks(db);
      }
      if (!chunksCoverVersions(db) || (db.prepare('SELECT count(*) AS n FROM standards').get() as { n: number }).n === 0) return;
      expectSameAsTables(db, scheme.id, ids);
      expect(verifyChunks(db)).toEqual([]);
    }), { numRuns: 60 });
  });

  it('leader import writes them in its own transaction (both write paths, with updates), and a rollback leaves none', async () => {
    const content = readFileSync(join(SCHEMES, 'refrigerator-2026.json'), 'utf8');
    const v = validateScheme(JSON.parse(content));
    if (!v.ok) throw new Error('scheme');
    const fridge: Scheme = v.scheme;
    const csv = readFileSync(join(FIXTURES, 'example/refrigerator-2026.csv'));
    const changed = Buffer.from(csv.toString('utf8').replace(/,现行/, ',废止'));
    for (const bulk of [false, true]) {
      const db = openMemoryStore();
      addScheme(db, fridge, content, 'sha', 'refrigerator-2026.json');
      const imp = (bytes: Buffer, dryRun = false) => runImport(db, fridge, '1.0.0', (async function* () { yield bytes; })(),
        { encoding: 'auto', allowPartial: false, dryRun, maxErrors: 50, fileName: 'x.csv', bulk });
      await imp(csv);
      await imp(changed, true);
      expect(db.prepare('SELECT count(*) AS n FROM version_chunks').get()).toEqual({ n: 1 });
      await imp(changed);
      await imp(changed);
      expect(db.prepare('SELECT count(*) AS n, sum(rows) AS r FROM version_chunks').get()).toEqual({ n: 2, r: 31 });
      expectSameAsTables(db, fridge.id, valueIds(fridge));
      expect(verifyChunks(db)).toEqual([]);
    }
  });

  it('triggers keep what the chunks rely on: versions immutable, standards never deleted nor re-identified, current only forward', () => {
    const db = openMemoryStore();
    insertStandards(db, scheme.id, fixtureRecords().slice(0, 2));
    insertStandards(db, scheme.id, [fixtureRecords()[0]!]);
    const abort = (sql: string) => expect(() => db.exec(sql)).toThrow();
    abort("UPDATE standard_versions SET values_json = '{}' WHERE id = 1");
    abort('DELETE FROM standard_versions WHERE id = 1');
    abort('DELETE FROM standards WHERE id = 1');
    abort("UPDATE standards SET uscc = '911100000000000000' WHERE id = 1");
    abort('UPDATE standards SET current_version_id = 1 WHERE id = 1'); // backwards
    abort('UPDATE standards SET current_version_id = 2 WHERE id = 1'); // another standard's version
    backfillChunks(db);
    abort('UPDATE version_chunks SET rows = 0');
    abort('DELETE FROM version_chunks');
  });

  it('verifyChunks finds a version missing from the chunks and a chunk that disagrees with the tables', () => {
    const db = openMemoryStore();
    insertStandards(db, scheme.id, fixtureRecords());
    backfillChunks(db);
    expect(verifyChunks(db)).toEqual([]);
    insertStandards(db, scheme.id, [rec({ standardNo: 'Q/NEW 1', values: { safety: 'true' } })]);
    expect(verifyChunks(db)).toEqual(['version 14 is in no chunk']);
    backfillChunks(db);
    // tampering below the triggers: a chunk rewritten with another value
    db.exec('DROP TRIGGER version_chunks_immutable_update');
    const [id, data] = db.prepare('SELECT id, data FROM version_chunks ORDER BY id LIMIT 1').raw(true).get() as [number, Buffer];
    const c = decodeChunk(data);
    const rows: ChunkRow[] = Array.from({ length: c.n }, (_, r) => ({
      standardId: c.standardId[r]!, versionId: c.versionId[r]!, uscc: c.uscc[r]!, standardNo: c.standardNo[r]!, abolished: c.abolished[r] === 1,
      publicDate: c.publicDate[r]!, contentSha256: Buffer.isBuffer(c.sha) ? c.sha.toString('hex', r * 32, r * 32 + 32) : c.sha[r]!,
      valuesJson: JSON.stringify(Object.fromEntries(c.keys.flatMap((k, i) => (c.codes[i]![r]! > 0 ? [[k, k === 'efficiency' ? '99' : c.dicts[i]![c.codes[i]![r]! - 1]!]] : [])))),
    }));
    db.prepare('UPDATE version_chunks SET data = ? WHERE id = ?').run(encodeChunk(rows), id);
    expect(verifyChunks(db).length).toBeGreaterThan(0);
    expect(verifyChunks(db).every((p) => /^version \d+ differs from its chunk$/.test(p))).toBe(true);
    // an unreadable chunk: named by the check; rank reads the tables instead of failing
    const broken = Buffer.from(data);
    broken.writeUInt32LE(0, 0);
    db.prepare('UPDATE version_chunks SET data = ? WHERE id = ?').run(broken, id);
    expect(verifyChunks(db)).toContain(`version chunk ${id}: not a version chunk`);
    expect(readChunkColumns(db, scheme.id, ids)).toBeUndefined();
    // codes beyond their dictionary (the dates' dictionary emptied, the header kept at its length)
    const bigCode = Buffer.from(data);
    const hl = bigCode.readUInt32LE(4);
    const h = JSON.parse(bigCode.toString('utf8', 8, 8 + hl)) as { dates: string[] };
    expect(h.dates.length).toBeGreaterThan(0);
    bigCode.write(JSON.stringify({ ...h, dates: [] }).padEnd(hl, ' '), 8, 'utf8');
    db.prepare('UPDATE version_chunks SET data = ? WHERE id = ?').run(bigCode, id);
    expect(verifyChunks(db).some((p) => /beyond its dictionary/.test(p))).toBe(true);
    expect(readChunkColumns(db, scheme.id, ids)).toBeUndefined();
    // an abolished flag that is neither 0 nor 1 (after the header: standard ids, version ids, number positions)
    const badFlag = Buffer.from(data);
    const flagsAt = Math.ceil((8 + hl) / 8) * 8 + 3 * Math.ceil((c.n * 4) / 8) * 8;
    expect(badFlag[flagsAt]).toBeLessThanOrEqual(1);
    badFlag[flagsAt] = 2;
    db.prepare('UPDATE version_chunks SET data = ? WHERE id = ?').run(badFlag, id);
    expect(verifyChunks(db)).toContain(`version chunk ${id}: version chunk: flag 2 is neither 0 nor 1`);
    expect(readChunkColumns(db, scheme.id, ids)).toBeUndefined();
  });

  it('migration 2 backfills the versions of a store made before it', async () => {
    const file = join(tempDir().dir, 'v1.db');
    const v1 = await openStore(file, { migrations: migrations.slice(0, 1) });
    insertStandards(v1, scheme.id, fixtureRecords());
    insertStandards(v1, scheme.id, [fixtureRecords()[2]!]);
    v1.close();
    const db = await openStore(file);
    expect(db.pragma('user_version', { simple: true })).toBe(2);
    expect(chunksCoverVersions(db)).toBe(true);
    expectSameAsTables(db, scheme.id, ids);
    expect(verifyChunks(db)).toEqual([]);
    db.close();
  });
});

describe('lineStarts: where each text of a chunk starts (four bytes at a time)', () => {
  const reference = (b: Uint8Array, n: number): Int32Array | 'throws' => {
    const starts = [0];
    for (let p = 0; p < b.length; p++) if (b[p] === 10) starts.push(p + 1);
    // n texts joined by LF (none after the last): n - 1 line feeds
    if (n === 0 ? b.length !== 0 : starts.length !== n) return 'throws';
    const off = new Int32Array(n + 1);
    for (let i = 1; i < n; i++) off[i] = starts[i]!;
    off[n] = b.length + 1;
    return off;
  };
  it('agrees with a byte-by-byte scan at every alignment, for every count (property)', () => {
    // bytes around LF in each byte position of a word, and bytes whose sums could carry between bytes
    const byte = fc.constantFrom(10, 0, 9, 11, 0x8a, 0x0b, 0x7f, 0x80, 0xff, 0x31, 0xe4);
    fc.assert(fc.property(fc.array(byte, { maxLength: 70 }), fc.nat(7), fc.integer({ min: -1, max: 2 }), (bytes, shift, delta) => {
      const backing = new Uint8Array(bytes.length + 8);
      backing.set(bytes, shift);
      const b = backing.subarray(shift, shift + bytes.length);
      const lines = bytes.filter((x) => x === 10).length;
      const n = Math.max(0, lines + 1 + delta);
      const want = reference(b, n);
      if (want === 'throws') expect(() => lineStarts(b, n)).toThrow(/version chunk/);
      else expect(lineStarts(b, n)).toEqual(want);
    }), { numRuns: 3000 });
  });
});
