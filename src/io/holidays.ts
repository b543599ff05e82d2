/**
 * Official holiday data: the years shipped in the installed `chinese-days` package (only the years it
 * holds explicit per-year data for: it silently treats other years as Monday-Friday, which we never
 * rely on), and validation of user year files in the holiday-cn layout `{year, papers, days}`.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { isIsoDate, type CalendarDay, type CalendarYear } from '../core/calendar.js';

interface ChineseDaysYear {
  holidays: Record<string, string>;
  workdays: Record<string, string>;
}

let shipped: CalendarYear[] | undefined;

/** The package directory of `chinese-days` and its version. */
function chineseDaysPackage(): { dir: string; version: string } {
  const require = createRequire(import.meta.url);
  const pkgFile = require.resolve('chinese-days/package.json');
  const pkg = JSON.parse(readFileSync(pkgFile, 'utf8')) as { version: string };
  return { dir: dirname(pkgFile), version: pkg.version };
}

/** "Spring Festival,春节,4" -> "春节". */
function chineseName(v: string): string {
  const parts = v.split(',');
  return (parts[1] ?? parts[0] ?? '').trim();
}

/**
 * The years `chinese-days` holds explicitly (one `dist/years/<year>.json` each, 2004-2026 in 1.5.7),
 * converted to the holiday-cn layout. A year file without a single holiday is not trusted.
 */
export function shippedCalendarYears(): CalendarYear[] {
  if (shipped) return shipped;
  const { dir, version } = chineseDaysPackage();
  const yearsDir = join(dir, 'dist', 'years');
  const out: CalendarYear[] = [];
  for (const f of readdirSync(yearsDir).sort()) {
    const m = /^(\d{4})\.json$/.exec(f);
    if (!m) continue;
    const year = Number(m[1]);
    const data = JSON.parse(readFileSync(join(yearsDir, f), 'utf8')) as ChineseDaysYear;
    const days: CalendarDay[] = [
      ...Object.entries(data.holidays ?? {}).map(([date, v]) => ({ date, name: chineseName(v), isOffDay: true })),
      ...Object.entries(data.workdays ?? {}).map(([date, v]) => ({ date, name: chineseName(v), isOffDay: false })),
    ].sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
    if (!days.some((d) => d.isOffDay && d.date.startsWith(`${year}-`))) continue;
    out.push({ year, source: `chinese-days@${version}`, papers: [], days });
  }
  shipped = out;
  return out;
}

/** A problem in a holiday-cn year file, with a JSON path. */
export interface HolidayFileProblem {
  path: string;
  problem: string;
}

/**
 * Validate a parsed holiday-cn year file: `{ "year": 2027, "papers": [urls], "days": [{ "name",
 * "date": "YYYY-MM-DD", "isOffDay": true|false }] }`. Dates may fall in the neighbouring years (a
 * New Year holiday starting on 12-31); no date may be listed twice. Every problem is reported.
 */
export function validateHolidayCn(input: unknown, source: string): { ok: true; table: CalendarYear } | { ok: false; problems: HolidayFileProblem[] } {
  const problems: HolidayFileProblem[] = [];
  const add = (path: string, problem: string) => problems.push({ path, problem });
  if (input === null || typeof input !== 'object' || Array.isArray(input)) {
    add('$', 'must be an object {year, papers, days}');
    return { ok: false, problems };
  }
  const o = input as Record<string, unknown>;
  const year = o.year;
  if (typeof year !== 'number' || !Number.isInteger(year) || year < 1949 || year > 2200) add('$.year', 'must be an integer year');
  if (o.papers !== undefined && (!Array.isArray(o.papers) || o.papers.some((p) => typeof p !== 'string'))) add('$.papers', 'must be an array of strings');
  if (o.$schema !== undefined && typeof o.$schema !== 'string') add('$.$schema', 'must be a string');
  for (const k of Object.keys(o)) if (!['year', 'papers', 'days', '$schema', '$id'].includes(k)) add(`$.${k}`, 'unknown key');
  const days: CalendarDay[] = [];
  if (!Array.isArray(o.days)) add('$.days', 'must be an array of {name, date, isOffDay}');
  else {
    const seen = new Set<string>();
    o.days.forEach((d, i) => {
      const p = `$.days[${i}]`;
      if (d === null || typeof d !== 'object' || Array.isArray(d)) { add(p, 'must be an object {name, date, isOffDay}'); return; }
      const day = d as Record<string, unknown>;
      let ok = true;
      if (typeof day.name !== 'string' || day.name.trim() === '') { add(`${p}.name`, 'must be a non-empty string'); ok = false; }
      if (typeof day.date !== 'string' || !isIsoDate(day.date)) { add(`${p}.date`, 'must be a date YYYY-MM-DD'); ok = false; }
      else if (typeof year === 'number' && Math.abs(Number(day.date.slice(0, 4)) - year) > 1) { add(`${p}.date`, `must fall in ${year} or a neighbouring year`); ok = false; }
      else if (seen.has(day.date)) { add(`${p}.date`, `${day.date} is listed twice`); ok = false; }
      if (typeof day.isOffDay !== 'boolean') { add(`${p}.isOffDay`, 'must be true (holiday) or false (adjusted working day)'); ok = false; }
      for (const k of Object.keys(day)) if (!['name', 'date', 'isOffDay'].includes(k)) add(`${p}.${k}`, 'unknown key');
      if (ok) {
        seen.add(day.date as string);
        days.push({ name: (day.name as string).trim(), date: day.date as string, isOffDay: day.isOffDay as boolean });
      }
    });
    if (typeof year === 'number' && !days.some((d) => d.isOffDay && d.date.startsWith(`${year}-`))) {
      add('$.days', `no holiday in ${year}: not an official year file`);
    }
  }
  if (problems.length) return { ok: false, problems };
  days.sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
  return { ok: true, table: { year: year as number, source, papers: (o.papers as string[] | undefined) ?? [], days } };
}
