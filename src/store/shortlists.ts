/**
 * Shortlists (入围名单), their publicity period (公示期), objections (异议) and the published leader
 * list (领跑者名单) in the store. Owned by `leader shortlist`; other areas read through
 * `getShortlist`, `listShortlists`, `getPublicity` and `publishedLeaders`. Shortlists are immutable;
 * a publicity period closes once, an objection is resolved once (guarded by triggers). Every write
 * appends its audit event in the same transaction.
 */
import { DomainError, NotFoundError } from '../core/errors.js';
import type { CountFrom } from '../core/calendar.js';
import { droppedSummary, publicationOrder, type DroppedEntry, type ShortlistOutcome, type TieAtCut } from '../core/shortlist.js';
import type { ShortlistEntry } from '../core/types.js';
import { nowIso } from '../io/clock.js';
import { appendEvent } from './audit.js';
import type { DB } from './db.js';

export type ShortlistStatus = 'draft' | 'publicity' | 'published';

export interface ShortlistRecord {
  id: number;
  runId: number;
  schemeId: string;
  schemeVersion: string;
  /** |E|: ranked eligible standards of the run */
  participants: number;
  /** null: no cap */
  cap: number | null;
  tiePolicy: 'include-all' | 'exclude-all';
  /** the tie across the cut and how it was settled, null when none */
  tieAtCut: TieAtCut | null;
  /** TOO_FEW_PARTICIPANTS (no list), NO_QUALIFYING_ENTRIES, TIE_EXCLUDED_ALL, or null */
  reason: string | null;
  /** publication order (standard number, then credit code); ranks are the run's */
  entries: ShortlistEntry[];
  /** in rank order: who was dropped by which rule (see DropRule in core/shortlist.ts) */
  dropped: Array<{ standardNo: string; uscc: string; rank: number; rule: string; detail: Record<string, unknown> }>;
  /** the full decision record of core/shortlist.ts (rule used, shareCap, candidates, …) */
  decision: Omit<ShortlistOutcome, 'entries' | 'dropped'>;
  createdAt: string;
  /** draft: no publicity yet; publicity: period started, not closed; published: closed */
  status: ShortlistStatus;
}

export interface ObjectionRecord {
  id: number;
  shortlistId: number;
  standardNo: string;
  uscc: string;
  /** the date the objection was received (YYYY-MM-DD) */
  date: string;
  text: string;
  addedAt: string;
  /** null while open */
  decision: 'upheld' | 'rejected' | null;
  /** the expert review opinion (专家评议处理意见) */
  decisionText: string | null;
  resolvedAt: string | null;
}

export interface PublicityRecord {
  shortlistId: number;
  start: string;
  /** the last working day of the period, inclusive */
  end: string;
  workingDays: number;
  countFrom: CountFrom;
  /** the counting convention in words (state it wherever the dates are shown) */
  convention: string;
  /** true when a year without official data was counted with weekends only */
  provisional: boolean;
  /** year -> calendar data source used */
  calendarSources: Record<string, string>;
  startedAt: string;
  closedAt: string | null;
  /** the publication date of the ranking and leader list, set when closed */
  publishedDate: string | null;
  objections: ObjectionRecord[];
}

export interface PublishedLeader extends ShortlistEntry {
  shortlistId: number;
  schemeId: string;
  schemeVersion: string;
  runId: number;
  publishedDate: string;
}

interface ShortlistRow {
  id: number; runId: number; schemeId: string; schemeVersion: string; participants: number; cap: number | null;
  tiePolicy: 'include-all' | 'exclude-all'; tieAtCut: string | null; reason: string | null; decision: string; dropped: string; createdAt: string;
  started: number | null; closed: string | null;
}

const shortlistColumns = `s.id, s.run_id AS runId, s.scheme_id AS schemeId, s.scheme_version AS schemeVersion, s.participants,
  s.cap, s.tie_policy AS tiePolicy, s.tie_at_cut AS tieAtCut, s.reason, s.decision, s.dropped, s.created_at AS createdAt,
  p.shortlist_id AS started, p.closed_at AS closed`;

function statusOf(r: { started: number | null; closed: string | null }): ShortlistStatus {
  return r.closed ? 'published' : r.started !== null ? 'publicity' : 'draft';
}

interface EntryRow { standardNo: string; uscc: string; enterpriseName: string; standardName: string; product: string | null; models: string; rank: number; total: string }
const entryColumns = `standard_no AS standardNo, uscc, enterprise_name AS enterpriseName, standard_name AS standardName, product, models, rank, total`;
function entryFrom(r: EntryRow): ShortlistEntry {
  return { standardNo: r.standardNo, uscc: r.uscc, enterpriseName: r.enterpriseName, standardName: r.standardName, product: r.product, models: JSON.parse(r.models) as string[], rank: r.rank, total: r.total };
}

function recordFrom(db: DB, row: ShortlistRow, withDropped = true): ShortlistRecord {
  const entries = (db.prepare(`SELECT ${entryColumns} FROM shortlist_entries WHERE shortlist_id = ? ORDER BY position`).all(row.id) as EntryRow[]).map(entryFrom);
  const dropped = withDropped ? JSON.parse(row.dropped) as ShortlistRecord['dropped'] : [];
  return {
    id: row.id, runId: row.runId, schemeId: row.schemeId, schemeVersion: row.schemeVersion, participants: row.participants,
    cap: row.cap, tiePolicy: row.tiePolicy, tieAtCut: row.tieAtCut ? JSON.parse(row.tieAtCut) as TieAtCut : null, reason: row.reason,
    entries, dropped, decision: JSON.parse(row.decision) as ShortlistRecord['decision'], createdAt: row.createdAt, status: statusOf(row),
  };
}

/**
 * Store a shortlist built by `buildShortlist` (immutable) and append `shortlist.created`; returns the
 * record as `getShortlist` reads it back (built from what was written, not read again). The event
 * names the entries; the drops (the row keeps them all) by count, count per rule and the SHA-256 of
 * their `{ standardNo, rule }` list (`droppedSummary`): a 50,000-standard run drops ~40,000.
 */
export function insertShortlist(db: DB, run: { id: number; schemeId: string; schemeVersion: string }, outcome: ShortlistOutcome): ShortlistRecord {
  return db.transaction(() => {
    const { entries, dropped, ...decision } = outcome;
    const storedDropped: ShortlistRecord['dropped'] = dropped.map((d: DroppedEntry) => ({ standardNo: d.standardNo, uscc: d.uscc, rank: d.rank, rule: d.rule, detail: d.detail }));
    const createdAt = nowIso();
    const tieText = outcome.tieAtCut ? JSON.stringify(outcome.tieAtCut) : null;
    const decisionText = JSON.stringify(decision);
    const info = db.prepare(`INSERT INTO shortlists (run_id, scheme_id, scheme_version, participants, cap, tie_policy, tie_at_cut, reason, decision, dropped, created_at)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`).run(run.id, run.schemeId, run.schemeVersion, outcome.participants, outcome.cap, outcome.rule.tiePolicy,
      tieText, outcome.reason, decisionText, JSON.stringify(storedDropped), createdAt);
    const id = Number(info.lastInsertRowid);
    const ins = db.prepare(`INSERT INTO shortlist_entries (shortlist_id, position, standard_no, uscc, enterprise_name, standard_name, product, models, rank, total)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`);
    const listed = [...entries].sort(publicationOrder).map((e): ShortlistEntry => ({
      standardNo: e.standardNo, uscc: e.uscc, enterpriseName: e.enterpriseName, standardName: e.standardName, product: e.product ?? null, models: [...e.models], rank: e.rank, total: e.total,
    }));
    listed.forEach((e, i) => ins.run(id, i + 1, e.standardNo, e.uscc, e.enterpriseName, e.standardName, e.product, JSON.stringify(e.models), e.rank, e.total));
    appendEvent(db, 'shortlist.created', `shortlist:${id}`, {
      runId: run.id, schemeId: run.schemeId, schemeVersion: run.schemeVersion, participants: outcome.participants, cap: outcome.cap,
      tieAtCut: outcome.tieAtCut, reason: outcome.reason, entries: entries.map((e) => e.standardNo).sort(),
      dropped: droppedSummary(dropped),
    });
    return {
      id, runId: run.id, schemeId: run.schemeId, schemeVersion: run.schemeVersion, participants: outcome.participants,
      cap: outcome.cap, tiePolicy: outcome.rule.tiePolicy, tieAtCut: tieText === null ? null : JSON.parse(tieText) as TieAtCut, reason: outcome.reason,
      entries: listed, dropped: storedDropped, decision: JSON.parse(decisionText) as ShortlistRecord['decision'], createdAt, status: 'draft' as const,
    };
  }).immediate();
}

/**
 * A stored shortlist with its entries (publication order), dropped entries and status; 66 when missing.
 * `{ dropped: false }`: `dropped` is left empty (a 50,000-standard run drops ~40,000: not read when unused).
 */
export function getShortlist(db: DB, id: number, o: { dropped?: boolean } = {}): ShortlistRecord {
  const row = db.prepare(`SELECT ${shortlistColumns} FROM shortlists s LEFT JOIN publicity p ON p.shortlist_id = s.id WHERE s.id = ?`).get(id) as ShortlistRow | undefined;
  if (!row) throw new NotFoundError('E_SHORTLIST_NOT_FOUND', { id });
  return recordFrom(db, row, o.dropped ?? true);
}

/** Shortlists, oldest first, optionally of one scheme (entries included). */
export function listShortlists(db: DB, schemeId?: string): ShortlistRecord[] {
  const rows = (schemeId
    ? db.prepare(`SELECT ${shortlistColumns} FROM shortlists s LEFT JOIN publicity p ON p.shortlist_id = s.id WHERE s.scheme_id = ? ORDER BY s.id`).all(schemeId)
    : db.prepare(`SELECT ${shortlistColumns} FROM shortlists s LEFT JOIN publicity p ON p.shortlist_id = s.id ORDER BY s.id`).all()) as ShortlistRow[];
  return rows.map((r) => recordFrom(db, r));
}

/** The latest shortlist of a scheme, or undefined. */
export function latestShortlistId(db: DB, schemeId: string): number | undefined {
  const row = db.prepare('SELECT id FROM shortlists WHERE scheme_id = ? ORDER BY id DESC LIMIT 1').get(schemeId) as { id: number } | undefined;
  return row?.id;
}

const objectionColumns = `id, shortlist_id AS shortlistId, standard_no AS standardNo, uscc, date, text, added_at AS addedAt,
  decision, decision_text AS decisionText, resolved_at AS resolvedAt`;

/** The publicity period of a shortlist with its objections, or undefined when not started. */
export function getPublicity(db: DB, shortlistId: number): PublicityRecord | undefined {
  const row = db.prepare(`SELECT shortlist_id AS shortlistId, start_date AS start, end_date AS "end", working_days AS workingDays,
    count_from AS countFrom, convention, provisional, calendar_sources AS calendarSources, started_at AS startedAt,
    closed_at AS closedAt, published_date AS publishedDate FROM publicity WHERE shortlist_id = ?`).get(shortlistId) as
    (Omit<PublicityRecord, 'provisional' | 'calendarSources' | 'objections'> & { provisional: number; calendarSources: string }) | undefined;
  if (!row) return undefined;
  const objections = db.prepare(`SELECT ${objectionColumns} FROM objections WHERE shortlist_id = ? ORDER BY id`).all(shortlistId) as ObjectionRecord[];
  return { ...row, provisional: row.provisional === 1, calendarSources: JSON.parse(row.calendarSources) as Record<string, string>, objections };
}

/** What `startPublicity` records: the period as computed from the official calendar. */
export type PublicityStart = Pick<PublicityRecord, 'start' | 'end' | 'workingDays' | 'countFrom' | 'convention' | 'provisional' | 'calendarSources'>;

/**
 * Record the start of a shortlist's publicity period (with the computed end). Refused (exit 1) for a
 * shortlist without entries or one whose period already started. Appends `publicity.started`.
 */
export function startPublicity(db: DB, shortlistId: number, p: PublicityStart): PublicityRecord {
  return db.transaction(() => {
    const s = getShortlist(db, shortlistId, { dropped: false });
    if (s.entries.length === 0) throw new DomainError('E_PUBLICITY_EMPTY_LIST', { id: shortlistId, reason: s.reason ?? '-' });
    const existing = getPublicity(db, shortlistId);
    if (existing) throw new DomainError('E_PUBLICITY_ALREADY_STARTED', { id: shortlistId, start: existing.start, end: existing.end });
    db.prepare(`INSERT INTO publicity (shortlist_id, start_date, end_date, working_days, count_from, convention, provisional, calendar_sources, started_at)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`).run(shortlistId, p.start, p.end, p.workingDays, p.countFrom, p.convention, p.provisional ? 1 : 0, JSON.stringify(p.calendarSources), nowIso());
    appendEvent(db, 'publicity.started', `shortlist:${shortlistId}`, { ...p });
    return getPublicity(db, shortlistId)!;
  }).immediate();
}

/** A publicity record that exists and is open, else a DomainError. */
function openPublicity(db: DB, shortlistId: number): PublicityRecord {
  getShortlist(db, shortlistId, { dropped: false });
  const p = getPublicity(db, shortlistId);
  if (!p) throw new DomainError('E_PUBLICITY_NOT_STARTED', { id: shortlistId });
  if (p.closedAt) throw new DomainError('E_PUBLICITY_CLOSED', { id: shortlistId, date: p.publishedDate ?? '' });
  return p;
}

/**
 * Record an objection (异议) to a standard on the list, received on `date`. Refused (exit 1) outside
 * the period [start, end], after close, or for a standard not on the list. Appends `objection.added`.
 * `effectiveEnd`: the end recounted on official data for a period started provisionally.
 */
export function addObjection(db: DB, shortlistId: number, standardNo: string, date: string, text: string, effectiveEnd?: string): ObjectionRecord {
  return db.transaction(() => {
    const p = openPublicity(db, shortlistId);
    const end = effectiveEnd ?? p.end;
    const s = getShortlist(db, shortlistId, { dropped: false });
    const matches = s.entries.filter((e) => e.standardNo === standardNo);
    if (matches.length === 0) throw new DomainError('E_OBJECTION_NOT_ON_LIST', { id: shortlistId, standard: standardNo });
    if (date < p.start || date > end) throw new DomainError('E_OBJECTION_OUTSIDE_PERIOD', { date, start: p.start, end });
    const e = matches[0]!;
    const info = db.prepare('INSERT INTO objections (shortlist_id, standard_no, uscc, date, text, added_at) VALUES (?, ?, ?, ?, ?, ?)')
      .run(shortlistId, e.standardNo, e.uscc, date, text, nowIso());
    const id = Number(info.lastInsertRowid);
    appendEvent(db, 'objection.added', `objection:${id}`, { shortlistId, standardNo: e.standardNo, uscc: e.uscc, date, text });
    return getObjection(db, id);
  }).immediate();
}

export function getObjection(db: DB, id: number): ObjectionRecord {
  const row = db.prepare(`SELECT ${objectionColumns} FROM objections WHERE id = ?`).get(id) as ObjectionRecord | undefined;
  if (!row) throw new NotFoundError('E_OBJECTION_NOT_FOUND', { id });
  return row;
}

/** Objections, oldest first; optionally of one shortlist and/or only the open ones. */
export function listObjections(db: DB, o: { shortlistId?: number; open?: boolean } = {}): ObjectionRecord[] {
  const where: string[] = [];
  const args: unknown[] = [];
  if (o.shortlistId !== undefined) { where.push('shortlist_id = ?'); args.push(o.shortlistId); }
  if (o.open) where.push('decision IS NULL');
  return db.prepare(`SELECT ${objectionColumns} FROM objections ${where.length ? 'WHERE ' + where.join(' AND ') : ''} ORDER BY id`).all(...args) as ObjectionRecord[];
}

/**
 * Record the expert-review decision (专家评议处理意见) on an objection, once. Upheld removes the
 * standard from the list being published. Refused (exit 1) when already resolved or the period is
 * closed. Appends `objection.resolved`.
 */
export function resolveObjection(db: DB, id: number, decision: 'upheld' | 'rejected', text: string): ObjectionRecord {
  return db.transaction(() => {
    const o = getObjection(db, id);
    if (o.decision) throw new DomainError('E_OBJECTION_RESOLVED', { id, decision: o.decision });
    openPublicity(db, o.shortlistId);
    const at = nowIso();
    db.prepare('UPDATE objections SET decision = ?, decision_text = ?, resolved_at = ? WHERE id = ?').run(decision, text, at, id);
    appendEvent(db, 'objection.resolved', `objection:${id}`, { shortlistId: o.shortlistId, standardNo: o.standardNo, uscc: o.uscc, decision, text });
    return getObjection(db, id);
  }).immediate();
}

/** The entries of a shortlist minus the standards removed by upheld objections (publication order). */
export function listToPublish(db: DB, shortlistId: number): { entries: ShortlistEntry[]; removed: Array<ShortlistEntry & { objectionId: number; decisionText: string }> } {
  const s = getShortlist(db, shortlistId, { dropped: false });
  const upheld = listObjections(db, { shortlistId }).filter((o) => o.decision === 'upheld');
  const removed: Array<ShortlistEntry & { objectionId: number; decisionText: string }> = [];
  const entries: ShortlistEntry[] = [];
  for (const e of s.entries) {
    const o = upheld.find((x) => x.standardNo === e.standardNo && x.uscc === e.uscc);
    if (o) removed.push({ ...e, objectionId: o.id, decisionText: o.decisionText ?? '' });
    else entries.push(e);
  }
  return { entries, removed };
}

/**
 * Close the publicity period on `date` and publish the ranking and leader list (dated `date`).
 * Refused (exit 1) when `date` is not after the period's end, or while an objection is open.
 * Appends `publicity.closed`.
 */
export function closePublicity(db: DB, shortlistId: number, date: string, effectiveEnd?: string): { publicity: PublicityRecord; published: ShortlistEntry[]; removed: ReturnType<typeof listToPublish>['removed'] } {
  return db.transaction(() => {
    const p = openPublicity(db, shortlistId);
    const end = effectiveEnd ?? p.end;
    if (date <= end) throw new DomainError('E_PUBLICITY_NOT_OVER', { id: shortlistId, date, end });
    const open = p.objections.filter((o) => o.decision === null);
    if (open.length) throw new DomainError('E_PUBLICITY_OPEN_OBJECTIONS', { id: shortlistId, count: open.length, ids: open.map((o) => o.id).join(', ') }, { objections: open.map((o) => o.id) });
    const { entries, removed } = listToPublish(db, shortlistId);
    const at = nowIso();
    db.prepare('UPDATE publicity SET closed_at = ?, published_date = ? WHERE shortlist_id = ?').run(at, date, shortlistId);
    const ins = db.prepare('INSERT INTO published_entries (shortlist_id, position, standard_no, uscc) VALUES (?, ?, ?, ?)');
    entries.forEach((e, i) => ins.run(shortlistId, i + 1, e.standardNo, e.uscc));
    appendEvent(db, 'publicity.closed', `shortlist:${shortlistId}`, {
      publishedDate: date, end, published: entries.map((e) => e.standardNo),
      removed: removed.map((r) => ({ standardNo: r.standardNo, objectionId: r.objectionId })),
    });
    return { publicity: getPublicity(db, shortlistId)!, published: entries, removed };
  }).immediate();
}

/**
 * Leaders on published lists (publication order within each list, lists oldest first), optionally of
 * one scheme: entries of closed publicity periods minus standards removed by upheld objections.
 * Revocations are not applied here (the revoke area filters those).
 */
export function publishedLeaders(db: DB, schemeId?: string): PublishedLeader[] {
  const rows = db.prepare(`SELECT se.standard_no AS standardNo, se.uscc, se.enterprise_name AS enterpriseName, se.standard_name AS standardName,
      se.product, se.models, se.rank, se.total, s.id AS shortlistId, s.scheme_id AS schemeId, s.scheme_version AS schemeVersion,
      s.run_id AS runId, p.published_date AS publishedDate
    FROM published_entries pe
    JOIN shortlists s ON s.id = pe.shortlist_id
    JOIN publicity p ON p.shortlist_id = pe.shortlist_id
    JOIN shortlist_entries se ON se.shortlist_id = pe.shortlist_id AND se.standard_no = pe.standard_no AND se.uscc = pe.uscc
    WHERE (? IS NULL OR s.scheme_id = ?)
    ORDER BY s.id, pe.position`).all(schemeId ?? null, schemeId ?? null) as Array<EntryRow & { shortlistId: number; schemeId: string; schemeVersion: string; runId: number; publishedDate: string }>;
  return rows.map((r) => ({ ...entryFrom(r), shortlistId: r.shortlistId, schemeId: r.schemeId, schemeVersion: r.schemeVersion, runId: r.runId, publishedDate: r.publishedDate }));
}
