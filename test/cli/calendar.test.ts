/** `leader calendar end|add|show`: the official 2026 data, a year without data refused, then added. */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { FIXTURES, json, runCli, SHARED, tempDir } from '../helpers/cli.js';

const tmp = tempDir();
afterAll(() => tmp.cleanup());
const acceptance = JSON.parse(readFileSync(join(SHARED, 'acceptance/calendar-2026.json'), 'utf8')) as {
  cases: Array<{ start: string; end: string; endCountingFromNext: string }>;
};
const FICTIONAL_2027 = join(FIXTURES, 'calendar/2027-fictional-test-data.json');

describe('leader calendar end: State Council 2026 holiday notice (国办发明电〔2025〕), acceptance/calendar-2026.json', () => {
  it('reproduces every case, both conventions, and states the convention; no store file is created', () => {
    const db = join(tmp.dir, 'none.db');
    for (const c of acceptance.cases) {
      const r = runCli(['--db', db, '--json', 'calendar', 'end', c.start]);
      expect(r.status).toBe(0);
      expect(json(r).period).toMatchObject({ start: c.start, end: c.end, workingDays: 10, countFrom: 'start', provisional: false });
      expect(json(r).period.convention).toMatch(/day 1 = start if it is a working day/);
      const n = json(runCli(['--db', db, '--json', 'calendar', 'end', c.start, '--count-from', 'next']));
      expect(n.period).toMatchObject({ end: c.endCountingFromNext, countFrom: 'next' });
    }
    const human = runCli(['--db', db, '--lang', 'en', 'calendar', 'end', '2026-09-28']);
    expect(human.stdout).toMatch(/^End: 2026-10-15$/m);
    expect(human.stdout).toMatch(/counting: day 1 = the start date if it is a working day/);
    expect(existsSync(db)).toBe(false);
  });

  it('bad input: a bad date or day count is a usage error (2)', () => {
    expect(runCli(['calendar', 'end', '2026-02-30']).status).toBe(2);
    expect(runCli(['calendar', 'end', '2026-09-28', '--days', '0']).status).toBe(2);
    expect(runCli(['calendar', 'end', '2026-09-28', '--count-from', 'later']).status).toBe(2);
  });
});

describe('a year without data (2027: not in chinese-days; the fixture is FICTIONAL test data)', () => {
  const db = join(tmp.dir, 'cal.db');

  it('is refused with an error naming the year and the fix (exit 66)', () => {
    const r = runCli(['--db', db, '--json', 'calendar', 'end', '2026-12-21']);
    expect(r.status).toBe(66);
    expect(json(r).error).toMatchObject({ code: 'E_CALENDAR_YEAR_MISSING', details: { year: 2027 } });
    const zh = runCli(['--db', db, 'calendar', 'end', '2026-12-21']);
    expect(zh.stderr).toMatch(/没有 2027 年的官方节假日数据.*leader calendar add/);
    expect(runCli(['--db', db, 'calendar', 'show', '2027']).status).toBe(66);
  });

  it('--provisional counts weekends only and stamps the output', () => {
    const r = runCli(['--db', db, '--json', 'calendar', 'end', '2026-12-21', '--provisional']);
    expect(r.status).toBe(0);
    expect(json(r).period).toMatchObject({ end: '2027-01-01', provisional: true, provisionalYears: [2027] });
    expect(json(r).warnings.map((w: any) => w.code)).toEqual(['W_CALENDAR_PROVISIONAL']);
    const human = runCli(['--db', db, 'calendar', 'end', '2026-12-21', '--provisional']);
    expect(human.stdout).toMatch(/【临时】2027 年无官方数据/);
    expect(human.stderr).toMatch(/W_CALENDAR_PROVISIONAL/);
  });

  it('is accepted after `leader calendar add` of the year file; adding again is unchanged', () => {
    const dry = runCli(['--db', db, '--json', 'calendar', 'add', FICTIONAL_2027, '--dry-run']);
    expect(json(dry)).toMatchObject({ dryRun: true, calendar: { year: 2027, outcome: 'added' } });
    expect(runCli(['--db', db, 'calendar', 'end', '2026-12-21']).status).toBe(66);
    const add = runCli(['--db', db, '--json', 'calendar', 'add', FICTIONAL_2027]);
    expect(add.status).toBe(0);
    expect(json(add).calendar).toMatchObject({ year: 2027, outcome: 'added', holidays: 17, adjustedWorkingDays: 2 });
    const r = runCli(['--db', db, '--json', 'calendar', 'end', '2026-12-21']);
    expect(r.status).toBe(0);
    expect(json(r).period).toMatchObject({ end: '2027-01-04', provisional: false, sources: { '2027': 'user:2027-fictional-test-data.json' } });
    expect(json(runCli(['--db', db, '--json', 'calendar', 'add', FICTIONAL_2027])).calendar.outcome).toBe('unchanged');
    const show = json(runCli(['--db', db, '--json', 'calendar', 'show', '2027']));
    expect(show.adjustedWorkingDays).toEqual([{ date: '2027-02-20', name: '春节（虚构测试数据）' }, { date: '2027-10-09', name: '国庆节（虚构测试数据）' }]);
  });

  it('a broken year file is invalid input (65) with every problem listed', () => {
    const r = runCli(['--db', db, '--json', 'calendar', 'add', join(FIXTURES, 'calendar/invalid-layout.json')]);
    expect(r.status).toBe(65);
    expect(json(r).error.code).toBe('E_CALENDAR_FILE_INVALID');
    expect(json(r).error.details.problems).toHaveLength(4);
    expect(runCli(['--db', db, 'calendar', 'add', join(tmp.dir, 'missing.json')]).status).toBe(66);
  });
});

describe('leader calendar show', () => {
  it('lists 2026 holidays and the six adjusted working days of the 2026 notice with the source', () => {
    const r = runCli(['--json', '--db', join(tmp.dir, 'none2.db'), 'calendar', 'show', '2026']);
    expect(r.status).toBe(0);
    const j = json(r);
    expect(j.source).toMatch(/^chinese-days@/);
    expect(j.adjustedWorkingDays.map((d: any) => d.date)).toEqual(['2026-01-04', '2026-02-14', '2026-02-28', '2026-05-09', '2026-09-20', '2026-10-10']);
    expect(j.holidays.map((d: any) => d.date)).toContain('2026-10-07');
  });
});
