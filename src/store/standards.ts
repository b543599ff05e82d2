/**
 * Writes of `leader import`: the `imports` record, standards and their versions. One import is one
 * immediate transaction opened by `beginImport` and ended by `commitImport` / `rollbackImport`; rows
 * are written in between with prepared statements. Identity is (scheme, credit code, normalised
 * standard number); a changed content SHA-256 makes a new version, old versions are kept.
 */
import { BusyError } from '../core/errors.js';
import type { NormalisedRow } from '../core/import-row.js';
import { appendEvent } from './audit.js';
import { backToWal, isBusy, leaveWal, type DB } from './db.js';
import { ChunkWriter } from './version-chunks.js';

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

/**
 * Identities of one scheme as a typed-array hash set: 32-bit hash of (credit code, standard number)
 * -> standard id, open addressing, no strings kept (about 8 bytes a standard instead of ~100 in a
 * Map). A hit is only a candidate: the caller confirms it against the stored row.
 */
export class IdentitySet {
  private hashes: Int32Array;
  private ids: Int32Array;
  private mask: number;
  private size = 0;

  constructor(capacity = 1 << 16) {
    let n = 1 << 10;
    while (n * 3 < capacity * 4) n *= 2;
    this.hashes = new Int32Array(n);
    this.ids = new Int32Array(n);
    this.mask = n - 1;
  }

  static hash(uscc: string, standardNo: string): number {
    let h = 0x811c9dc5 | 0;
    for (let i = 0; i < uscc.length; i++) h = Math.imul(h ^ uscc.charCodeAt(i), 0x01000193);
    h = Math.imul(h ^ 1, 0x01000193);
    for (let i = 0; i < standardNo.length; i++) h = Math.imul(h ^ standardNo.charCodeAt(i), 0x01000193);
    h ^= h >>> 16; h = Math.imul(h, 0x85ebca6b); h ^= h >>> 13; h = Math.imul(h, 0xc2b2ae35); h ^= h >>> 16;
    return h;
  }

  /** The first slot at or after `from` holding hash `h`, or -1. Start with from = -1. */
  find(h: number, from: number): number {
    const mask = this.mask;
    let i = from < 0 ? h & mask : (from + 1) & mask;
    for (;;) {
      const id = this.ids[i]!;
      if (id === 0) return -1;
      if (this.hashes[i] === h) return i;
      i = (i + 1) & mask;
    }
  }

  id(slot: number): number {
    return this.ids[slot]!;
  }

  add(h: number, id: number): void {
    if ((this.size + 1) * 4 > this.ids.length * 3) this.grow(); // load factor at most 3/4
    const mask = this.mask;
    let i = h & mask;
    while (this.ids[i] !== 0) i = (i + 1) & mask;
    this.hashes[i] = h;
    this.ids[i] = id;
    this.size++;
  }

  private grow(): void {
    const { hashes, ids } = this;
    const n = ids.length * 2;
    this.hashes = new Int32Array(n);
    this.ids = new Int32Array(n);
    this.mask = n - 1;
    this.size = 0;
    for (let i = 0; i < ids.length; i++) if (ids[i] !== 0) this.add(hashes[i]!, ids[i]!);
  }
}

/** Bytes a row takes in a file, on the low side (bench rows are ~270 bytes): for sizing, not deciding. */
const BYTES_PER_ROW_LOW = 200;
/** ...and on the high side, for deciding the bulk path. */
const BYTES_PER_ROW_HIGH = 400;
/**
 * Page cache of the bulk path, KiB (negative: KiB, as PRAGMA cache_size takes it). 4 MiB: 1M-row
 * imports peaked at 161-172 MiB in four runs against 164-187 MiB in nine with 16 MiB, in the same
 * time (200k rows: no slower).
 */
const BULK_CACHE_SIZE = -4096;
/** Page cache while the identity index is built at commit, KiB (negative, as for BULK_CACHE_SIZE). */
const INDEX_BUILD_CACHE_SIZE = -2048;
/** Below this many expected rows, per-row index lookups are cheap enough. */
const BULK_MIN_ROWS = 5000;

/**
 * Whether an import takes the bulk path: a large file (by its size) into a store not much larger
 * than it. Decided before the transaction (it also picks the journal); a concurrent import changing
 * the count meanwhile only changes which of two equivalent write paths is taken.
 */
function bulkPath(db: DB, sizeHint: number | undefined): boolean {
  const expected = Math.floor((sizeHint ?? 0) / BYTES_PER_ROW_HIGH);
  if (expected < BULK_MIN_ROWS) return false;
  const existing = (db.prepare('SELECT coalesce(max(id), 0) AS n FROM standards').get() as { n: number }).n;
  return expected * 2 >= existing;
}

export interface ImportWriterOptions {
  /** size of the input in bytes when known: a large import rebuilds the identity index once at the end */
  sizeHint?: number;
  /** force (true) or forbid (false) the bulk path; default: decided from sizeHint (tests force both) */
  bulk?: boolean;
}

interface Found { uscc: string; no: string; sha: string | null; version: number | null; vid: number | null }

/**
 * What an import changes on the connection for its duration: foreign keys off, and on the bulk path
 * WAL left for a rollback journal (`walOff`), temporary files and a small page cache (the values to
 * restore).
 */
interface ChangedSettings { foreignKeys: boolean; walOff: boolean; tempStore?: number; cacheSize?: number }

function restoreSettings(db: DB, s: ChangedSettings): void {
  if (s.foreignKeys) db.pragma('foreign_keys = ON');
  if (s.tempStore !== undefined) db.pragma(`temp_store = ${s.tempStore}`);
  if (s.cacheSize !== undefined) db.pragma(`cache_size = ${s.cacheSize}`);
  if (s.walOff) backToWal(db);
}

/** An open import: the transaction is held until commit() or rollback(). */
export class ImportWriter {
  readonly importId: number;
  private nextVersionId: number;
  private readonly find;
  private readonly byId;
  private readonly insertStandard;
  private readonly insertStandardPlain;
  private readonly insertVersion;
  private readonly setCurrent;
  private open = true;
  /** first line per standard id seen in this import (0: not seen); dense ids, so a typed array */
  private seen = new Int32Array(1024);
  private seenSparse = new Map<number, number>();
  /** bulk path: the identity index is dropped for the load and rebuilt sorted at commit */
  private readonly identities: IdentitySet | undefined;
  /** columnar copies of the versions written, for rank (src/store/version-chunks.ts) */
  private readonly chunks: ChunkWriter;

  private constructor(private readonly db: DB, private readonly schemeId: string, schemeVersion: string, startedAt: string, o: ImportWriterOptions) {
    this.find = db.prepare(`SELECT s.id AS id, s.current_version_id AS vid, v.content_sha256 AS sha, v.import_id AS imp, v.line AS line, v.version AS version
      FROM standards s LEFT JOIN standard_versions v ON v.id = s.current_version_id
      WHERE s.scheme_id = ? AND s.uscc = ? AND s.standard_no = ?`);
    this.byId = db.prepare(`SELECT s.uscc AS uscc, s.standard_no AS no, s.current_version_id AS vid, v.content_sha256 AS sha, v.version AS version
      FROM standards s LEFT JOIN standard_versions v ON v.id = s.current_version_id WHERE s.id = ?`);
    this.insertStandard = db.prepare('INSERT INTO standards (scheme_id, uscc, standard_no, current_version_id) VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING');
    this.insertStandardPlain = db.prepare('INSERT INTO standards (scheme_id, uscc, standard_no, current_version_id) VALUES (?, ?, ?, ?)');
    this.insertVersion = db.prepare(`INSERT INTO standard_versions (id, standard_id, version, import_id, line, content_sha256, standard_no_raw,
      standard_name, enterprise_name, product, brand, models, public_date, issue_date, implementation_date, status, region, values_json, raw_json)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`);
    this.setCurrent = db.prepare('UPDATE standards SET current_version_id = ? WHERE id = ?');
    const info = db.prepare(`INSERT INTO imports (scheme_id, scheme_version, file_name, sha256, encoding, rows, inserted, updated, unchanged,
      rejected, warnings, started_at, finished_at) VALUES (?, ?, '', '', '', 0, 0, 0, 0, 0, 0, ?, ?)`).run(schemeId, schemeVersion, startedAt, startedAt);
    this.importId = Number(info.lastInsertRowid);
    // a file large enough to hold more than one chunk's versions at any row size: chunked from the start
    this.chunks = new ChunkWriter(db, schemeId, this.importId, Math.floor((o.sizeHint ?? 0) / BYTES_PER_ROW_HIGH));
    this.nextVersionId = (db.prepare('SELECT coalesce(max(id), 0) + 1 AS n FROM standard_versions').get() as { n: number }).n;
    // A scheme without standards yet (the usual first import): try the insert first, look up only on conflict.
    this.insertFirst = db.prepare('SELECT 1 FROM standards WHERE scheme_id = ? LIMIT 1').get(schemeId) === undefined;

    // Bulk path: a large import into a store not much larger than it. Inserting in file order into the
    // (scheme, credit code, standard number) index is random access that thrashes the page cache; the
    // index is dropped inside this transaction (a rollback or a killed process restores it) and built
    // once, sorted, before the commit. Identities are then found through an in-memory hash set.
    const bulk = o.bulk === true; // decided by `begin`
    if (bulk) {
      const set = new IdentitySet(Math.max(Math.floor((o.sizeHint ?? 0) / BYTES_PER_ROW_LOW), 1 << 12));
      const rows = db.prepare('SELECT id, uscc, standard_no FROM standards WHERE scheme_id = ?').raw(true);
      for (const r of rows.iterate(schemeId) as IterableIterator<[number, string, string]>) set.add(IdentitySet.hash(r[1], r[2]), r[0]);
      db.exec('DROP INDEX standards_identity');
      this.identities = set;
    }
  }

  private readonly insertFirst: boolean;
  /** the connection settings this import changed, restored once it ends */
  private changed: ChangedSettings | undefined;

  /** BEGIN IMMEDIATE (waits busy_timeout for another writer, then BusyError: exit 75) and records the import. */
  static begin(db: DB, schemeId: string, schemeVersion: string, startedAt: string, o: ImportWriterOptions = {}): ImportWriter {
    // Foreign keys hold by construction here (ids come from the same transaction); checking them on
    // every row costs a third of the write time. Switched off for this transaction only, restored after.
    const fk = db.pragma('foreign_keys', { simple: true }) === 1;
    const bulk = o.bulk ?? bulkPath(db, o.sizeHint);
    // a load mostly appends: through a rollback journal it is written once (see leaveWal)
    const walOff = bulk && leaveWal(db);
    if (fk) db.pragma('foreign_keys = OFF');
    // Bulk path, from before the identity scan and DROP INDEX (which read and free a whole index
    // through the page cache: with the default 64 MiB, a re-import of 1M standards stayed at ~190 MB
    // resident): the index build sorts in temporary files on disk, not in memory, and appends in rowid
    // order need few cached pages, so the page cache is small (bounded RSS).
    const changed: ChangedSettings = { foreignKeys: fk, walOff };
    if (bulk) {
      changed.tempStore = db.pragma('temp_store', { simple: true }) as number;
      changed.cacheSize = db.pragma('cache_size', { simple: true }) as number;
      db.pragma('temp_store = FILE');
      db.pragma(`cache_size = ${BULK_CACHE_SIZE}`);
    }
    try {
      db.exec('BEGIN IMMEDIATE');
    } catch (e) {
      restoreSettings(db, changed);
      if (isBusy(e)) throw new BusyError();
      throw e;
    }
    try {
      const w = new ImportWriter(db, schemeId, schemeVersion, startedAt, { ...o, bulk });
      w.changed = changed;
      return w;
    } catch (e) {
      db.exec('ROLLBACK');
      restoreSettings(db, changed);
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
    if (this.identities) return this.writeBulk(r, this.identities);
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
    return this.writeVersion(r, standardId, version, cur !== undefined);
  }

  private writeBulk(r: NormalisedRow, set: IdentitySet): WriteOutcome {
    const h = IdentitySet.hash(r.uscc, r.standardNo);
    let standardId = 0;
    let found: Found | undefined;
    for (let slot = set.find(h, -1); slot >= 0; slot = set.find(h, slot)) {
      const id = set.id(slot);
      const f = this.byId.get(id) as Found | undefined;
      if (f && f.uscc === r.uscc && f.no === r.standardNo) { standardId = id; found = f; break; }
    }
    let version = 1;
    if (found) {
      const first = this.firstLine(standardId);
      if (first !== 0) return { kind: 'duplicate', firstLine: first };
      this.markSeen(standardId, r.line);
      if (found.sha === r.contentSha256) return UNCHANGED;
      version = (found.version ?? 0) + 1;
    } else {
      standardId = Number(this.insertStandardPlain.run(this.schemeId, r.uscc, r.standardNo, this.nextVersionId).lastInsertRowid);
      set.add(h, standardId);
      this.markSeen(standardId, r.line);
    }
    return this.writeVersion(r, standardId, version, found !== undefined);
  }

  /** Inserts the version row; a new version of an existing standard becomes its current one. */
  private writeVersion(r: NormalisedRow, standardId: number, version: number, existing: boolean): WriteOutcome {
    const vid = this.nextVersionId++;
    this.insertVersion.run(vid, standardId, version, this.importId, r.line, r.contentSha256, r.standardNoRaw, r.standardName,
      r.enterpriseName, r.product, r.brand, r.models, r.publicDate, r.issueDate, r.implementationDate, r.status, r.region,
      r.valuesJson, r.rawJson);
    this.chunks.add({
      standardId, versionId: vid, uscc: r.uscc, standardNo: r.standardNo, abolished: r.status === '废止', publicDate: r.publicDate,
      contentSha256: r.contentSha256, valuesJson: r.valuesJson, valuePairs: r.valuePairs,
    });
    if (!existing) return INSERTED;
    this.setCurrent.run(vid, standardId);
    return UPDATED;
  }

  /** Completes the import record, appends `import.committed` and commits. */
  commit(rec: ImportRecord, finishedAt: string): void {
    this.chunks.flush();
    this.db.prepare(`UPDATE imports SET file_name = ?, sha256 = ?, encoding = ?, rows = ?, inserted = ?, updated = ?, unchanged = ?,
      rejected = ?, warnings = ?, finished_at = ? WHERE id = ?`).run(rec.fileName, rec.sha256, rec.encoding, rec.rows, rec.inserted,
      rec.updated, rec.unchanged, rec.rejected, rec.warnings, finishedAt, this.importId);
    appendEvent(this.db, 'import.committed', `import:${this.importId}`, {
      scheme: `${rec.schemeId}@${rec.schemeVersion}`, file: rec.fileName, sha256: rec.sha256, encoding: rec.encoding,
      rows: rec.rows, inserted: rec.inserted, updated: rec.updated, unchanged: rec.unchanged, rejected: rec.rejected, warnings: rec.warnings,
    }, finishedAt);
    if (this.identities) {
      // The index build's sort works in memory that follows the page cache size: 2 MiB, with the clean
      // cached pages released first (measured alone at 1M rows: +25 MB over the load with 8 MiB; the
      // build takes ~1.4 s either way).
      this.db.pragma(`cache_size = ${INDEX_BUILD_CACHE_SIZE}`);
      this.db.pragma('shrink_memory');
      this.db.exec('CREATE UNIQUE INDEX standards_identity ON standards (scheme_id, uscc, standard_no)');
    }
    this.db.exec('COMMIT');
    this.open = false;
    this.restore();
  }

  private restore(): void {
    if (this.changed) restoreSettings(this.db, this.changed);
    this.changed = undefined;
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
