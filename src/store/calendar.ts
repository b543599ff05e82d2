/**
 * Official calendar years in the store: user-added year files (holiday-cn layout, `leader calendar
 * add`) on top of the years shipped with the `chinese-days` package; a user year replaces the shipped
 * one for that year.
 */
import { UsageError } from '../core/errors.js';
import { buildCalendar, type Calendar, type CalendarYear } from '../core/calendar.js';
import { nowIso } from '../io/clock.js';
import { shippedCalendarYears } from '../io/holidays.js';
import { appendEvent } from './audit.js';
import type { DB } from './db.js';

export interface StoredCalendarYear {
  year: number;
  source: string;
  sha256: string;
  addedAt: string;
}

/** The user-added years (without content). */
export function listCalendarYears(db: DB): StoredCalendarYear[] {
  return db.prepare('SELECT year, source, sha256, added_at AS addedAt FROM calendar_years ORDER BY year').all() as StoredCalendarYear[];
}

/** The user-added years as tables (content parsed; it was validated when added). */
export function userCalendarYears(db: DB): CalendarYear[] {
  const rows = db.prepare('SELECT year, source, content FROM calendar_years ORDER BY year').all() as Array<{ year: number; source: string; content: string }>;
  return rows.map((r) => {
    const c = JSON.parse(r.content) as { papers?: string[]; days: CalendarYear['days'] };
    return {
      year: r.year, source: r.source, papers: c.papers ?? [],
      days: c.days.map((d) => ({ date: d.date, name: d.name, isOffDay: d.isOffDay })),
    };
  });
}

/** Every year table in force: shipped years, then user years (which win). */
export function calendarTables(db: DB): CalendarYear[] {
  const user = userCalendarYears(db);
  const userYears = new Set(user.map((u) => u.year));
  return [...shippedCalendarYears().filter((s) => !userYears.has(s.year)), ...user].sort((a, b) => a.year - b.year);
}

/** The official calendar: shipped years plus user-added years. */
export function loadCalendar(db: DB): Calendar {
  return buildCalendar(calendarTables(db));
}

/**
 * Store a validated user year. Same year, same content: 'unchanged'. Same year, other content:
 * refused unless `replace`. Appends `calendar.added`.
 */
export function addCalendarYear(db: DB, table: CalendarYear, content: string, sha256: string, o: { replace?: boolean } = {}): 'added' | 'replaced' | 'unchanged' {
  return db.transaction(() => {
    const existing = db.prepare('SELECT sha256 FROM calendar_years WHERE year = ?').get(table.year) as { sha256: string } | undefined;
    const overridesShipped = shippedCalendarYears().some((s) => s.year === table.year);
    if (existing) {
      if (existing.sha256 === sha256) return 'unchanged' as const;
      if (!o.replace) throw new UsageError('E_CALENDAR_YEAR_CONFLICT', { year: table.year });
      db.prepare('UPDATE calendar_years SET source = ?, sha256 = ?, content = ?, added_at = ? WHERE year = ?')
        .run(table.source, sha256, content, nowIso(), table.year);
      appendEvent(db, 'calendar.added', `calendar:${table.year}`, { year: table.year, source: table.source, sha256, replaced: existing.sha256, overridesShipped, days: table.days.length });
      return 'replaced' as const;
    }
    db.prepare('INSERT INTO calendar_years (year, source, sha256, content, added_at) VALUES (?, ?, ?, ?, ?)')
      .run(table.year, table.source, sha256, content, nowIso());
    appendEvent(db, 'calendar.added', `calendar:${table.year}`, { year: table.year, source: table.source, sha256, overridesShipped, days: table.days.length });
    return 'added' as const;
  }).immediate();
}
