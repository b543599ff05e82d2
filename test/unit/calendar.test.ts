import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildCalendar, isWorkingDay, publicityEnd, type CalendarYear } from '../../src/core/calendar.js';
import { shippedCalendarYears, validateHolidayCn } from '../../src/io/holidays.js';
import { FIXTURES, SHARED } from '../helpers/cli.js';

const acceptance = JSON.parse(readFileSync(join(SHARED, 'acceptance/calendar-2026.json'), 'utf8')) as {
  workingDays: number;
  cases: Array<{ start: string; end: string; endCountingFromNext: string }>;
  adjustedWorkingDays2026: string[];
};
const shipped = shippedCalendarYears();
const cal = buildCalendar(shipped);
const fictional2027 = (() => {
  const v = validateHolidayCn(JSON.parse(readFileSync(join(FIXTURES, 'calendar/2027-fictional-test-data.json'), 'utf8')), 'user:2027-fictional-test-data.json');
  if (!v.ok) throw new Error('fixture invalid');
  return v.table;
})();

describe('shipped official data (chinese-days)', () => {
  it('holds exactly the years with explicit per-year data, 2004-2026, and never 2027', () => {
    const years = shipped.map((y) => y.year);
    expect(years[0]).toBe(2004);
    expect(years).toContain(2026);
    expect(years).not.toContain(2027);
    expect(years).toEqual([...Array(years.length)].map((_, i) => 2004 + i));
  });

  it('2026 adjusted working days (调休上班) match the State Council 2026 notice (国办发明电〔2025〕, acceptance/calendar-2026.json)', () => {
    const y2026 = shipped.find((y) => y.year === 2026)!;
    expect(y2026.days.filter((d) => !d.isOffDay).map((d) => d.date)).toEqual(acceptance.adjustedWorkingDays2026);
    for (const d of acceptance.adjustedWorkingDays2026) expect(isWorkingDay(cal, d)).toBe(true);
  });
});

describe('publicityEnd: State Council 2026 holiday notice (国办发明电〔2025〕), acceptance/calendar-2026.json', () => {
  for (const c of acceptance.cases) {
    it(`${c.start}: ${acceptance.workingDays} working days end ${c.end}; counting from next ${c.endCountingFromNext}`, () => {
      const r = publicityEnd(cal, c.start, acceptance.workingDays);
      expect(r.end).toBe(c.end);
      expect(r.provisional).toBe(false);
      expect(r.countFrom).toBe('start');
      expect(r.convention).toMatch(/inclusive/);
      expect(publicityEnd(cal, c.start, acceptance.workingDays, 'next').end).toBe(c.endCountingFromNext);
    });
  }

  it('day 1 moves to the next working day when the start is a holiday (2026-10-01 -> day 1 is 2026-10-08)', () => {
    const r = publicityEnd(cal, '2026-10-01', 1);
    expect(r.firstDay).toBe('2026-10-08');
    expect(r.end).toBe('2026-10-08');
    // Sat 10 Oct is an adjusted working day: day 3.
    expect(publicityEnd(cal, '2026-10-01', 3).end).toBe('2026-10-10');
  });

  it('working-day predicate: holiday on a weekday off, adjusted Saturday on, plain weekend off', () => {
    expect(isWorkingDay(cal, '2026-10-05')).toBe(false); // Monday, National Day
    expect(isWorkingDay(cal, '2026-10-10')).toBe(true); // Saturday, adjusted
    expect(isWorkingDay(cal, '2026-10-11')).toBe(false); // Sunday
    expect(isWorkingDay(cal, '2026-10-12')).toBe(true); // Monday
  });
});

describe('years without data', () => {
  it('a period running into 2027 is refused with an error naming 2027 (exit 66)', () => {
    expect(() => publicityEnd(cal, '2026-12-21')).toThrow(expect.objectContaining({ code: 'E_CALENDAR_YEAR_MISSING', params: { year: 2027 }, exitCode: 66 }));
    expect(() => isWorkingDay(cal, '2027-03-01')).toThrow(expect.objectContaining({ code: 'E_CALENDAR_YEAR_MISSING' }));
  });

  it('provisional: weekends only in 2027, stamped provisional (Fri 2027-01-01 counted as day 10)', () => {
    const r = publicityEnd(cal, '2026-12-21', 10, 'start', { provisional: true });
    expect(r.end).toBe('2027-01-01');
    expect(r.provisional).toBe(true);
    expect(r.provisionalYears).toEqual([2027]);
    expect(r.sources).toEqual({ '2026': 'chinese-days@1.5.7', '2027': 'weekends-only' });
  });

  it('provisional asked but not needed: the result is official', () => {
    const r = publicityEnd(cal, '2026-09-28', 10, 'start', { provisional: true });
    expect(r).toMatchObject({ end: '2026-10-15', provisional: false, provisionalYears: [] });
  });

  it('accepted once a 2027 year file (fictional test data) is added: 1-3 Jan off, so day 10 is Mon 2027-01-04', () => {
    const withYear = buildCalendar([...shipped, fictional2027]);
    const r = publicityEnd(withYear, '2026-12-21');
    expect(r).toMatchObject({ end: '2027-01-04', provisional: false });
    expect(r.sources['2027']).toBe('user:2027-fictional-test-data.json');
  });

  it('a user year replaces the shipped one for that year', () => {
    const fake2026: CalendarYear = { year: 2026, source: 'user:fake', papers: [], days: [{ date: '2026-10-12', name: 'x', isOffDay: true }] };
    const c = buildCalendar([...shipped, fake2026]);
    expect(isWorkingDay(c, '2026-10-12')).toBe(false);
    expect(isWorkingDay(c, '2026-10-05')).toBe(true); // the shipped holiday is gone with the shipped year
  });
});

describe('holiday-cn layout validation', () => {
  it('accepts the fixture and reports every problem of a broken file with its path', () => {
    expect(fictional2027.year).toBe(2027);
    expect(fictional2027.days).toHaveLength(19);
    const bad = validateHolidayCn(JSON.parse(readFileSync(join(FIXTURES, 'calendar/invalid-layout.json'), 'utf8')), 'x');
    expect(bad.ok).toBe(false);
    if (bad.ok) return;
    expect(bad.problems.map((p) => p.path)).toEqual(['$.year', '$.days[0].date', '$.days[1].name', '$.days[1].isOffDay']);
  });

  it('refuses a date listed twice and a file with no holiday in its year', () => {
    const twice = validateHolidayCn({ year: 2030, papers: [], days: [
      { name: 'a', date: '2030-01-01', isOffDay: true }, { name: 'a', date: '2030-01-01', isOffDay: true }] }, 'x');
    expect(twice.ok).toBe(false);
    const none = validateHolidayCn({ year: 2030, papers: [], days: [] }, 'x');
    expect(none.ok).toBe(false);
  });

  it('accepts a day in the previous year (New Year holiday starting 12-31)', () => {
    const v = validateHolidayCn({ year: 2030, papers: ['https://www.gov.cn/x'], days: [
      { name: '元旦', date: '2029-12-31', isOffDay: true }, { name: '元旦', date: '2030-01-01', isOffDay: true }] }, 'x');
    expect(v.ok).toBe(true);
  });
});
