import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { FIXTURES, json, runCli, tempDir } from '../helpers/cli.js';
import { seedRankFixtureStore } from '../helpers/rank-data.js';

let dir: string;
let cleanup: () => void;
let db: string;
const cli = (args: string[], env: Record<string, string> = {}) => runCli(['--db', db, ...args], { cwd: dir, env });

beforeAll(() => {
  ({ dir, cleanup } = tempDir());
  db = join(dir, 'l.db');
  seedRankFixtureStore(cli);
});
afterAll(() => cleanup());

describe('leader rank', () => {
  test('--json: the hand-computed ranking of fixtures/rank, totals as strings with scoring.decimals decimals, every exclusion reason', () => {
    const r = cli(['rank', '--scheme', 'rank-fixture', '--as-of', '2026-07-15', '--json']);
    expect(r.status).toBe(0);
    const doc = json(r);
    expect(doc.ok).toBe(true);
    expect(doc.entries.map((e: any) => [e.rank, e.total, e.standardNo])).toEqual([
      [1, '100.00', 'Q/A 001-2026'], [2, '83.84', 'Q/B 002-2026'], [3, '83.00', 'Q/C 003-2026'],
      [4, '82.00', 'Q/D 004-2026'], [4, '82.00', 'Q/E 005-2026'], [6, '60.00', 'Q/F 006-2026'],
    ]);
    expect(doc.entries[1].levels).toEqual({ efficiency: 'advanced', noise: 'advanced', grade: 'advanced', life: 'advanced' });
    expect(doc.entries[1].scores.efficiency).toBe('89.6000');
    expect(Object.fromEntries(doc.excluded.map((x: any) => [x.standardNo, x.reasons]))).toEqual({
      'Q/X 101-2026': ['ABOLISHED'],
      'Q/X 102-2026': ['AFTER_CUTOFF'],
      'Q/X 103-2026': ['ENTERPRISE_BANNED'],
      'Q/X 104-2026': ['BASELINE_FAILED:safety', 'BASELINE_MISSING:lead'],
      'Q/X 105-2026': ['CORE_MISSING:efficiency'],
      'Q/X 106-2026': ['BELOW_BASE:efficiency', 'BELOW_BASE:noise', 'BELOW_BASE:grade', 'BELOW_BASE:life'],
      'Q/X 107-2026': ['ABOLISHED', 'AFTER_CUTOFF', 'BASELINE_FAILED:lead'],
    });
    expect(doc.run).toMatchObject({ schemeId: 'rank-fixture', schemeVersion: '1.0.0', asOf: '2026-07-15', engineVersion: '0.1.0/v1', method: 'weighted-sum' });
    expect(doc.run.inputSha256).toMatch(/^[0-9a-f]{64}$/);
    expect(doc.cohortDependent).toBe(true);
    expect(doc.indicators.map((i: any) => i.id)).toEqual(['efficiency', 'noise', 'grade', 'life']);
  });

  test('the same data, scheme and as-of date give identical content; a second run only adds a run record', () => {
    const a = json(cli(['rank', '--scheme', 'rank-fixture', '--as-of', '2026-07-15', '--json']));
    const b = cli(['rank', '--scheme', 'rank-fixture', '--as-of', '2026-07-15', '--lang', 'en']);
    expect(b.status).toBe(0);
    expect(b.stderr).toMatch(/Same content as run #\d+/);
    const list = json(cli(['rank', 'list', '--json']));
    const last = list.runs[list.runs.length - 1];
    expect(last.id).toBe(a.run.id + 1);
    expect(last.contentSha256).toBe(a.run.contentSha256);
    expect(last.inputSha256).toBe(a.run.inputSha256);
    const shown = json(cli(['rank', 'show', String(a.run.id), '--json']));
    expect(shown.entries).toEqual(a.entries);
    expect(shown.excluded).toEqual(a.excluded);
  });

  test('human output: table, excluded with reasons in words, single-indicator rankings, cohort flag', () => {
    const r = cli(['rank', '--scheme', 'rank-fixture', '--as-of', '2026-07-15', '--dry-run']);
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('Q/D 004-2026');
    expect(r.stdout).toContain('企业被取消“领跑者”称号，处于三年禁入期内 [ENTERPRISE_BANNED]');
    expect(r.stdout).toContain('核心指标「噪声」低于基准水平');
    expect(r.stdout).toContain('依赖参评群体');
    expect(r.stdout).toMatch(/■ 寿命 \(依赖参评群体\)/);
    expect(r.stderr).toContain('W_DRY_RUN');
    const en = cli(['rank', '--scheme', 'rank-fixture', '--as-of', '2026-07-15', '--dry-run', '--lang', 'en']);
    expect(en.stdout).toContain('baseline indicator "安全认证" misses its limit [BASELINE_FAILED:safety]');
    expect(en.stdout).toContain('Single-indicator rankings');
  });

  test('--dry-run stores nothing', () => {
    const before = json(cli(['rank', 'list', '--json'])).runs.length;
    expect(cli(['rank', '--scheme', 'rank-fixture', '--as-of', '2026-07-15', '--dry-run', '--json']).status).toBe(0);
    expect(json(cli(['rank', 'list', '--json'])).runs.length).toBe(before);
  });

  test('the ban ends the day it expires: --as-of 2027-03-01 ranks the banned enterprise again', () => {
    const doc = json(cli(['rank', '--scheme', 'rank-fixture', '--as-of', '2027-03-01', '--dry-run', '--json']));
    expect(doc.entries.map((e: any) => e.standardNo)).toContain('Q/X 103-2026');
    expect(doc.entries[0].standardNo).toBe('Q/X 103-2026');
  });

  test('--csv: UTF-8 with BOM, one line per entry, numbers unquoted', () => {
    const file = join(dir, 'ranking.csv');
    const r = cli(['rank', '--scheme', 'rank-fixture', '--as-of', '2026-07-15', '--dry-run', '--csv', file, '--lang', 'en']);
    expect(r.status).toBe(0);
    const csv = readFileSync(file, 'utf8');
    expect(csv.charCodeAt(0)).toBe(0xfeff);
    const lines = csv.slice(1).trimEnd().split('\r\n');
    expect(lines[0]).toBe('rank,total,standard_no,uscc,enterprise_name,standard_name,product,models,efficiency,efficiency_level,efficiency_score,noise,noise_level,noise_score,grade,grade_level,grade_score,life,life_level,life_score');
    expect(lines).toHaveLength(7);
    expect(lines[2]!.startsWith('2,83.84,Q/B 002-2026,')).toBe(true);
    // an existing file is not replaced without --force
    expect(cli(['rank', '--scheme', 'rank-fixture', '--as-of', '2026-07-15', '--dry-run', '--csv', file]).status).toBe(73);
    const out = cli(['rank', 'show', '1', '--csv', '-']);
    expect(out.stdout.replace(/^\uFEFF/, '').startsWith('排名,总分,标准编号')).toBe(true);
    expect(out.stdout).toContain('Q/A 001-2026');
    expect(out.stdout).not.toContain('┌');
  });

  test('rank diff: who moved, entered and left, and why', () => {
    const first = json(cli(['rank', '--scheme', 'rank-fixture', '--as-of', '2026-07-15', '--json'])).run.id;
    const csv = readFileSync(join(FIXTURES, 'rank/standards.csv'), 'utf8').replace('Q/F 006-2026,测试标准 F,测试企业F 006-2,91110000000000006F,2026-01-10,现行,80.0', 'Q/F 006-2026,测试标准 F,测试企业F 006-2,91110000000000006F,2026-01-10,现行,90.0')
      .replace('Q/E 005-2026,测试标准 E,测试企业E 005-2,91110000000000005E,2026-01-10,现行', 'Q/E 005-2026,测试标准 E,测试企业E 005-2,91110000000000005E,2026-01-10,废止');
    writeFileSync(join(dir, 'v2.csv'), csv);
    expect(cli(['import', join(dir, 'v2.csv'), '--scheme', 'rank-fixture']).status).toBe(0);
    const second = json(cli(['rank', '--scheme', 'rank-fixture', '--as-of', '2026-07-15', '--json'])).run.id;
    const d = json(cli(['rank', 'diff', String(first), String(second), '--json']));
    const f = d.moved.find((m: any) => m.standardNo === 'Q/F 006-2026');
    expect(f.from).toEqual({ rank: 6, total: '60.00' });
    // efficiency 90.0 -> 100: 40*100 + 20*60 + 10*60 + 30*60 (still the cohort's worst) = 76.00; E (abolished) left
    expect(f.to).toEqual({ rank: 5, total: '76.00' });
    expect(f.changes).toEqual([{ indicator: 'efficiency', from: '80.0', to: '90.0', levelFrom: 'base', levelTo: 'leader' }]);
    expect(d.left).toEqual([expect.objectContaining({ standardNo: 'Q/E 005-2026', rank: 4, now: { excluded: true, reasons: ['ABOLISHED'] } })]);
    expect(d.entered).toEqual([]);
    const human = cli(['rank', 'diff', String(first), String(second)]);
    expect(human.stdout).toContain('efficiency: 80.0 → 90.0');
    expect(human.stdout).toContain('标准已废止');
  });

  test('errors: no --scheme (2), bad --as-of (2), unknown run (66), unknown scheme (66)', () => {
    expect(cli(['rank']).status).toBe(2);
    const bad = cli(['rank', '--scheme', 'rank-fixture', '--as-of', '2026-02-30', '--json']);
    expect(bad.status).toBe(2);
    expect(json(bad).error.code).toBe('E_BAD_DATE');
    const missing = cli(['rank', 'show', '999', '--json']);
    expect(missing.status).toBe(66);
    expect(json(missing).error.code).toBe('E_RUN_NOT_FOUND');
    expect(cli(['rank', '--scheme', 'nope']).status).toBe(66);
    // `rank list --scheme` filters (the option name is shared with `rank`)
    expect(json(cli(['rank', 'list', '--scheme', 'nope', '--json'])).runs).toEqual([]);
    expect(json(cli(['rank', 'list', '--scheme', 'rank-fixture', '--json'])).runs.length).toBeGreaterThan(0);
  });
});
