import { describe, expect, test } from 'vitest';
import type { RunColumns } from '../../src/core/run.js';
import { openMemoryStore, type DB } from '../../src/store/db.js';
import { PACKED_ROWS, readRunNames, readVersionKeys, setPackedRows } from '../../src/store/runs.js';
import { insertStandards, rec } from '../helpers/rank-data.js';

/** The plain reading, one row per version (what the packed reading must give). */
function plain(db: DB, ids: number[]) {
  const stmt = db.prepare(`SELECT s.standard_no AS standardNo, s.uscc, v.enterprise_name AS enterpriseName, v.standard_name AS standardName, v.product, v.models
    FROM standard_versions v JOIN standards s ON s.id = v.standard_id WHERE v.id = ?`);
  return ids.map((id) => {
    const r = stmt.get(id) as { standardNo: string; uscc: string; enterpriseName: string; standardName: string; product: string | null; models: string | null };
    return { ...r, models: r.models === null ? [] : JSON.parse(r.models) as string[] };
  });
}

function versionIds(db: DB, schemeId: string): number[] {
  return (db.prepare('SELECT v.id FROM standard_versions v JOIN standards s ON s.id = v.standard_id WHERE s.scheme_id = ? ORDER BY v.id DESC').all(schemeId) as Array<{ id: number }>).map((r) => r.id);
}

function check(db: DB, schemeId: string): void {
  const ids = versionIds(db, schemeId);
  const want = plain(db, ids);
  const keys = readVersionKeys(db, schemeId, ids);
  expect(keys.standardNo).toEqual(want.map((w) => w.standardNo));
  expect(keys.uscc).toEqual(want.map((w) => w.uscc));
  const rc = { input: { versionId: Float64Array.from(ids) } } as unknown as RunColumns;
  expect(readRunNames(db, rc)).toEqual(want.map(({ standardNo: _n, uscc: _u, ...names }) => names));
  // a subset of rows, in their given order
  expect(readRunNames(db, rc, [2, 0])).toEqual([want[2], want[0]].map(({ standardNo: _n, uscc: _u, ...names }) => names));
}

describe('run readers (packed reading; row by row when a text holds U+001F)', () => {
  test('numbers, codes and names as the plain reading gives them: null and empty products, models, old versions', () => {
    const db = openMemoryStore();
    const records = [
      rec({ standardNo: 'Q/R 1-2026', values: {}, product: null, models: [] }),
      rec({ standardNo: 'Q/R 2-2026', values: {}, product: '', models: ['a","b', 'x,y'] }),
      rec({ standardNo: 'Q/R 3-2026', values: {}, product: '0', models: ['中文'] }),
      rec({ standardNo: 'Q/R 4-2026', values: {}, product: '1', enterpriseName: '=HYPERLINK("x")' }),
    ];
    insertStandards(db, 'packed', records);
    insertStandards(db, 'other', [rec({ standardNo: 'Q/R 1-2026', values: {} })]);
    // a second version: the first is no longer current (found by id)
    insertStandards(db, 'packed', [{ ...records[0]!, standardName: '新名称' }]);
    check(db, 'packed');
    // several packed texts (two rows each)
    const was = PACKED_ROWS;
    setPackedRows(2);
    try { check(db, 'packed'); } finally { setPackedRows(was); }
  });

  test('a text holding the separator is read row by row, with the same result', () => {
    const db = openMemoryStore();
    insertStandards(db, 'sep', [
      rec({ standardNo: 'Q/S 1\u001f2026', values: {}, enterpriseName: 'a\u001fb', product: '\u001f', models: ['m\u001f'] }),
      rec({ standardNo: 'Q/S 2-2026', values: {}, standardName: '\u001f\u001f' }),
      rec({ standardNo: 'Q/S 3-2026', values: {} }),
    ]);
    check(db, 'sep');
    // one row a text
    const was = PACKED_ROWS;
    setPackedRows(1);
    try { check(db, 'sep'); } finally { setPackedRows(was); }
  });
});
