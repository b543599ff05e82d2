/**
 * The official Chinese working-day calendar and publicity periods (公示期), scoring.md §7. Pure: the
 * year tables (holidays 放假 and adjusted working days 调休上班) come in as plain data; a date in a year
 * without a table is refused with a typed error naming the year, unless the caller asks for a
 * provisional (weekends-only) answer, which is then stamped provisional.
 */
import { NotFoundError, UsageError } from './errors.js';

/** One day of an official notice, in the holiday-cn layout: `isOffDay` false = adjusted working day (调休上班). */
export interface CalendarDay {
  date: string;
  name: string;
  isOffDay: boolean;
}

/** The official data of one year (holiday-cn layout plus where it came from). */
export interface CalendarYear {
  year: number;
  /** 'chinese-days@1.5.7', 'user:2027.json', … */
  source: string;
  /** notice URLs (holiday-cn `papers`) */
  papers: string[];
  days: CalendarDay[];
}

/** The calendar a computation uses: the covered years and every listed day by date. */
export interface Calendar {
  /** year -> where its data came from */
  years: Map<number, string>;
  /** date -> listed day (a day listed in another year's file, e.g. 12-31 in next year's notice, counts too) */
  days: Map<string, CalendarDay>;
}

export type CountFrom = 'start' | 'next';

/** The convention of scoring.md §7, stated with every output that shows publicity dates. */
export const CONVENTION: Record<CountFrom, string> = {
  start: 'day 1 = start if it is a working day, else the next working day; the end is inclusive',
  next: 'day 1 = the first working day after start; the end is inclusive',
};

/** Build the calendar from year tables; a later table for the same year replaces an earlier one. */
export function buildCalendar(tables: CalendarYear[]): Calendar {
  const byYear = new Map<number, CalendarYear>();
  for (const t of tables) byYear.set(t.year, t);
  const years = new Map<number, string>();
  const days = new Map<string, CalendarDay>();
  // Days listed in another year's file first, then each year's own days win for that year.
  for (const t of byYear.values()) {
    years.set(t.year, t.source);
    for (const d of t.days) if (Number(d.date.slice(0, 4)) !== t.year && !days.has(d.date)) days.set(d.date, d);
  }
  for (const t of byYear.values()) for (const d of t.days) if (Number(d.date.slice(0, 4)) === t.year) days.set(d.date, d);
  return { years, days };
}

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** True when `s` is a real calendar date written YYYY-MM-DD. */
export function isIsoDate(s: string): boolean {
  const m = DATE.exec(s);
  if (!m) return false;
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return d.toISOString().slice(0, 10) === s;
}

/** A YYYY-MM-DD date or a UsageError (exit 2) naming the value. */
export function parseDate(s: string): string {
  if (typeof s !== 'string' || !isIsoDate(s)) throw new UsageError('E_BAD_DATE', { value: String(s) });
  return s;
}

export function addDays(date: string, n: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + n);
  return d.toISOString().slice(0, 10);
}

/** 0 = Sunday … 6 = Saturday. */
export function weekday(date: string): number {
  return new Date(`${date}T00:00:00Z`).getUTCDay();
}

export interface DayOptions {
  /** allow years without data: weekends only (the caller must stamp its output provisional) */
  provisional?: boolean;
}

export interface DayAnswer {
  working: boolean;
  /** false when the year had no data and the answer is weekends only */
  official: boolean;
}

/**
 * Is `date` a working day? (Mon-Fri and not an official holiday) or an official adjusted working day.
 * A year without data throws `E_CALENDAR_YEAR_MISSING` (exit 66) naming the year, unless provisional.
 */
export function workingDay(cal: Calendar, date: string, o: DayOptions = {}): DayAnswer {
  const year = Number(date.slice(0, 4));
  const wd = weekday(date);
  const weekend = wd === 0 || wd === 6;
  if (!cal.years.has(year)) {
    if (!o.provisional) throw calendarYearMissing(year);
    return { working: !weekend, official: false };
  }
  const listed = cal.days.get(date);
  if (listed) return { working: !listed.isOffDay, official: true };
  return { working: !weekend, official: true };
}

/** The working-day predicate: true on a working day (throws for a year without data). */
export function isWorkingDay(cal: Calendar, date: string, o: DayOptions = {}): boolean {
  return workingDay(cal, date, o).working;
}

export function calendarYearMissing(year: number): NotFoundError {
  return new NotFoundError('E_CALENDAR_YEAR_MISSING', { year }, { year });
}

export interface PeriodResult {
  start: string;
  /** day 1 of the count */
  firstDay: string;
  /** the n-th working day, inclusive */
  end: string;
  workingDays: number;
  countFrom: CountFrom;
  convention: string;
  /** true when a year without data was counted with weekends only */
  provisional: boolean;
  /** the years without data that were counted with weekends only */
  provisionalYears: number[];
  /** every year the count touched, with its data source ('weekends-only' for provisional years) */
  sources: Record<string, string>;
}

/**
 * The end of a period of `n` working days (default 10, the publicity period 公示期 of 10个工作日).
 * countFrom 'start': day 1 is `start` if it is a working day, else the next working day; 'next':
 * day 1 is the first working day after `start`. The end is the n-th working day, inclusive.
 */
export function publicityEnd(cal: Calendar, start: string, n = 10, countFrom: CountFrom = 'start', o: DayOptions = {}): PeriodResult {
  parseDate(start);
  if (!Number.isInteger(n) || n < 1 || n > 3660) throw new UsageError('E_BAD_WORKING_DAYS', { value: String(n) });
  const provisionalYears = new Set<number>();
  const sources: Record<string, string> = {};
  let d = countFrom === 'start' ? start : addDays(start, 1);
  let count = 0;
  let firstDay = '';
  for (;;) {
    const a = workingDay(cal, d, o);
    const y = Number(d.slice(0, 4));
    if (!a.official) provisionalYears.add(y);
    sources[String(y)] = a.official ? cal.years.get(y)! : 'weekends-only';
    if (a.working) {
      count++;
      if (count === 1) firstDay = d;
      if (count === n) break;
    }
    d = addDays(d, 1);
  }
  return {
    start, firstDay, end: d, workingDays: n, countFrom, convention: CONVENTION[countFrom],
    provisional: provisionalYears.size > 0, provisionalYears: [...provisionalYears].sort(), sources,
  };
}

/** `date` plus `months` calendar months, clamped to the month's last day (2026-08-31 + 6 = 2027-02-28). */
export function addMonths(date: string, months: number): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const idx = y * 12 + (m - 1) + months;
  const ny = Math.floor(idx / 12);
  const nm = idx - ny * 12 + 1;
  const last = new Date(Date.UTC(ny, nm, 0)).getUTCDate();
  return `${String(ny).padStart(4, '0')}-${String(nm).padStart(2, '0')}-${String(Math.min(d, last)).padStart(2, '0')}`;
}
