/**
 * End-to-end, issue 6 "Done when": the shipped example (fixtures/example/refrigerator-2026.csv)
 * through `scheme add`, `import`, `rank`, `shortlist`, then `export` and `verify`: one byte altered
 * in each kind of file fails verify, a removed and an added file fail it, and two exports are
 * byte-identical (folder and zip). Then publicity and a revocation enter the package.
 */
import { cpSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FIXTURES, json, runCli, SCHEMES, tempDir, type CliResult } from '../helpers/cli.js';

const env = { LEADER_NOW: '2026-07-15T10:00:00+08:00' };
let tmp: { dir: string; cleanup: () => void };
let db: string;

function leader(args: string[], extraEnv: Record<string, string> = {}): CliResult {
  return runCli(['--db', db, ...args], { env: { ...env, ...extraEnv } });
}
function ok(r: CliResult): CliResult {
  expect(r.status, r.stderr + r.stdout).toBe(0);
  return r;
}
function filesOf(dir: string): Map<string, Buffer> {
  return new Map(readdirSync(dir).sort().map((f) => [f, readFileSync(join(dir, f))]));
}

beforeAll(() => {
  tmp = tempDir('leader-export-example-');
  db = join(tmp.dir, 'leader.db');
  ok(leader(['scheme', 'add', join(SCHEMES, 'refrigerator-2026.json')]));
  ok(leader(['--json', 'import', join(FIXTURES, 'example/refrigerator-2026.csv'), '--scheme', 'refrigerator-2026']));
  ok(leader(['--json', 'rank', '--scheme', 'refrigerator-2026', '--as-of', '2026-07-15']));
  const s = json(ok(leader(['--json', 'shortlist', '--scheme', 'refrigerator-2026'])));
  expect(s.shortlist.id).toBe(1);
});
afterAll(() => tmp.cleanup());

describe('export of the shipped example', () => {
  it('exports a folder that verify accepts, with the ranking and shortlist of the run', () => {
    const out = join(tmp.dir, 'pkg');
    const r = json(ok(leader(['--json', 'export', '--shortlist', '1', '--out', out])));
    expect(r.export).toMatchObject({ kind: 'dir', shortlistId: 1, runId: 1, exportDate: '2026-07-15', signed: false });
    const rank = json(ok(leader(['--json', 'rank', 'show', '1'])));
    const rows = parse(readFileSync(join(out, 'ranking.csv')), { bom: true }) as string[][];
    expect(rows.length - 1).toBe(rank.entries.length);
    expect(rows.slice(1).map((x) => [x[0], x[1], x[2]])).toEqual(rank.entries.map((e: any) => [String(e.rank), e.total, e.standardNo]));
    const excluded = parse(readFileSync(join(out, 'excluded.csv')), { bom: true }) as string[][];
    expect(excluded.length - 1).toBe(rank.excluded.length);
    expect(excluded.slice(1).every((x) => x[5]!.length > 0 && !/^[A-Z_]+(:\w+)?$/.test(x[5]!))).toBe(true);
    const shortlist = json(ok(leader(['--json', 'shortlist', 'show', '1'])));
    const sl = parse(readFileSync(join(out, 'shortlist.csv')), { bom: true }) as string[][];
    expect(sl.slice(1).map((x) => x[1])).toEqual(shortlist.shortlist.entries.map((e: any) => e.standardNo));
    const v = ok(runCli(['--json', 'verify', out]));
    expect(json(v).verify).toMatchObject({ intact: true, findings: [] });
  });

  it('fails verify after one byte is altered in each kind of file, and after a file is removed or added', () => {
    const kinds = ['ranking.csv', 'ranking.xlsx', 'report.html', 'publicity-notice.md', 'scheme.json', 'audit-events.jsonl'];
    const base = join(tmp.dir, 'alter-base');
    ok(leader(['export', '--shortlist', '1', '--out', base]));
    for (const name of kinds) {
      const dir = join(tmp.dir, `alter-${name}`);
      cpSync(base, dir, { recursive: true });
      const p = join(dir, name);
      const bytes = readFileSync(p);
      bytes[bytes.length - 2] = bytes[bytes.length - 2]! ^ 0x20;
      writeFileSync(p, bytes);
      const r = runCli(['--json', 'verify', dir]);
      expect(r.status, name).toBe(1);
      expect(json(r).verify.findings.map((f: any) => [f.kind, f.path]), name).toEqual([['altered', name]]);
    }
    const dir = join(tmp.dir, 'remove-add');
    cpSync(base, dir, { recursive: true });
    rmSync(join(dir, 'excluded.csv'));
    const removed = runCli(['--json', 'verify', dir]);
    expect(removed.status).toBe(1);
    expect(json(removed).verify.findings.map((f: any) => [f.kind, f.path])).toEqual([['missing', 'excluded.csv']]);
    cpSync(join(base, 'excluded.csv'), join(dir, 'excluded.csv'));
    mkdirSync(join(dir, 'sub'));
    writeFileSync(join(dir, 'sub', 'note.txt'), 'added');
    const added = runCli(['--json', 'verify', dir]);
    expect(added.status).toBe(1);
    expect(json(added).verify.findings.map((f: any) => [f.kind, f.path])).toEqual([['extra', 'sub/note.txt']]);
  });

  it('gives byte-identical folders and zips when exported twice', () => {
    const a = join(tmp.dir, 'a'), b = join(tmp.dir, 'b');
    ok(leader(['export', '--shortlist', '1', '--out', a]));
    ok(leader(['export', '--shortlist', '1', '--out', b], { LEADER_NOW: '2027-01-01T00:00:00+08:00' }));
    const fa = filesOf(a), fb = filesOf(b);
    expect([...fa.keys()]).toEqual([...fb.keys()]);
    for (const [k, v] of fa) expect(v.equals(fb.get(k)!), k).toBe(true);
    ok(leader(['export', '--shortlist', '1', '--out', join(tmp.dir, 'a.zip')]));
    ok(leader(['export', '--shortlist', '1', '--out', join(tmp.dir, 'b.zip')], { LEADER_NOW: '2027-01-01T00:00:00+08:00' }));
    expect(readFileSync(join(tmp.dir, 'a.zip')).equals(readFileSync(join(tmp.dir, 'b.zip')))).toBe(true);
    ok(runCli(['verify', join(tmp.dir, 'a.zip')]));
  });

  it('takes the recorded publicity period and, after a revocation, adds revocations.csv and the events behind it', () => {
    ok(leader(['publicity', 'start', '--shortlist', '1', '--date', '2026-09-28']));
    const entries = json(ok(leader(['--json', 'shortlist', 'show', '1']))).shortlist.entries;
    ok(leader(['revoke', '--enterprise', entries[0].uscc, '--reason', 'fraud', '--date', '2026-10-09', '--evidence', '抽查发现数据造假', '--yes']));
    const out = join(tmp.dir, 'after');
    const r = json(ok(leader(['--json', 'export', '--shortlist', '1', '--out', out])));
    expect(r.export.publicity).toMatchObject({ start: '2026-09-28', end: '2026-10-15', started: true });
    expect(readFileSync(join(out, 'publicity-notice.md'), 'utf8')).toContain('公示期：2026-09-28 至 2026-10-15（10 个工作日）');
    const rev = parse(readFileSync(join(out, 'revocations.csv')), { bom: true }) as string[][];
    expect(rev[0]!.slice(0, 6)).toEqual(['记录编号', '统一社会信用代码', '企业名称', '标准编号', '原因代码', '取消原因']);
    expect(rev[1]!.slice(1, 9)).toEqual([entries[0].uscc, entries[0].enterpriseName, '', 'fraud', expect.stringContaining('弄虚作假'), '2026-10-09', '2029-10-09', '是']);
    const types = readFileSync(join(out, 'audit-events.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l).type);
    expect(types).toContain('publicity.started');
    expect(types[types.length - 1]).toBe('revocation.recorded');
    expect(r.export.files.map((f: any) => f.path)).toContain('revocations.csv');
    ok(runCli(['verify', out]));
  });

  it('writes English headers with --lang en', () => {
    const out = join(tmp.dir, 'en');
    ok(leader(['--lang', 'en', 'export', '--shortlist', '1', '--out', out]));
    expect(readFileSync(join(out, 'shortlist.csv'), 'utf8').split('\r\n')[0]).toBe('\uFEFFNo.,Standard number,Standard name,Enterprise,Credit code,Product,Models,Rank,Total,Publicity outcome');
    expect(readFileSync(join(out, 'publicity-notice.md'), 'utf8')).toContain('Publicity period: 2026-09-28 to 2026-10-15 (10 working days).');
  });
});
