/**
 * Writes of `leader import`: the `imports` record, standards and their versions. One import is one
 * immediate transaction opened by `beginImport` and ended by `commitImport` / `rollbackImport`; rows
 * are written in between with prepared statements. Identity is (scheme, credit code, normalised
 * standard number); a changed content SHA-256 makes a new version, old versions are kept.
 */
import { BusyError } from '../core/errors.js';
import type { NormalisedRow } from '../core/import-row.js';
import { appendEvent } from './audit.js';
import type { DB } from './db.js';

export type WriteOutcome =
  | { kind: 'inserted' | 'updated' | 'unchanged' }
  | { kind: 'duplicate'; firstLine: number };

export interface ImportCounts {
  rows: number;
  inserted: number;
  updated: number;
  unchanged: number;
  rejected: number;
  warnings: number;
}

export interface ImportRecord extends ImportCounts {
  schemeId: string;
  schemeVersion: string;
  fileName: string;
  sha256: string;
  encoding: string;
}

interface Current { id: number; vid: number | null; sha: string | null; imp: number | null; line: number | null; version: number | null }

const INSERTED = { kind: 'inserted' } as const;
const UPDATED = { kind: 'updated' } as const;
const UNCHANGED = { kind: 'unchanged' } as const;

function isBusy(e: unknown): boolean {
  const code = (e as { code?: string })?.code;
  return code === 'SQLITE_BUSY' || code === 'SQLITE_LOCKED' || code === 'SQLITE_BUSY_SNAPSHOT';
}

/** An open import: the transaction is held until commit() or rollback(). */
export class ImportWriter {
  readonly importId: number;
  private nextVersionId: number;
  private readonly find;
  private readonly insertStandard;
  private readonly insertVersion;
  private readonly setCurrent;
  private open = true;
  /** first line per standard id seen in this import (0: not seen); dense ids, so a typed array */
  private seen = new Int32Array(1024);
  private seenSparse = new Map<number, number>();

  private constructor(private readonly db: DB, private readonly schemeId: string, schemeVersion: string, startedAt: string) {
    this.find = db.prepare(`SELECT s.id AS id, s.current_version_id AS vid, v.content_sha256 AS sha, v.import_id AS imp, v.line AS line, v.version AS version
      FROM standards s LEFT JOIN standard_versions v ON v.id = s.current_version_id
      WHERE s.scheme_id = ? AND s.uscc = ? AND s.standard_no = ?`);
    this.insertStandard = db.prepare('INSERT INTO standards (scheme_id, uscc, standard_no, current_version_id) VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING');
    this.insertVersion = db.prepare(`INSERT INTO standard_versions (id, standard_id, version, import_id, line, content_sha256, standard_no_raw,
      standard_name, enterprise_name, product, brand, models, public_date, issue_date, implementation_date, status, region, values_json, raw_json)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`);
    this.setCurrent = db.prepare('UPDATE standards SET current_version_id = ? WHERE id = ?');
    const info = db.prepare(`INSERT INTO imports (scheme_id, scheme_version, file_name, sha256, encoding, rows, inserted, updated, unchanged,
      rejected, warnings, started_at, finished_at) VALUES (?, ?, '', '', '', 0, 0, 0, 0, 0, 0, ?, ?)`).run(schemeId, schemeVersion, startedAt, startedAt);
    this.importId = Number(info.lastInsertRowid);
    this.nextVersionId = (db.prepare('SELECT coalesce(max(id), 0) + 1 AS n FROM standard_versions').get() as { n: number }).n;
    // A scheme without standards yet (the usual first import): try the insert first, look up only on conflict.
    this.insertFirst = db.prepare('SELECT 1 FROM standards WHERE scheme_id = ? LIMIT 1').get(schemeId) === undefined;
  }

  private readonly insertFirst: boolean;
  private foreignKeys = true;

  /** BEGIN IMMEDIATE (waits busy_timeout for another writer, then BusyError: exit 75) and records the import. */
  static begin(db: DB, schemeId: string, schemeVersion: string, startedAt: string): ImportWriter {
    // Foreign keys hold by construction here (ids come from the same transaction); checking them on
    // every row costs a third of the write time. Switched off for this transaction only, restored after.
    const fk = db.pragma('foreign_keys', { simple: true }) === 1;
    if (fk) db.pragma('foreign_keys = OFF');
    try {
      db.exec('BEGIN IMMEDIATE');
    } catch (e) {
      if (fk) db.pragma('foreign_keys = ON');
      if (isBusy(e)) throw new BusyError();
      throw e;
    }
    try {
      const w = new ImportWriter(db, schemeId, schemeVersion, startedAt);
      w.foreignKeys = fk;
      return w;
    } catch (e) {
      db.exec('ROLLBACK');
      if (fk) db.pragma('foreign_keys = ON');
      if (isBusy(e)) throw new BusyError();
      throw e;
    }
  }

  private firstLine(id: number): number {
    return id < this.seen.length ? this.seen[id]! : this.seenSparse.get(id) ?? 0;
  }

  private markSeen(id: number, line: number): void {
    if (id >= this.seen.length && id < 1 << 26) {
      let n = this.seen.length;
      while (n <= id) n *= 2;
      const grown = new Int32Array(n);
      grown.set(this.seen);
      this.seen = grown;
    }
    if (id < this.seen.length) this.seen[id] = line;
    else this.seenSparse.set(id, line);
  }

  write(r: NormalisedRow): WriteOutcome {
    let standardId = 0;
    let cur: Current | undefined;
    if (this.insertFirst) {
      const info = this.insertStandard.run(this.schemeId, r.uscc, r.standardNo, this.nextVersionId);
      if (info.changes === 1) standardId = Number(info.lastInsertRowid);
    }
    if (standardId === 0) cur = this.find.get(this.schemeId, r.uscc, r.standardNo) as Current | undefined;
    let version = 1;
    if (standardId !== 0) {
      this.markSeen(standardId, r.line);
    } else if (cur) {
      const first = this.firstLine(cur.id);
      if (first !== 0) return { kind: 'duplicate', firstLine: first };
      this.markSeen(cur.id, r.line);
      if (cur.sha === r.contentSha256) return UNCHANGED;
      standardId = cur.id;
      version = (cur.version ?? 0) + 1;
    } else {
      standardId = Number(this.insertStandard.run(this.schemeId, r.uscc, r.standardNo, this.nextVersionId).lastInsertRowid);
      this.markSeen(standardId, r.line);
    }
    const vid = this.nextVersionId++;
    this.insertVersion.run(vid, standardId, version, this.importId, r.line, r.contentSha256, r.standardNoRaw, r.standardName,
      r.enterpriseName, r.product, r.brand, r.models, r.publicDate, r.issueDate, r.implementationDate, r.status, r.region,
      r.valuesJson, r.rawJson);
    if (cur) {
      this.setCurrent.run(vid, standardId);
      return UPDATED;
    }
    return INSERTED;
  }

  /** Completes the import record, appends `import.committed` and commits. */
  commit(rec: ImportRecord, finishedAt: string): void {
    this.db.prepare(`UPDATE imports SET file_name = ?, sha256 = ?, encoding = ?, rows = ?, inserted = ?, updated = ?, unchanged = ?,
      rejected = ?, warnings = ?, finished_at = ? WHERE id = ?`).run(rec.fileName, rec.sha256, rec.encoding, rec.rows, rec.inserted,
      rec.updated, rec.unchanged, rec.rejected, rec.warnings, finishedAt, this.importId);
    appendEvent(this.db, 'import.committed', `import:${this.importId}`, {
      scheme: `${rec.schemeId}@${rec.schemeVersion}`, file: rec.fileName, sha256: rec.sha256, encoding: rec.encoding,
      rows: rec.rows, inserted: rec.inserted, updated: rec.updated, unchanged: rec.unchanged, rejected: rec.rejected, warnings: rec.warnings,
    }, finishedAt);
    this.db.exec('COMMIT');
    this.open = false;
    this.restore();
  }

  private restore(): void {
    if (this.foreignKeys) this.db.pragma('foreign_keys = ON');
    this.foreignKeys = false;
  }

  /** Rolls everything back (failed import, --dry-run). Safe to call twice. */
  rollback(): void {
    if (!this.open) return;
    this.open = false;
    if (this.db.inTransaction) this.db.exec('ROLLBACK');
    this.restore();
  }
}

/** The most recent committed import with this file content for a scheme, if any. */
export function findImportBySha(db: DB, schemeId: string, sha256: string): { id: number } | undefined {
  return db.prepare('SELECT id FROM imports WHERE scheme_id = ? AND sha256 = ? ORDER BY id DESC LIMIT 1').get(schemeId, sha256) as { id: number } | undefined;
}
