/**
 * `leader publicity start|close`, `leader objection add|resolve|list`, `leader status` on a store
 * seeded with the shipped refrigerator scheme and a hand-made ranking (fixtures/shortlist/).
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

/** A store with the refrigerator scheme, the hand-made run, and shortlist 1 built by the CLI. */
async function seeded(name: string): Promise<string> {
  const path = join(tmp.dir, `${name}.db`);
  const db = await openStore(path);
  const text = readFileSync(join(SCHEMES, 'refrigerator-2026.json'), 'utf8');
  const v = validateScheme(JSON.parse(text));
  if (!v.ok) throw new Error('scheme');
  addScheme(db, v.scheme, text, 'sha', 'refrigerator-2026.json');
  const result = JSON.parse(readFileSync(join(FIXTURES, 'shortlist/run-refrigerator-12.json'), 'utf8')) as RunResult;
  insertRun(db, { schemeId: 'refrigerator-2026', schemeVersion: '1.0.0', schemeSha256: 'sha', inputSha256: 'in', contentSha256: 'c', asOf: '2026-07-01', engineVersion: 't', method: 'weighted-sum' }, result);
  db.close();
  expect(runCli(['--db', path, 'shortlist', '--scheme', 'refrigerator-2026']).status).toBe(0);
  return path;
}

const cli = (db: string, ...args: string[]) => runCli(['--db', db, ...args]);

describe('publicity and objections', () => {
  it('start computes the end on the official calendar and states the convention (2026-09-28 -> 2026-10-15, State Council 2026 notice)', async () => {
    const db = await seeded('start');
    const r = cli(db, '--json', 'publicity', 'start', '--shortlist', '1', '--date', '2026-09-28');
    expect(r.status).toBe(0);
    expect(json(r).publicity).toMatchObject({ start: '2026-09-28', end: '2026-10-15', workingDays: 10, countFrom: 'start', provisional: false, closedAt: null });
    expect(json(r).publicity.convention).toMatch(/inclusive/);
    const again = cli(db, '--json', 'publicity', 'start', '--shortlist', '1', '--date', '2026-09-29');
    expect(again.status).toBe(1);
    expect(json(again).error.code).toBe('E_PUBLICITY_ALREADY_STARTED');
    const human = cli(db, 'shortlist', 'show', '1');
    expect(human.stdout).toMatch(/公示期：2026-09-28 至 2026-10-15（10 个工作日，含结束日）/);
    expect(human.stdout).toMatch(/计数约定：/);
  });

  it('--count-from next: 2026-09-28 -> 2026-10-16', async () => {
    const db = await seeded('next');
    const r = cli(db, '--json', 'publicity', 'start', '--shortlist', '1', '--date', '2026-09-28', '--count-from', 'next');
    expect(json(r).publicity).toMatchObject({ end: '2026-10-16', countFrom: 'next' });
  });

  it('refusals are domain errors (exit 1) with clear messages: outside the period, not on the list, early close, open objection, twice resolved', async () => {
    const db = await seeded('refusals');
    expect(cli(db, 'objection', 'add', '--shortlist', '1', '--standard', 'Q/RA 001-2026', '--date', '2026-09-30', '--text', 'x').status).toBe(1); // not started
    cli(db, 'publicity', 'start', '--shortlist', '1', '--date', '2026-09-28');
    const late = cli(db, '--lang', 'en', 'objection', 'add', '--shortlist', '1', '--standard', 'Q/RA 001-2026', '--date', '2026-10-16', '--text', 'late');
    expect(late.status).toBe(1);
    expect(late.stderr).toMatch(/\[E_OBJECTION_OUTSIDE_PERIOD\] Objection date 2026-10-16 is outside the publicity period \(2026-09-28 to 2026-10-15\)/);
    const notOnList = cli(db, '--json', 'objection', 'add', '--shortlist', '1', '--standard', 'Q/RK 001-2026', '--date', '2026-10-09', '--text', 'x');
    expect([notOnList.status, json(notOnList).error.code]).toEqual([1, 'E_OBJECTION_NOT_ON_LIST']);
    // The standard number is matched after normalisation (full-width, lower case).
    const ok = cli(db, '--json', 'objection', 'add', '--shortlist', '1', '--standard', 'ｑ／ra 001－2026', '--date', '2026-10-15', '--text', '能效指数存疑');
    expect(ok.status).toBe(0);
    expect(json(ok).objection).toMatchObject({ id: 1, standardNo: 'Q/RA 001-2026', decision: null });
    const early = cli(db, '--lang', 'en', 'publicity', 'close', '--shortlist', '1', '--date', '2026-10-15');
    expect(early.status).toBe(1);
    expect(early.stderr).toMatch(/\[E_PUBLICITY_NOT_OVER\] The publicity period has not ended: shortlist 1 is publicised until 2026-10-15 \(inclusive\)/);
    const open = cli(db, '--json', 'publicity', 'close', '--shortlist', '1', '--date', '2026-10-16');
    expect([open.status, json(open).error.code, json(open).error.details]).toEqual([1, 'E_PUBLICITY_OPEN_OBJECTIONS', { objections: [1] }]);
    expect(json(cli(db, '--json', 'objection', 'list', '--open')).objections).toHaveLength(1);
    expect(cli(db, 'objection', 'resolve', '1', '--decision', 'maybe', '--text', 'x').status).toBe(2);
    expect(cli(db, 'objection', 'resolve', '1', '--decision', 'rejected', '--text', '不成立').status).toBe(0);
    const twice = cli(db, '--json', 'objection', 'resolve', '1', '--decision', 'upheld', '--text', '成立');
    expect([twice.status, json(twice).error.code]).toEqual([1, 'E_OBJECTION_RESOLVED']);
    expect(cli(db, 'objection', 'resolve', '9', '--decision', 'upheld', '--text', 'x').status).toBe(66);
  });

  it('a provisional period (into 2027, no data) is stamped, and recounted on official data once the year is added (FICTIONAL 2027 fixture)', async () => {
    const db = await seeded('provisional');
    const refused = cli(db, '--json', 'publicity', 'start', '--shortlist', '1', '--date', '2026-12-21');
    expect([refused.status, json(refused).error.code]).toEqual([66, 'E_CALENDAR_YEAR_MISSING']);
    const r = cli(db, '--json', 'publicity', 'start', '--shortlist', '1', '--date', '2026-12-21', '--provisional');
    expect(json(r).publicity).toMatchObject({ end: '2027-01-01', provisional: true, calendarSources: { '2027': 'weekends-only' } });
    expect(cli(db, 'shortlist', 'show', '1').stdout).toMatch(/【临时】2027 年无官方数据/);
    const closeMissing = cli(db, '--json', 'publicity', 'close', '--shortlist', '1', '--date', '2027-01-02');
    expect(json(closeMissing).error.code).toBe('E_CALENDAR_YEAR_MISSING');
    expect(cli(db, 'calendar', 'add', join(FIXTURES, 'calendar/2027-fictional-test-data.json')).status).toBe(0);
    // Official (fictional) 2027: 1-3 Jan off, so the period really ends on Mon 2027-01-04.
    expect(cli(db, 'objection', 'add', '--shortlist', '1', '--standard', 'Q/RC 001-2026', '--date', '2027-01-04', '--text', 'x').status).toBe(0);
    expect(cli(db, 'objection', 'resolve', '1', '--decision', 'rejected', '--text', 'y').status).toBe(0);
    const early = cli(db, '--json', 'publicity', 'close', '--shortlist', '1', '--date', '2027-01-02');
    expect([early.status, json(early).error.code, json(early).error.message]).toEqual([1, 'E_PUBLICITY_NOT_OVER', expect.stringContaining('2027-01-04')]);
    const closed = cli(db, '--json', 'publicity', 'close', '--shortlist', '1', '--date', '2027-01-05');
    expect(closed.status).toBe(0);
    expect(json(closed)).toMatchObject({ effectiveEnd: '2027-01-04', publicity: { publishedDate: '2027-01-05' } });
  });
});

describe('leader status', () => {
  it('shows runs, shortlist, publicity dates, open objections, the published list, and warns when older than cycleMonths (LEADER_NOW)', async () => {
    const db = await seeded('status');
    const before = json(cli(db, '--json', 'status', '--scheme', 'refrigerator-2026'));
    expect(before.status).toMatchObject({ runs: { count: 1 }, shortlist: { id: 1, status: 'draft', entries: 4 }, publicity: null, published: null, stale: false });
    cli(db, 'publicity', 'start', '--shortlist', '1', '--date', '2026-09-28');
    cli(db, 'objection', 'add', '--shortlist', '1', '--standard', 'Q/RB 001-2026', '--date', '2026-10-09', '--text', '噪声值与检测报告不符');
    const during = json(cli(db, '--json', 'status', '--scheme', 'refrigerator-2026'));
    expect(during.status.publicity).toMatchObject({ start: '2026-09-28', end: '2026-10-15', countFrom: 'start' });
    expect(during.status.openObjections.map((o: any) => o.standardNo)).toEqual(['Q/RB 001-2026']);
    cli(db, 'objection', 'resolve', '1', '--decision', 'upheld', '--text', '经专家评议，异议成立');
    expect(cli(db, 'publicity', 'close', '--shortlist', '1', '--date', '2026-10-16').status).toBe(0);

    const fresh = runCli(['--db', db, '--json', 'status', '--scheme', 'refrigerator-2026'], { env: { LEADER_NOW: '2027-10-16' } });
    expect(json(fresh).status).toMatchObject({ stale: false, due: '2027-10-16', openObjections: [], published: { shortlistId: 1, publishedDate: '2026-10-16' } });
    expect(json(fresh).status.published.leaders.map((l: any) => l.standardNo)).toEqual(['Q/RA 001-2026', 'Q/RC 001-2026', 'Q/RX 001-2026']);
    const stale = runCli(['--db', db, 'status', '--scheme', 'refrigerator-2026'], { env: { LEADER_NOW: '2027-10-17' } });
    expect(stale.status).toBe(0);
    expect(stale.stderr).toMatch(/W_STATUS_STALE.*2026-10-16.*12 个月/);
    expect(stale.stdout).toMatch(/已发布的“领跑者”名单：入围名单 1，发布日期 2026-10-16，3 项/);
    expect(stale.stdout).toMatch(/计数约定/);
    const staleJson = json(runCli(['--db', db, '--json', 'status', '--scheme', 'refrigerator-2026'], { env: { LEADER_NOW: '2027-10-17' } }));
    expect(staleJson.status.stale).toBe(true);
    expect(staleJson.warnings.map((w: any) => w.code)).toEqual(['W_STATUS_STALE']);
    expect(cli(db, 'status', '--scheme', 'nope').status).toBe(66);
  });
});
