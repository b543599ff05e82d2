/**
 * `leader shortlist`, `shortlist list|show` on a store seeded with the shipped refrigerator scheme and a
 * hand-made ranking (fixtures/shortlist/run-refrigerator-12.json, expectations in its README).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { validateScheme } from '../../src/core/scheme.js';
import type { RunResult } from '../../src/core/types.js';
import { openStore } from '../../src/store/db.js';
import { insertRun } from '../../src/store/runs.js';
import { addScheme } from '../../src/store/schemes.js';
import { FIXTURES, json, runCli, SCHEMES, tempDir } from '../helpers/cli.js';

const tmp = tempDir();
afterAll(() => tmp.cleanup());

async function seed(name: string, mutate: (s: any) => void = () => {}, entries?: (r: RunResult) => RunResult['entries']): Promise<string> {
  const path = join(tmp.dir, `${name}.db`);
  const db = await openStore(path);
  const raw = JSON.parse(readFileSync(join(SCHEMES, 'refrigerator-2026.json'), 'utf8'));
  mutate(raw);
  const text = JSON.stringify(raw);
  const v = validateScheme(raw);
  if (!v.ok) throw new Error(JSON.stringify(v.problems));
  addScheme(db, v.scheme, text, 'sha', 'refrigerator-2026.json');
  const result = JSON.parse(readFileSync(join(FIXTURES, 'shortlist/run-refrigerator-12.json'), 'utf8')) as RunResult;
  if (entries) result.entries = entries(result);
  insertRun(db, { schemeId: raw.id, schemeVersion: raw.version, schemeSha256: 'sha', inputSha256: 'in', contentSha256: 'c', asOf: '2026-07-01', engineVersion: 't', method: 'weighted-sum' }, result);
  db.close();
  return path;
}

describe('leader shortlist', () => {
  it('builds the hand-computed list: cap 3, tie at rank 3 included (4 entries), every drop with its rule, publication order', async () => {
    const db = await seed('include');
    const r = runCli(['--db', db, '--json', 'shortlist', '--scheme', 'refrigerator-2026']);
    expect(r.status).toBe(0);
    const s = json(r).shortlist;
    expect(s).toMatchObject({ id: 1, runId: 1, cap: 3, reason: null, status: 'draft', participants: 12 });
    expect(s.entries.map((e: any) => [e.standardNo, e.enterpriseName, e.rank, e.total])).toEqual([
      ['Q/RA 001-2026', '甲电器有限公司（虚构）', 1, '96.50'], ['Q/RB 001-2026', '丁电器有限公司（虚构）', 3, '90.00'],
      ['Q/RC 001-2026', '丙电器有限公司（虚构）', 3, '90.00'], ['Q/RX 001-2026', '乙电器有限公司（虚构）', 2, '92.00']]);
    expect(s.tieAtCut).toMatchObject({ rank: 3, policy: 'include-all', cap: 3, taken: 4, overCap: 1 });
    expect(s.dropped.map((d: any) => [d.standardNo, d.rule])).toEqual([
      ['Q/RX 002-2026', 'max-per-enterprise'], ['Q/RE 001-2026', 'core-below-level'],
      ['Q/RF 001-2026', 'cap'], ['Q/RG 001-2026', 'cap'], ['Q/RH 001-2026', 'cap'], ['Q/RI 001-2026', 'cap'], ['Q/RJ 001-2026', 'cap'],
      ['Q/RK 001-2026', 'min-score']]);
    expect(json(r).warnings.map((w: any) => w.code)).toEqual(['W_SHORTLIST_EXCEEDS_CAP']);

    const human = runCli(['--db', db, '--lang', 'en', 'shortlist', 'show', '1']);
    expect(human.status).toBe(0);
    expect(human.stdout).toMatch(/Tie at the cut: 2 at rank 3 \(Q\/RB 001-2026, Q\/RC 001-2026\), settled by include-all: 4 entries \(cap 3\)/);
    expect(human.stdout).toMatch(/in no particular order/);
    expect(human.stdout).toMatch(/total 65\.50 below the minimum score 70/);
    // the drops: a count per rule (scoring.md §6 order), then at most --limit of them (default 100)
    expect(human.stdout).toContain('Not shortlisted: 8 (min-score 1; core-below-level 1; max-per-enterprise 1; cap 5)');
    expect(human.stdout).not.toContain('more not shown');
    const limited = runCli(['--db', db, '--lang', 'en', 'shortlist', 'show', '1', '--limit', '3']);
    expect(limited.status).toBe(0);
    // the table rows after the "Not shortlisted" line
    const dropLines = (out: string) => out.slice(out.indexOf('Not shortlisted')).split('\n').filter((l) => /Q\/R[A-Z] 00\d-2026/.test(l));
    expect(dropLines(limited.stdout).map((l) => l.match(/Q\/R[A-Z] 00\d-2026/)![0])).toEqual(['Q/RX 002-2026', 'Q/RE 001-2026', 'Q/RF 001-2026']);
    expect(limited.stdout).toContain('… 5 more not shown (--limit 0 shows all; --json always holds all)');
    expect(dropLines(runCli(['--db', db, '--lang', 'en', 'shortlist', 'show', '1', '--limit', '0']).stdout)).toHaveLength(8);
    const zh = runCli(['--db', db, 'shortlist', 'show', '1', '--limit', '1']).stdout;
    expect(zh).toContain('未入围 8 项（min-score 1 项；core-below-level 1 项；max-per-enterprise 1 项；cap 5 项）：');
    expect(zh).toContain('……另有 7 项未显示（--limit 0 显示全部；--json 总是全部）');
    expect(runCli(['--db', db, 'shortlist', 'show', '1', '--limit', 'x']).status).toBe(2);
    // the same on the command that builds the list
    const built = runCli(['--db', db, '--lang', 'en', 'shortlist', '--scheme', 'refrigerator-2026', '--dry-run', '--limit', '2']);
    expect(built.status).toBe(0);
    expect(built.stdout).toContain('Not shortlisted: 8 (min-score 1; core-below-level 1; max-per-enterprise 1; cap 5)');
    expect(built.stdout).toContain('… 6 more not shown');
    // --json always holds every drop, whatever --limit says
    expect(json(runCli(['--db', db, '--json', 'shortlist', 'show', '1', '--limit', '1'])).shortlist.dropped).toHaveLength(8);

    const list = json(runCli(['--db', db, '--json', 'shortlist', 'list']));
    expect(list.shortlists.map((x: any) => [x.id, x.status, x.entries])).toEqual([[1, 'draft', 4]]);
  });

  it('exclude-all: the two rank-3 entries are left out (2 entries), said on stderr', async () => {
    const db = await seed('exclude', (s) => { s.shortlist.tiePolicy = 'exclude-all'; });
    const r = runCli(['--db', db, 'shortlist', '--run', '1']);
    expect(r.status).toBe(0);
    expect(r.stderr).toMatch(/W_SHORTLIST_BELOW_CAP/);
    const s = json(runCli(['--db', db, '--json', 'shortlist', 'show', '1'])).shortlist;
    expect(s.entries.map((e: any) => e.standardNo)).toEqual(['Q/RA 001-2026', 'Q/RX 001-2026']);
    expect(s.dropped.filter((d: any) => d.rule === 'tie-exclude-all').map((d: any) => d.standardNo)).toEqual(['Q/RB 001-2026', 'Q/RC 001-2026']);
  });

  it('too few participants: no list, reason TOO_FEW_PARTICIPANTS recorded, exit 1', async () => {
    const db = await seed('few', () => {}, (r) => r.entries.slice(0, 2));
    const r = runCli(['--db', db, '--json', 'shortlist', '--scheme', 'refrigerator-2026']);
    expect(r.status).toBe(1);
    expect(json(r)).toMatchObject({ ok: false, shortlist: { id: 1, reason: 'TOO_FEW_PARTICIPANTS', entries: [], participants: 2 } });
    const human = runCli(['--db', db, 'shortlist', '--scheme', 'refrigerator-2026']);
    expect(human.status).toBe(1);
    expect(human.stdout).toMatch(/参评标准 2 项，少于方案要求的 3 项，不产生入围名单/);
    const start = runCli(['--db', db, '--json', 'publicity', 'start', '--shortlist', '1', '--date', '2026-09-28']);
    expect(start.status).toBe(1);
    expect(json(start).error.code).toBe('E_PUBLICITY_EMPTY_LIST');
  });

  it('--dry-run stores nothing; wrong options are usage errors; a missing run is exit 66', async () => {
    const db = await seed('dry');
    const dry = runCli(['--db', db, '--json', 'shortlist', '--scheme', 'refrigerator-2026', '--dry-run']);
    expect(dry.status).toBe(0);
    expect(json(dry).dryRun).toBe(true);
    expect(json(runCli(['--db', db, '--json', 'shortlist', 'list'])).shortlists).toEqual([]);
    expect(runCli(['--db', db, 'shortlist']).status).toBe(2);
    expect(runCli(['--db', db, 'shortlist', '--run', '1', '--scheme', 'refrigerator-2026']).status).toBe(2);
    const missing = runCli(['--db', db, '--json', 'shortlist', '--run', '9']);
    expect(missing.status).toBe(66);
    expect(json(missing).error.code).toBe('E_RUN_NOT_FOUND');
    expect(json(runCli(['--db', db, '--json', 'shortlist', '--scheme', 'nope'])).error.code).toBe('E_SHORTLIST_NO_RUN');
    expect(runCli(['--db', db, 'shortlist', 'show', '7']).status).toBe(66);
  });
});
