/**
 * Test data for rank and explain: StandardRecord builders, the hand-written fixture scheme of
 * fixtures/rank/, and direct inserts into the standards tables (until and beside `leader import`).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { validateScheme, type Scheme } from '../../src/core/scheme.js';
import type { StandardRecord } from '../../src/core/types.js';
import type { DB } from '../../src/store/db.js';
import { FIXTURES } from './cli.js';

let nextId = 1;

export function rec(p: Partial<StandardRecord> & { standardNo: string; values: Record<string, string> }): StandardRecord {
  const id = nextId++;
  return {
    standardId: id, versionId: id, version: 1, uscc: `91110000${String(id).padStart(9, '0')}X`.slice(0, 18), enterpriseName: `企业${id}`,
    standardName: `标准${id}`, product: null, brand: null, models: [], publicDate: '2026-01-10', status: '现行', region: null,
    raw: { ...p.values }, ...p,
  };
}

export function loadSchemeFile(path: string): Scheme {
  const v = validateScheme(JSON.parse(readFileSync(path, 'utf8')));
  if (!v.ok) throw new Error(`invalid scheme ${path}: ${JSON.stringify(v.problems)}`);
  return v.scheme;
}

export const FIXTURE_SCHEME_FILE = join(FIXTURES, 'rank/scheme.json');
export function fixtureScheme(): Scheme {
  return loadSchemeFile(FIXTURE_SCHEME_FILE);
}

export const BANNED_USCC = '91440300MA5XXXXX1B';
export const ok = { safety: 'true', lead: '0.05' };

/**
 * The fixture standards (hand-computed totals in test/unit/run.test.ts): six eligible (a tie at
 * 82.00), seven excluded covering every reason. Input order is deliberately not the ranking order.
 */
export function fixtureRecords(): StandardRecord[] {
  return [
    rec({ standardNo: 'Q/E 005-2026', uscc: '91110000000000005E', values: { ...ok, efficiency: '90', noise: '45', grade: 'C', life: '1500' } }),
    rec({ standardNo: 'Q/A 001-2026', uscc: '91110000000000001A', values: { ...ok, lead: '0.105', efficiency: '92.04', noise: '34', grade: 'Ａ', life: '2000' } }),
    rec({ standardNo: 'Q/F 006-2026', uscc: '91110000000000006F', values: { ...ok, efficiency: '80.0', noise: '45', grade: 'C', life: '1000' } }),
    rec({ standardNo: 'Q/C 003-2026', uscc: '91110000000000003C', values: { ...ok, efficiency: '85', noise: '40', grade: 'B', life: '1750' } }),
    rec({ standardNo: 'Q/D 004-2026', uscc: '91110000000000004D', values: { ...ok, efficiency: '82.5', noise: '35', grade: 'A', life: '1500' } }),
    rec({ standardNo: 'Q/B 002-2026', uscc: '91110000000000002B', values: { ...ok, efficiency: '87.45', noise: '38', grade: 'B', life: '1500' } }),
    // excluded
    rec({ standardNo: 'Q/X 101-2026', uscc: '911100000000000101', status: '废止', values: { ...ok, efficiency: '95', noise: '30', grade: 'A', life: '3000' } }),
    rec({ standardNo: 'Q/X 102-2026', uscc: '911100000000000102', publicDate: '2026-07-01', values: { ...ok, efficiency: '95', noise: '30', grade: 'A', life: '3000' } }),
    rec({ standardNo: 'Q/X 103-2026', uscc: BANNED_USCC, values: { ...ok, efficiency: '95', noise: '30', grade: 'A', life: '3000' } }),
    rec({ standardNo: 'Q/X 104-2026', uscc: '911100000000000104', values: { safety: 'false', efficiency: '95', noise: '30', grade: 'A', life: '3000' } }),
    rec({ standardNo: 'Q/X 105-2026', uscc: '911100000000000105', values: { ...ok, noise: '30', grade: 'A', life: '3000' } }),
    rec({ standardNo: 'Q/X 106-2026', uscc: '911100000000000106', values: { ...ok, efficiency: '79.94', noise: '46', grade: 'D', life: '900' } }),
    rec({ standardNo: 'Q/X 107-2026', uscc: '911100000000000107', status: '废止', publicDate: '2026-08-01', values: { ...ok, lead: '0.15', efficiency: '95', noise: '30', grade: 'A', life: '3000' } }),
  ];
}

export const fixtureBans = new Map([
  [BANNED_USCC, [{ revocationId: 7, uscc: BANNED_USCC, reason: 'fraud', date: '2024-03-01', banUntil: '2027-03-01' }]],
  // expired before the as-of date: no effect
  ['91110000000000001A', [{ revocationId: 3, uscc: '91110000000000001A', reason: 'other', date: '2023-01-01', banUntil: '2026-01-01' }]],
]);

export const FIXTURE_AS_OF = '2026-07-15';

let importSeq = 0;
/** Inserts standards (current version = the given record) straight into the import-owned tables. */
export function insertStandards(db: DB, schemeId: string, records: StandardRecord[]): void {
  db.transaction(() => {
    const importId = Number(db.prepare(`INSERT INTO imports (scheme_id, scheme_version, file_name, sha256, encoding, rows, inserted, updated, unchanged, rejected, warnings, started_at, finished_at)
      VALUES (?, '1.0.0', ?, 'x', 'utf-8', ?, ?, 0, 0, 0, 0, '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z')`).run(schemeId, `test-${++importSeq}.csv`, records.length, records.length).lastInsertRowid);
    const findStd = db.prepare('SELECT id FROM standards WHERE scheme_id = ? AND uscc = ? AND standard_no = ?');
    const insStd = db.prepare('INSERT INTO standards (scheme_id, uscc, standard_no) VALUES (?, ?, ?)');
    const maxVer = db.prepare('SELECT coalesce(max(version), 0) AS v FROM standard_versions WHERE standard_id = ?');
    const insVer = db.prepare(`INSERT INTO standard_versions (standard_id, version, import_id, line, content_sha256, standard_no_raw, standard_name, enterprise_name,
      product, brand, models, public_date, issue_date, implementation_date, status, region, values_json, raw_json)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, NULL, NULL, ?, ?, ?, ?)`);
    const setCur = db.prepare('UPDATE standards SET current_version_id = ? WHERE id = ?');
    records.forEach((r, i) => {
      let sid = (findStd.get(schemeId, r.uscc, r.standardNo) as { id: number } | undefined)?.id;
      if (sid === undefined) sid = Number(insStd.run(schemeId, r.uscc, r.standardNo).lastInsertRowid);
      const v = (maxVer.get(sid) as { v: number }).v + 1;
      const vid = Number(insVer.run(sid, v, importId, i + 2, r.contentSha256 ?? 'x', r.standardNo, r.standardName, r.enterpriseName, r.product, r.brand, JSON.stringify(r.models),
        r.publicDate, r.status, r.region, JSON.stringify(r.values), JSON.stringify(r.raw)).lastInsertRowid);
      setCur.run(vid, sid);
    });
  })();
}

/**
 * The rank fixture in a store through the CLI (scheme, standards, the banned enterprise's
 * revocation), for the CLI tests of rank and explain; `cli` runs the built binary on that store.
 */
export function seedRankFixtureStore(cli: (args: string[]) => { status: number | null }): void {
  for (const args of [
    ['scheme', 'add', FIXTURE_SCHEME_FILE],
    ['import', join(FIXTURES, 'rank/standards.csv'), '--scheme', 'rank-fixture'],
    ['revoke', '--enterprise', BANNED_USCC, '--reason', 'fraud', '--date', '2024-03-01', '--name', '测试', '--yes'],
  ]) {
    const r = cli(args);
    if (r.status !== 0) throw new Error(`seeding the rank fixture: leader ${args.join(' ')} exited ${r.status}`);
  }
}
