import { createHash } from 'node:crypto';
import { describe, expect, test } from 'vitest';
import { computeRun } from '../../src/core/run.js';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { openMemoryStore, openStore } from '../../src/store/db.js';
import { tempDir } from '../helpers/cli.js';
import { columnsFromRecords, runColumns, scoreColumns, valueIds } from '../../src/core/run.js';
import { decodeRunResult, encodeRunColumns, encodeRunResult, getRun, getRunContent, insertRun, insertRunColumns, latestRunId, listRuns, runCounts } from '../../src/store/runs.js';
import { readRankColumns, readStandards, readStandardVersion } from '../../src/store/standards-read.js';
import { FIXTURE_AS_OF, fixtureBans, fixtureRecords, fixtureScheme, insertStandards, rec, ok } from '../helpers/rank-data.js';

const levels = ['base', 'advanced', 'leader'];

describe('standards read for ranking', () => {
  test('current versions only, in credit code then standard number order; raw optional', () => {
    const db = openMemoryStore();
    const records = fixtureRecords();
    insertStandards(db, 'rank-fixture', records);
    insertStandards(db, 'other-scheme', [records[0]!]);
    // a new version of Q/A replaces the current one
    const a = records.find((r) => r.standardNo === 'Q/A 001-2026')!;
    insertStandards(db, 'rank-fixture', [{ ...a, values: { ...a.values, noise: '36' }, raw: { ...a.raw, noise: '36' } }]);
    const read = readStandards(db, 'rank-fixture');
    expect(read).toHaveLength(records.length);
    expect(read.map((r) => r.uscc + r.standardNo)).toEqual(read.map((r) => r.uscc + r.standardNo).slice().sort());
    const ra = read.find((r) => r.standardNo === 'Q/A 001-2026')!;
    expect(ra.version).toBe(2);
    expect(ra.values.noise).toBe('36');
    expect(ra.raw.noise).toBe('36');
    expect(readStandards(db, 'rank-fixture', { raw: false })[0]!.raw).toEqual({});
    // models: read exactly, also when they hold quotes, commas or backslashes
    const tricky = ['BCD-1', 'a","b', 'x,y', 'back\\slash', '中文(E)'];
    insertStandards(db, 'models-scheme', [rec({ standardNo: 'Q/M 1', values: {}, models: tricky, brand: '品牌', region: '北京' })]);
    expect(readStandards(db, 'models-scheme')[0]!).toMatchObject({ models: tricky, brand: '品牌', region: '北京' });
    expect(readStandards(db, 'models-scheme', { raw: false })[0]!).toMatchObject({ models: tricky, brand: null, region: null });
    const oldId = (db.prepare('SELECT id FROM standard_versions WHERE standard_id = ? AND version = 1').get(ra.standardId) as { id: number }).id;
    const old = readStandardVersion(db, oldId)!;
    expect(old.values.noise).toBe('34');
  });
});

describe('runs store', () => {
  test('compact canonical content round-trips to the same RunResult; the same data gives the same content', () => {
    const db = openMemoryStore();
    insertStandards(db, 'rank-fixture', fixtureRecords());
    const scheme = fixtureScheme();
    const r1 = computeRun({ scheme, records: readStandards(db, 'rank-fixture', { raw: false }), bans: fixtureBans, asOf: FIXTURE_AS_OF, crossCheck: 'topsis' });
    const r2 = computeRun({ scheme, records: readStandards(db, 'rank-fixture', { raw: false }).reverse(), bans: fixtureBans, asOf: FIXTURE_AS_OF, crossCheck: 'topsis' });
    const e1 = encodeRunResult(r1, levels);
    expect(encodeRunResult(r2, levels)).toBe(e1);
    expect(decodeRunResult(e1)).toEqual(r1);
    const meta = { schemeId: 'rank-fixture', schemeVersion: '1.0.0', schemeSha256: 's', inputSha256: 'i', contentSha256: createHash('sha256').update(e1).digest('hex'), asOf: FIXTURE_AS_OF, engineVersion: '0.1.0/v1', method: 'weighted-sum' };
    const a = insertRun(db, meta, r1, e1);
    const b = insertRun(db, meta, r2, encodeRunResult(r2, levels));
    expect(b.id).toBe(a.id + 1);
    expect(getRun(db, a.id).result).toEqual(r1);
    expect(getRunContent(db, a.id)).toEqual(getRunContent(db, b.id));
    expect(latestRunId(db, 'rank-fixture')).toBe(b.id);
    expect(listRuns(db).map((r) => r.id)).toEqual([a.id, b.id]);
    const events = db.prepare("SELECT type, subject FROM audit_events WHERE type = 'run.created'").all();
    expect(events).toEqual([{ type: 'run.created', subject: `run:${a.id}` }, { type: 'run.created', subject: `run:${b.id}` }]);
    expect(() => db.prepare('UPDATE runs SET as_of = ?').run('2020-01-01')).toThrow(/immutable/);
  });
  test('a run with zero-scored indicators and no entries round-trips', () => {
    const scheme = { ...fixtureScheme(), scoring: { method: 'weighted-sum' as const, decimals: 2, missingCore: 'zero' as const } };
    const r = computeRun({ scheme, records: [rec({ standardNo: 'Q/1', values: { ...ok, noise: '35', grade: 'A', life: '2000' } })], bans: new Map(), asOf: FIXTURE_AS_OF });
    expect(r.entries[0]!.zeroScored).toEqual(['efficiency']);
    expect(decodeRunResult(encodeRunResult(r, levels))).toEqual(r);
    const empty = computeRun({ scheme, records: [], bans: new Map(), asOf: FIXTURE_AS_OF });
    expect(decodeRunResult(encodeRunResult(empty, levels))).toEqual(empty);
  });
});

describe('a large run is stored through a rollback journal', () => {
  test('4 MiB of columns: stored whole, the store back in WAL after; with another connection open it stays in WAL and still stores', async () => {
    const t = tempDir();
    try {
      const file = join(t.dir, 's.db');
      const db = await openStore(file);
      const meta = { schemeId: 'x', schemeVersion: '1', schemeSha256: 's', inputSha256: 'i', contentSha256: 'c', asOf: FIXTURE_AS_OF, engineVersion: 't', method: 'weighted-sum' };
      const big = { header: '{}', columns: Buffer.alloc(4 << 20, 7), sha256: 'c', entries: 0, excluded: 0 };
      // the journal switches the insert asks for (a proxy that records pragmas)
      const pragmas: string[] = [];
      const spy = new Proxy(db, {
        get(target, key) {
          const v = Reflect.get(target, key, target);
          if (key === 'pragma') return (sql: string, o?: object) => { pragmas.push(sql); return target.pragma(sql, o); };
          return typeof v === 'function' ? v.bind(target) : v;
        },
      });
      insertRunColumns(spy, meta, { ...big, columns: Buffer.alloc((4 << 20) - 1) });
      expect(pragmas.filter((p) => p.startsWith('journal_mode'))).toEqual([]);
      const a = insertRunColumns(spy, meta, big);
      expect(pragmas.filter((p) => p.startsWith('journal_mode'))).toEqual(['journal_mode = DELETE', 'journal_mode = WAL']);
      expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
      expect(existsSync(`${file}-journal`)).toBe(false);
      const other = await openStore(file);
      const b = insertRunColumns(db, meta, big);
      expect(other.prepare('SELECT id, length(columns) AS n FROM runs WHERE id >= ? ORDER BY id').all(a.id)).toEqual([{ id: a.id, n: 4 << 20 }, { id: b.id, n: 4 << 20 }]);
      other.close();
      db.close();
    } finally {
      t.cleanup();
    }
  });
});

describe('runs stored as columns (leader-run/2)', () => {
  test('the columns read from the store give the same run as computeRun on records; stored and read back whole; same content, same SHA-256', () => {
    const db = openMemoryStore();
    insertStandards(db, 'rank-fixture', fixtureRecords());
    const scheme = fixtureScheme();
    const expected = computeRun({ scheme, records: readStandards(db, 'rank-fixture', { raw: false }), bans: fixtureBans, asOf: FIXTURE_AS_OF, crossCheck: 'topsis' });
    const encode = () => {
      const read = readRankColumns(db, 'rank-fixture', valueIds(scheme));
      return encodeRunColumns(runColumns(scoreColumns(scheme, read.columns, fixtureBans, FIXTURE_AS_OF), 'topsis'))!;
    };
    const enc = encode();
    expect(enc.entries).toBe(expected.entries.length);
    expect(enc.excluded).toBe(expected.excluded.length);
    // from shuffled records too: the order of the input never changes the content
    const shuffled = readStandards(db, 'rank-fixture', { raw: false }).reverse();
    const rc2 = runColumns(scoreColumns(scheme, columnsFromRecords(shuffled, valueIds(scheme)), fixtureBans, FIXTURE_AS_OF), 'topsis');
    expect(encodeRunColumns(rc2)!.sha256).toBe(enc.sha256);
    const meta = { schemeId: 'rank-fixture', schemeVersion: '1.0.0', schemeSha256: 's', inputSha256: 'i', contentSha256: enc.sha256, asOf: FIXTURE_AS_OF, engineVersion: '0.1.0/v1', method: 'weighted-sum' };
    const a = insertRunColumns(db, meta, enc);
    const b = insertRunColumns(db, meta, encode());
    expect(getRun(db, a.id).result).toEqual(expected);
    const c = getRunContent(db, b.id);
    expect(createHash('sha256').update(c.result).update('\n').update(c.columns!).digest('hex')).toBe(enc.sha256);
    expect(runCounts(db).get(a.id)).toEqual({ entries: expected.entries.length, excluded: expected.excluded.length });
    const events = db.prepare("SELECT payload FROM audit_events WHERE type = 'run.created' AND subject = ?").get(`run:${a.id}`) as { payload: string };
    expect(JSON.parse(events.payload)).toMatchObject({ entries: expected.entries.length, excluded: expected.excluded.length, contentSha256: enc.sha256 });
  });
  test('missingCore zero (missing values, zero-scored) and TOPSIS runs round-trip through the columns', () => {
    const db = openMemoryStore();
    insertStandards(db, 'rank-fixture', fixtureRecords());
    for (const scoring of [
      { method: 'weighted-sum' as const, decimals: 2, missingCore: 'zero' as const },
      { method: 'topsis' as const, decimals: 4, missingCore: 'zero' as const, normalization: 'minmax' as const },
    ]) {
      const scheme = { ...fixtureScheme(), scoring };
      const expected = computeRun({ scheme, records: readStandards(db, 'rank-fixture', { raw: false }), bans: fixtureBans, asOf: FIXTURE_AS_OF });
      expect(expected.entries.some((e) => e.zeroScored)).toBe(true);
      const read = readRankColumns(db, 'rank-fixture', valueIds(scheme));
      const enc = encodeRunColumns(runColumns(scoreColumns(scheme, read.columns, fixtureBans, FIXTURE_AS_OF)))!;
      const run = insertRunColumns(db, { schemeId: 'rank-fixture', schemeVersion: '1.0.0', schemeSha256: 's', inputSha256: 'i', contentSha256: enc.sha256, asOf: FIXTURE_AS_OF, engineVersion: 't', method: scoring.method }, enc);
      expect(getRun(db, run.id).result).toEqual(expected);
    }
  });
});
