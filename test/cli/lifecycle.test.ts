/**
 * End to end on the shipped example (fixtures/example/refrigerator-2026.csv, fictional data, and
 * schemes/refrigerator-2026.json): scheme add -> import -> rank -> shortlist -> publicity start ->
 * one objection upheld, one rejected -> close -> status. Publicity dates from the State Council 2026
 * holiday notice (acceptance/calendar-2026.json: 2026-09-28 -> 2026-10-15).
 */
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { buildShortlist, shortlistInputs } from '../../src/core/shortlist.js';
import { validateScheme } from '../../src/core/scheme.js';
import { readFileSync } from 'node:fs';
import { FIXTURES, json, runCli, SCHEMES, tempDir } from '../helpers/cli.js';

const tmp = tempDir();
afterAll(() => tmp.cleanup());
const env = { LEADER_NOW: '2026-09-01' };
const db = join(tmp.dir, 'life.db');
const cli = (...args: string[]) => runCli(['--db', db, ...args], { cwd: tmp.dir, env });
const ok = (r: ReturnType<typeof runCli>) => {
  expect(r.status, `${r.stdout}\n${r.stderr}`).toBe(0);
  return r;
};

describe('life cycle on the shipped refrigerator example', () => {
  it('run -> shortlist -> publicity -> objection upheld and rejected -> close -> published', () => {
    ok(cli('scheme', 'add', join(SCHEMES, 'refrigerator-2026.json')));
    ok(cli('import', join(FIXTURES, 'example/refrigerator-2026.csv'), '--scheme', 'refrigerator-2026'));
    const rank = json(ok(cli('--json', 'rank', '--scheme', 'refrigerator-2026')));
    const runId: number = rank.run.id;
    const ranked = rank.entries as Array<{ rank: number; standardNo: string; uscc: string; total: string; levels: Record<string, string | null> }>;
    expect(ranked.length).toBeGreaterThanOrEqual(3);

    // The shortlist of the CLI is the §6 rule applied to the run (cap = min(5, max(1, floor(0.3 |E|)))).
    const sl = json(ok(cli('--json', 'shortlist', '--run', String(runId)))).shortlist;
    const v = validateScheme(JSON.parse(readFileSync(join(SCHEMES, 'refrigerator-2026.json'), 'utf8')));
    if (!v.ok) throw new Error('scheme');
    const input = shortlistInputs(v.scheme);
    const expected = buildShortlist(ranked.map((e) => ({ ...e, enterpriseName: '', standardName: '', product: null, models: [], versionId: 0, scores: {}, values: {} })), input.rule, input.levelOrder, input.coreIds);
    expect(sl.cap).toBe(Math.min(5, Math.max(1, Math.floor((3 * ranked.length) / 10))));
    expect(sl.entries.map((e: any) => [e.standardNo, e.rank, e.total])).toEqual(expected.entries.map((e) => [e.standardNo, e.rank, e.total]));
    expect(sl.dropped.map((d: any) => [d.standardNo, d.rule])).toEqual(expected.dropped.map((d) => [d.standardNo, d.rule]));
    // Hand-computed: |E| = 18, cap = min(5, floor(0.3 x 18) = 5) = 5; Q/LYDQ 0002S-2026 (rank 5) goes by
    // maxPerEnterprise, so the 5th candidate has rank 6, shared by three: include-all takes all 7.
    expect(sl.cap).toBe(5);
    expect(sl.entries.map((e: any) => [e.standardNo, e.rank])).toEqual([
      ['Q/BCL 003-2025', 6], ['Q/HJJD 18-2026', 6], ['Q/JAKJ 0003S-2026', 2], ['Q/LYDQ 0001S-2025', 1],
      ['Q/QWDQ 021-2025', 6], ['Q/QYDQ 15-2026', 4], ['Q/ZLZN 001-2026', 2]]);
    expect(sl.tieAtCut).toMatchObject({ rank: 6, policy: 'include-all', cap: 5, taken: 7, overCap: 2 });
    const nos: string[] = sl.entries.map((e: any) => e.standardNo);
    expect([...nos].sort()).toEqual(nos); // publication order
    expect(new Set(sl.entries.map((e: any) => e.uscc)).size).toBe(nos.length); // maxPerEnterprise 1
    for (const e of sl.entries) expect(Number(e.total)).toBeGreaterThanOrEqual(70);

    const start = json(ok(cli('--json', 'publicity', 'start', '--shortlist', String(sl.id), '--date', '2026-09-28')));
    expect(start.publicity).toMatchObject({ start: '2026-09-28', end: '2026-10-15', countFrom: 'start', provisional: false });

    const upheld = json(ok(cli('--json', 'objection', 'add', '--shortlist', String(sl.id), '--standard', nos[0]!, '--date', '2026-10-09', '--text', '能效指数与检测报告不符（示例）'))).objection;
    const rejected = json(ok(cli('--json', 'objection', 'add', '--shortlist', String(sl.id), '--standard', nos[1]!, '--date', '2026-10-15', '--text', '噪声值存疑（示例）'))).objection;
    expect(cli('objection', 'add', '--shortlist', String(sl.id), '--standard', nos[1]!, '--date', '2026-10-16', '--text', '逾期').status).toBe(1);
    expect(cli('publicity', 'close', '--shortlist', String(sl.id), '--date', '2026-10-16').status).toBe(1); // open objections
    ok(cli('objection', 'resolve', String(upheld.id), '--decision', 'upheld', '--text', '经专家评议，异议成立'));
    ok(cli('objection', 'resolve', String(rejected.id), '--decision', 'rejected', '--text', '经专家评议，异议不成立'));
    expect(cli('publicity', 'close', '--shortlist', String(sl.id), '--date', '2026-10-15').status).toBe(1); // not over

    const closed = json(ok(cli('--json', 'publicity', 'close', '--shortlist', String(sl.id), '--date', '2026-10-16')));
    expect(closed.published.map((e: any) => e.standardNo)).toEqual(nos.slice(1));
    expect(closed.removed.map((e: any) => e.standardNo)).toEqual([nos[0]]);

    const status = json(ok(cli('--json', 'status', '--scheme', 'refrigerator-2026')));
    expect(status.status).toMatchObject({ shortlist: { id: sl.id, status: 'published' }, openObjections: [], stale: false, published: { publishedDate: '2026-10-16' } });
    expect(status.status.published.leaders.map((l: any) => l.standardNo)).toEqual(nos.slice(1));
    const audit = cli('--json', 'audit', 'log');
    if (audit.status === 0) {
      const types = JSON.stringify(json(audit));
      for (const t of ['shortlist.created', 'publicity.started', 'objection.added', 'objection.resolved', 'publicity.closed']) expect(types).toContain(t);
    }
  });
});
