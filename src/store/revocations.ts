/**
 * Revocations and rescissions in the store (SQL only): recording, rescinding, listing, and the few
 * reads of imported standards that `leader revoke` needs. Append-only: no function here updates or
 * deletes a revocation, and the triggers refuse it from anywhere else.
 */
import { DomainError, NotFoundError } from '../core/errors.js';
import { banUntil, REASONS, revokes, type ReasonCode } from '../core/revocation.js';
import { nowIso } from '../io/clock.js';
import { appendEvent } from './audit.js';
import type { DB } from './db.js';
import { publishedLeaders, type PublishedLeader } from './shortlists.js';

export interface Rescission { id: number; revocationId: number; reason: string; createdAt: string }

export interface Revocation {
  id: number;
  uscc: string;
  enterpriseName: string | null;
  standardNo: string | null;
  schemeId: string | null;
  reason: ReasonCode;
  date: string;
  banUntil: string;
  evidence: string | null;
  integrity: boolean;
  createdAt: string;
  rescission: Rescission | null;
}

export type NewRevocation = Pick<Revocation, 'uscc' | 'enterpriseName' | 'standardNo' | 'schemeId' | 'reason' | 'date' | 'evidence'> & {
  /** extra facts for the audit event (evidence file hash, credit-code warning, affected leaders) */
  eventExtra?: Record<string, unknown>;
};

class Rollback extends Error {}

/** Runs `fn` in one immediate transaction; with `dryRun` the same work is rolled back. */
export function writeTransaction<T>(db: DB, dryRun: boolean, fn: () => T): T {
  let result!: T;
  try {
    db.transaction(() => {
      result = fn();
      if (dryRun) throw new Rollback('dry run');
    }).immediate();
  } catch (e) {
    if (!(e instanceof Rollback)) throw e;
  }
  return result;
}

const select = `SELECT r.id, r.uscc, r.enterprise_name AS enterpriseName, r.standard_no AS standardNo, r.scheme_id AS schemeId,
  r.reason, r.date, r.ban_until AS banUntil, r.evidence, r.integrity, r.created_at AS createdAt,
  s.id AS rId, s.reason AS rReason, s.created_at AS rCreatedAt
  FROM revocations r LEFT JOIN rescissions s ON s.revocation_id = r.id`;

type Row = Omit<Revocation, 'integrity' | 'rescission'> & { integrity: number; rId: number | null; rReason: string | null; rCreatedAt: string | null };

function fromRow(r: Row): Revocation {
  const { rId, rReason, rCreatedAt, integrity, ...rest } = r;
  return {
    ...rest,
    integrity: integrity === 1,
    rescission: rId === null ? null : { id: rId, revocationId: r.id, reason: rReason!, createdAt: rCreatedAt! },
  };
}

/** Records a revocation and its audit event (inside the caller's transaction, or its own). */
export function insertRevocation(db: DB, n: NewRevocation): Revocation {
  return db.transaction(() => {
    const createdAt = nowIso();
    const until = banUntil(n.date);
    const integrity = REASONS[n.reason].integrity;
    const info = db.prepare(`INSERT INTO revocations (uscc, enterprise_name, standard_no, scheme_id, reason, date, ban_until, evidence, integrity, created_at)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`).run(n.uscc, n.enterpriseName, n.standardNo, n.schemeId, n.reason, n.date, until, n.evidence, integrity ? 1 : 0, createdAt);
    const id = Number(info.lastInsertRowid);
    appendEvent(db, 'revocation.recorded', `revocation:${id}`, {
      uscc: n.uscc, enterpriseName: n.enterpriseName, standardNo: n.standardNo, schemeId: n.schemeId,
      reason: n.reason, date: n.date, banUntil: until, integrity, evidence: n.evidence, ...(n.eventExtra ?? {}),
    }, createdAt);
    return getRevocation(db, id);
  }).immediate();
}

export function getRevocation(db: DB, id: number): Revocation {
  const row = db.prepare(`${select} WHERE r.id = ?`).get(id) as Row | undefined;
  if (!row) throw new NotFoundError('E_REVOCATION_NOT_FOUND', { id });
  return fromRow(row);
}

/** Rescinds a revocation (a new record; the revocation stays). A second rescission is refused. */
export function rescindRevocation(db: DB, id: number, reason: string): Revocation {
  return db.transaction(() => {
    const r = getRevocation(db, id);
    if (r.rescission) throw new DomainError('E_REVOCATION_ALREADY_RESCINDED', { id, at: r.rescission.createdAt });
    const createdAt = nowIso();
    const info = db.prepare('INSERT INTO rescissions (revocation_id, reason, created_at) VALUES (?, ?, ?)').run(id, reason, createdAt);
    appendEvent(db, 'revocation.rescinded', `revocation:${id}`, { rescissionId: Number(info.lastInsertRowid), reason, uscc: r.uscc, standardNo: r.standardNo }, createdAt);
    return getRevocation(db, id);
  }).immediate();
}

export interface RevocationFilter {
  /** only unrescinded revocations whose ban covers this date */
  activeOn?: string;
  /** only revocations dated in this year */
  year?: number;
  integrityOnly?: boolean;
  includeRescinded?: boolean;
}

/** Revocations by date then id. */
export function listRevocations(db: DB, f: RevocationFilter = {}): Revocation[] {
  const parts: string[] = [];
  const params: unknown[] = [];
  if (f.activeOn !== undefined) { parts.push('r.date <= ? AND ? < r.ban_until AND s.id IS NULL'); params.push(f.activeOn, f.activeOn); }
  if (f.year !== undefined) { parts.push('substr(r.date, 1, 4) = ?'); params.push(String(f.year)); }
  if (f.integrityOnly) parts.push('r.integrity = 1');
  if (f.includeRescinded === false) parts.push('s.id IS NULL');
  const rows = db.prepare(`${select}${parts.length ? ' WHERE ' + parts.join(' AND ') : ''} ORDER BY r.date, r.id`).all(...params) as Row[];
  return rows.map(fromRow);
}

// -------------------------------------------------------------------------------------------------
// reads of imported standards (tables owned by `leader import`)

/** The most recent enterprise name the store knows for a credit code, or null. */
export function knownEnterpriseName(db: DB, uscc: string): string | null {
  const row = db.prepare(`SELECT v.enterprise_name AS name FROM standard_versions v JOIN standards s ON s.id = v.standard_id
    WHERE s.uscc = ? ORDER BY v.id DESC LIMIT 1`).get(uscc) as { name: string } | undefined;
  return row?.name ?? null;
}

/** Does the store hold any standard of this enterprise (optionally this standard)? */
export function knownStandards(db: DB, uscc: string, standardNo?: string | null): number {
  const row = (standardNo
    ? db.prepare('SELECT count(*) AS n FROM standards WHERE uscc = ? AND standard_no = ?').get(uscc, standardNo)
    : db.prepare('SELECT count(*) AS n FROM standards WHERE uscc = ?').get(uscc)) as { n: number };
  return row.n;
}

export interface VersionValues { versionId: number; version: number; status: string; values: Record<string, string>; publicDate: string | null }

/** One stored version of a standard, by id. */
export function standardVersion(db: DB, versionId: number): VersionValues | undefined {
  const row = db.prepare(`SELECT id AS versionId, version, status, values_json AS valuesJson, public_date AS publicDate
    FROM standard_versions WHERE id = ?`).get(versionId) as (Omit<VersionValues, 'values'> & { valuesJson: string }) | undefined;
  if (!row) return undefined;
  const { valuesJson, ...rest } = row;
  return { ...rest, values: JSON.parse(valuesJson) as Record<string, string> };
}

/**
 * The current version of the standard (scheme, credit code, standard number): the standards row's
 * current version, or else its highest version.
 */
export function currentStandardVersion(db: DB, schemeId: string, uscc: string, standardNo: string): VersionValues | undefined {
  const row = db.prepare(`SELECT COALESCE(s.current_version_id, (SELECT v.id FROM standard_versions v WHERE v.standard_id = s.id ORDER BY v.version DESC LIMIT 1)) AS vid
    FROM standards s WHERE s.scheme_id = ? AND s.uscc = ? AND s.standard_no = ?`).get(schemeId, uscc, standardNo) as { vid: number | null } | undefined;
  if (!row || row.vid === null) return undefined;
  return standardVersion(db, row.vid);
}

/** The stored spelling of an enterprise's standard number, matched ignoring spaces; undefined when unknown. */
export function storedStandardNo(db: DB, uscc: string, standardNo: string): string | undefined {
  const rows = db.prepare('SELECT DISTINCT standard_no AS no FROM standards WHERE uscc = ? ORDER BY standard_no').all(uscc) as Array<{ no: string }>;
  const exact = rows.find((r) => r.no === standardNo);
  if (exact) return exact.no;
  const squash = (s: string) => s.replace(/\s+/g, '');
  return rows.find((r) => squash(r.no) === squash(standardNo))?.no;
}

// -------------------------------------------------------------------------------------------------
// published leader entries marked as revoked: derived from the revocations, never written on the lists

export interface LeaderStatus extends PublishedLeader {
  /** ids of the unrescinded revocations that take this entry off the list */
  revokedBy: number[];
}

/** Published leaders (optionally of one scheme) with the unrescinded revocations that concern each. */
export function leadersWithRevocations(db: DB, schemeId?: string, revocations: Revocation[] = listRevocations(db)): LeaderStatus[] {
  return publishedLeaders(db, schemeId).map((l) => ({
    ...l,
    revokedBy: revocations.filter((r) => revokes({ ...r, rescinded: r.rescission !== null }, l)).map((r) => r.id),
  }));
}

/** The published leader entries a (possibly new) revocation concerns. */
export function affectedLeaders(db: DB, scope: { uscc: string; standardNo: string | null; schemeId: string | null }): PublishedLeader[] {
  return publishedLeaders(db).filter((l) => revokes({ ...scope, rescinded: false }, l));
}

/** Import runs (table owned by `leader import`), oldest first, for the annual summary. */
export function listImportRecords(db: DB): Array<{ id: number; schemeId: string; fileName: string; rows: number; inserted: number; updated: number; unchanged: number; rejected: number; finishedAt: string }> {
  return db.prepare(`SELECT id, scheme_id AS schemeId, file_name AS fileName, rows, inserted, updated, unchanged, rejected, finished_at AS finishedAt
    FROM imports ORDER BY id`).all() as Array<{ id: number; schemeId: string; fileName: string; rows: number; inserted: number; updated: number; unchanged: number; rejected: number; finishedAt: string }>;
}
