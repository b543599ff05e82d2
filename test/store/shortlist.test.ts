import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import { canonicalJson } from '../../src/core/audit-chain.js';
import { buildShortlist, droppedListJson, shortlistInputs } from '../../src/core/shortlist.js';
import type { RunResult } from '../../src/core/types.js';
import { validateHolidayCn } from '../../src/io/holidays.js';
import { publicityEnd } from '../../src/core/calendar.js';
import { addCalendarYear, loadCalendar } from '../../src/store/calendar.js';
import { openMemoryStore, type DB } from '../../src/store/db.js';
import { insertRun } from '../../src/store/runs.js';
import { addScheme, loadScheme } from '../../src/store/schemes.js';
import {
  addObjection, closePublicity, getPublicity, getShortlist, insertShortlist, listObjections, publishedLeaders, resolveObjection, startPublicity,
} from '../../src/store/shortlists.js';
import * as schemeCore from '../../src/core/scheme.js';
import { FIXTURES, SCHEMES } from '../helpers/cli.js';

const schemeText = readFileSync(join(SCHEMES, 'refrigerator-2026.json'), 'utf8');
const runResult = JSON.parse(readFileSync(join(FIXTURES, 'shortlist/run-refrigerator-12.json'), 'utf8')) as RunResult;

function seed(db: DB) {
  const { validateScheme } = schemeCore;
  const v = validateScheme(JSON.parse(schemeText));
  if (!v.ok) throw new Error('scheme');
  addScheme(db, v.scheme, schemeText, 'sha', 'refrigerator-2026.json');
  const run = insertRun(db, { schemeId: 'refrigerator-2026', schemeVersion: '1.0.0', schemeSha256: 'sha', inputSha256: 'in', contentSha256: 'c', asOf: '2026-07-01', engineVersion: 't', method: 'weighted-sum' }, runResult);
  const { scheme } = loadScheme(db, 'refrigerator-2026', '1.0.0');
  const i = shortlistInputs(scheme);
  return insertShortlist(db, run, buildShortlist(runResult.entries, i.rule, i.levelOrder, i.coreIds));
}
const events = (db: DB) => (db.prepare('SELECT type FROM audit_events ORDER BY seq').all() as Array<{ type: string }>).map((e) => e.type);

describe('shortlist store', () => {
  let db: DB;
  beforeEach(() => { db = openMemoryStore(); });

  it('stores the hand-computed refrigerator shortlist (fixtures/shortlist/README.md) immutably, with its decisions', () => {
    const s = seed(db);
    expect(s.status).toBe('draft');
    expect(s.cap).toBe(3);
    expect(s.entries.map((e) => [e.standardNo, e.rank])).toEqual([
      ['Q/RA 001-2026', 1], ['Q/RB 001-2026', 3], ['Q/RC 001-2026', 3], ['Q/RX 001-2026', 2]]);
    expect(s.tieAtCut).toMatchObject({ rank: 3, policy: 'include-all', cap: 3, taken: 4, overCap: 1 });
    const rules = Object.fromEntries(s.dropped.map((d) => [d.standardNo, d.rule]));
    expect(rules['Q/RK 001-2026']).toBe('min-score');
    expect(rules['Q/RE 001-2026']).toBe('core-below-level');
    expect(rules['Q/RX 002-2026']).toBe('max-per-enterprise');
    expect(rules['Q/RF 001-2026']).toBe('cap');
    expect(getShortlist(db, s.id)).toEqual(s);
    // the record returned is built from what was written: the same JSON as the one read back
    expect(JSON.stringify(s)).toBe(JSON.stringify(getShortlist(db, s.id)));
    // dropped entries in rank order, with their rule's numbers, stored as one JSON value
    expect(s.dropped.map((d) => d.rank)).toEqual([...s.dropped.map((d) => d.rank)].sort((a, b) => a - b));
    expect(s.dropped.find((d) => d.standardNo === 'Q/RK 001-2026')).toMatchObject({ rule: 'min-score', detail: { minScore: expect.any(Number) } });
    expect(getShortlist(db, s.id, { dropped: false })).toEqual({ ...s, dropped: [] });
    expect(() => db.prepare('UPDATE shortlists SET cap = 9').run()).toThrow(/immutable/);
    expect(() => db.prepare('DELETE FROM shortlist_entries').run()).toThrow(/immutable/);
    expect(events(db)).toContain('shortlist.created');
  });

  it('shortlist.created names the drops by count, per rule and the SHA-256 of the canonical {standardNo, rule} list (the row keeps them all)', () => {
    const s = seed(db);
    const ev = db.prepare("SELECT payload FROM audit_events WHERE type = 'shortlist.created'").get() as { payload: string };
    const payload = JSON.parse(ev.payload) as { entries: string[]; dropped: { count: number; byRule: Record<string, number>; sha256: string } };
    const list = s.dropped.map((d) => ({ standardNo: d.standardNo, rule: d.rule }));
    expect(droppedListJson(list)).toBe(canonicalJson(list));
    const byRule: Record<string, number> = {};
    for (const d of s.dropped) byRule[d.rule] = (byRule[d.rule] ?? 0) + 1;
    expect(payload.dropped).toEqual({ count: s.dropped.length, byRule, sha256: createHash('sha256').update(canonicalJson(list)).digest('hex') });
    expect(payload.entries).toEqual(s.entries.map((e) => e.standardNo).sort());
    // texts that JSON escapes hash as canonicalJson writes them
    const odd = [{ standardNo: 'Q/"\\ 1\u0001', rule: 'cap' as const }, { standardNo: '中文', rule: 'min-score' as const }];
    expect(droppedListJson(odd)).toBe(canonicalJson(odd));
    expect(droppedListJson([])).toBe(canonicalJson([]));
  });

  it('life cycle: start, objections in the period only, upheld removes, close refused early or with an open objection, published', () => {
    const s = seed(db);
    const cal = loadCalendar(db);
    const period = publicityEnd(cal, '2026-09-28');
    const p = startPublicity(db, s.id, { start: period.start, end: period.end, workingDays: 10, countFrom: 'start', convention: period.convention, provisional: false, calendarSources: period.sources });
    expect(p).toMatchObject({ start: '2026-09-28', end: '2026-10-15', countFrom: 'start', provisional: false, closedAt: null });
    expect(getShortlist(db, s.id).status).toBe('publicity');
    expect(() => startPublicity(db, s.id, { ...p })).toThrow(expect.objectContaining({ code: 'E_PUBLICITY_ALREADY_STARTED', exitCode: 1 }));

    expect(() => addObjection(db, s.id, 'Q/RA 001-2026', '2026-10-16', 'late')).toThrow(expect.objectContaining({ code: 'E_OBJECTION_OUTSIDE_PERIOD', exitCode: 1 }));
    expect(() => addObjection(db, s.id, 'Q/RA 001-2026', '2026-09-27', 'early')).toThrow(expect.objectContaining({ code: 'E_OBJECTION_OUTSIDE_PERIOD' }));
    expect(() => addObjection(db, s.id, 'Q/RK 001-2026', '2026-10-09', 'not on list')).toThrow(expect.objectContaining({ code: 'E_OBJECTION_NOT_ON_LIST' }));
    const o1 = addObjection(db, s.id, 'Q/RB 001-2026', '2026-10-15', '噪声值与检测报告不符');
    const o2 = addObjection(db, s.id, 'Q/RA 001-2026', '2026-09-28', '能效指数存疑');

    expect(() => closePublicity(db, s.id, '2026-10-15')).toThrow(expect.objectContaining({ code: 'E_PUBLICITY_NOT_OVER', exitCode: 1 }));
    expect(() => closePublicity(db, s.id, '2026-10-16')).toThrow(expect.objectContaining({ code: 'E_PUBLICITY_OPEN_OBJECTIONS', exitCode: 1 }));

    resolveObjection(db, o1.id, 'upheld', '经专家评议，异议成立');
    resolveObjection(db, o2.id, 'rejected', '经专家评议，异议不成立');
    expect(() => resolveObjection(db, o1.id, 'rejected', 'again')).toThrow(expect.objectContaining({ code: 'E_OBJECTION_RESOLVED' }));
    expect(() => db.prepare("UPDATE objections SET text = 'x' WHERE id = ?").run(o1.id)).toThrow(/resolved once/);
    expect(listObjections(db, { open: true })).toEqual([]);

    const r = closePublicity(db, s.id, '2026-10-16');
    expect(r.publicity).toMatchObject({ publishedDate: '2026-10-16' });
    expect(r.published.map((e) => e.standardNo)).toEqual(['Q/RA 001-2026', 'Q/RC 001-2026', 'Q/RX 001-2026']);
    expect(r.removed.map((e) => e.standardNo)).toEqual(['Q/RB 001-2026']);
    expect(getShortlist(db, s.id).status).toBe('published');
    expect(() => closePublicity(db, s.id, '2026-10-20')).toThrow(expect.objectContaining({ code: 'E_PUBLICITY_CLOSED' }));
    expect(() => addObjection(db, s.id, 'Q/RA 001-2026', '2026-10-10', 'x')).toThrow(expect.objectContaining({ code: 'E_PUBLICITY_CLOSED' }));
    expect(() => db.prepare("UPDATE publicity SET published_date = '2026-10-20'").run()).toThrow(/only changes once/);

    const leaders = publishedLeaders(db, 'refrigerator-2026');
    expect(leaders.map((l) => [l.standardNo, l.rank, l.publishedDate, l.shortlistId])).toEqual([
      ['Q/RA 001-2026', 1, '2026-10-16', s.id], ['Q/RC 001-2026', 3, '2026-10-16', s.id], ['Q/RX 001-2026', 2, '2026-10-16', s.id]]);
    expect(publishedLeaders(db, 'other')).toEqual([]);
    expect(getPublicity(db, s.id)!.objections.map((o) => o.decision)).toEqual(['upheld', 'rejected']);
    expect(events(db).slice(-7)).toEqual(['shortlist.created', 'publicity.started', 'objection.added', 'objection.added', 'objection.resolved', 'objection.resolved', 'publicity.closed']);
  });

  it('a shortlist without entries cannot be publicised', () => {
    const run = insertRun(db, { schemeId: 'x', schemeVersion: '1', schemeSha256: 's', inputSha256: 'i', contentSha256: 'c', asOf: '2026-07-01', engineVersion: 't', method: 'weighted-sum' }, { ...runResult, entries: runResult.entries.slice(0, 2) });
    const out = buildShortlist(runResult.entries.slice(0, 2), { tiePolicy: 'include-all', minParticipants: 3 }, ['base'], []);
    const s = insertShortlist(db, run, out);
    expect(s.reason).toBe('TOO_FEW_PARTICIPANTS');
    expect(() => startPublicity(db, s.id, { start: '2026-09-28', end: '2026-10-15', workingDays: 10, countFrom: 'start', convention: 'c', provisional: false, calendarSources: {} }))
      .toThrow(expect.objectContaining({ code: 'E_PUBLICITY_EMPTY_LIST' }));
  });
});

describe('calendar store', () => {
  it('a user year file extends the shipped data; same content is unchanged, other content needs replace', () => {
    const db = openMemoryStore();
    const text = readFileSync(join(FIXTURES, 'calendar/2027-fictional-test-data.json'), 'utf8');
    const v = validateHolidayCn(JSON.parse(text), 'user:2027-fictional-test-data.json');
    if (!v.ok) throw new Error('fixture');
    expect(() => publicityEnd(loadCalendar(db), '2026-12-21')).toThrow(expect.objectContaining({ code: 'E_CALENDAR_YEAR_MISSING' }));
    expect(addCalendarYear(db, v.table, text, 'h1')).toBe('added');
    expect(addCalendarYear(db, v.table, text, 'h1')).toBe('unchanged');
    expect(() => addCalendarYear(db, v.table, text, 'h2')).toThrow(expect.objectContaining({ code: 'E_CALENDAR_YEAR_CONFLICT' }));
    expect(addCalendarYear(db, v.table, text, 'h2', { replace: true })).toBe('replaced');
    expect(publicityEnd(loadCalendar(db), '2026-12-21').end).toBe('2027-01-04');
    expect(events(db)).toEqual(['calendar.added', 'calendar.added']);
  });
});
