/**
 * Ranking runs: immutable records with their content. Owned by `leader rank`; other areas read runs
 * through `getRun`, `runCounts`, `latestRunId` and `listRuns`, and (shortlist, export: no object per
 * entry) `getRunView` with `readRunNames`.
 *
 * `leader rank` stores the content as columns (format `leader-run/2`): a canonical JSON header
 * (method, decimals, indicators with their distinct rounded values, levels and scores, the distinct
 * reason lists, the cross-check) in `result`, and binary little-endian columns in `columns`:
 * totals (float64, integers at `decimals`), version ids (int32) of the entries in display order,
 * version ids and reason-list indices (int32) of the excluded standards in standard number order,
 * then per indicator each entry's value index + 1 (0: missing) in 1, 2 or 4 bytes. Standard numbers,
 * credit codes and names come from the immutable `standard_versions` rows on read; ranks and the
 * single-indicator groups are derived. The content SHA-256 is the SHA-256 of `result` + LF + `columns`.
 * A `RunResult` given directly (`insertRun`) is stored as plain JSON (its SHA-256 is the caller's).
 */
import { createHash } from 'node:crypto';
import { NotFoundError } from '../core/errors.js';
import { competitionRanksSorted, indicatorGroups } from '../core/rank.js';
import { runResultOf, type IndicatorColumn, type InputColumns, type OutCell, type RowNames, type RunColumns } from '../core/run.js';
import type { ExcludedEntry, IndicatorRanking, RunEntry, RunRecord, RunResult } from '../core/types.js';
import { nowIso } from '../io/clock.js';
import { appendEvent } from './audit.js';
import { withoutWal, type DB } from './db.js';
import { readVersionNames } from './standards-read.js';

const recordColumns = `id, scheme_id AS schemeId, scheme_version AS schemeVersion, scheme_sha256 AS schemeSha256,
  input_sha256 AS inputSha256, content_sha256 AS contentSha256, as_of AS asOf, engine_version AS engineVersion,
  method, created_at AS createdAt`;

export const RUN_FORMAT = 'leader-run/1';
export const RUN_COLUMNS_FORMAT = 'leader-run/2';

type EntryRow = [number, string, string, string, string, string, string | null, string[], number, number[], Array<string | null>, Array<string | null>, string[] | null];
type ExcludedRow = [string, string, string, string, number, string[]];

interface Compact {
  format: string;
  method: string | null;
  decimals: number | null;
  cohortDependent: boolean;
  indicators: Array<Omit<IndicatorRanking, 'groups'>>;
  levels: string[];
  entries: EntryRow[];
  excluded: ExcludedRow[];
  crossCheck: RunResult['crossCheck'] | null;
}

/**
 * The canonical stored form of a run's content: deterministic (fixed key order, arrays in the run's
 * order), so the same data, scheme and as-of date give byte-identical text. `levels` are the
 * scheme's level ids, low to high (entries store level indices, -1 for none).
 */
export function encodeRunResult(result: RunResult, levels: string[]): string {
  const levelIndex = new Map(levels.map((l, i) => [l, i]));
  const ids = result.indicators.map((i) => i.id);
  const entries: EntryRow[] = result.entries.map((e) => [
    e.rank, e.total, e.standardNo, e.uscc, e.enterpriseName, e.standardName, e.product, e.models, e.versionId,
    ids.map((id) => { const l = e.levels[id]; return l == null ? -1 : levelIndex.get(l)!; }),
    ids.map((id) => e.scores[id] ?? null),
    ids.map((id) => e.values[id] ?? null),
    e.zeroScored ?? null,
  ]);
  const compact: Compact = {
    format: RUN_FORMAT,
    method: result.method ?? null,
    decimals: result.decimals ?? null,
    cohortDependent: result.cohortDependent,
    indicators: result.indicators.map(({ groups: _g, ...rest }) => ({
      id: rest.id, name: rest.name, discriminating: rest.discriminating, cohortDependent: rest.cohortDependent,
      ...(rest.method !== undefined ? { method: rest.method } : {}), ...(rest.commonValue !== undefined ? { commonValue: rest.commonValue } : {}),
    })),
    levels,
    entries,
    excluded: result.excluded.map((x) => [x.standardNo, x.uscc, x.enterpriseName, x.standardName, x.versionId, x.reasons]),
    crossCheck: result.crossCheck ?? null,
  };
  return JSON.stringify(compact);
}

export function decodeRunResult(text: string): RunResult {
  const c = JSON.parse(text) as Compact;
  if (c.format !== RUN_FORMAT) return c as unknown as RunResult; // stored before the compact form
  const ids = c.indicators.map((i) => i.id);
  const entries: RunEntry[] = c.entries.map((r) => {
    const levels: Record<string, string | null> = {};
    const scores: Record<string, string> = {};
    const values: Record<string, string> = {};
    ids.forEach((id, i) => {
      levels[id] = r[9][i]! >= 0 ? c.levels[r[9][i]!]! : null;
      if (r[10][i] != null) scores[id] = r[10][i]!;
      if (r[11][i] != null) values[id] = r[11][i]!;
    });
    const e: RunEntry = { rank: r[0], total: r[1], standardNo: r[2], uscc: r[3], enterpriseName: r[4], standardName: r[5], product: r[6], models: r[7], versionId: r[8], levels, scores, values };
    if (r[12]) e.zeroScored = r[12];
    return e;
  });
  const excluded: ExcludedEntry[] = c.excluded.map((x) => ({ standardNo: x[0], uscc: x[1], enterpriseName: x[2], standardName: x[3], versionId: x[4], reasons: x[5] }));
  const indicators: IndicatorRanking[] = c.indicators.map((meta, i) => {
    const g = indicatorGroups(c.levels, c.entries.map((r) => ({ standardNo: r[2], uscc: r[3], level: r[9][i]!, value: r[11][i] ?? undefined })));
    return { id: meta.id, name: meta.name, discriminating: meta.discriminating, cohortDependent: meta.cohortDependent, groups: g.groups,
      ...(meta.method !== undefined ? { method: meta.method } : {}), ...(meta.commonValue !== undefined ? { commonValue: meta.commonValue } : {}) };
  });
  const result: RunResult = { entries, excluded, indicators, cohortDependent: c.cohortDependent };
  if (c.method !== null) result.method = c.method;
  if (c.decimals !== null) result.decimals = c.decimals;
  if (c.crossCheck) result.crossCheck = c.crossCheck;
  return result;
}

/**
 * Stores a run. `encoded` is `encodeRunResult(result, levels)` when the caller already has it (it
 * hashed it for `contentSha256`); otherwise the result is stored as plain JSON.
 */
export function insertRun(db: DB, r: Omit<RunRecord, 'id' | 'createdAt'>, result: RunResult, encoded?: string): RunRecord {
  return db.transaction(() => insertRow(db, r, result.entries.length, result.excluded.length, encoded ?? JSON.stringify(result), null)).immediate();
}

function insertRow(db: DB, r: Omit<RunRecord, 'id' | 'createdAt'>, entries: number, excluded: number, result: string, columns: Buffer | null): RunRecord {
  const createdAt = nowIso();
  const info = db.prepare(`INSERT INTO runs (scheme_id, scheme_version, scheme_sha256, input_sha256, content_sha256, as_of, engine_version, method, created_at,
    entry_count, excluded_count, result, columns) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`)
    .run(r.schemeId, r.schemeVersion, r.schemeSha256, r.inputSha256, r.contentSha256, r.asOf, r.engineVersion, r.method, createdAt, entries, excluded, result, columns);
  const id = Number(info.lastInsertRowid);
  appendEvent(db, 'run.created', `run:${id}`, { schemeId: r.schemeId, schemeVersion: r.schemeVersion, inputSha256: r.inputSha256, contentSha256: r.contentSha256, asOf: r.asOf, entries, excluded });
  return { ...r, id, createdAt };
}

/** A run's content in the columns format, and its SHA-256. */
export interface EncodedColumns { header: string; columns: Buffer; sha256: string; entries: number; excluded: number }

const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

/**
 * Encodes a run's columns (format leader-run/2, see the top of this file); undefined when they do
 * not fit it (totals beyond 2^53, version ids beyond 2^31, a big-endian machine): the caller then
 * stores the plain `RunResult` form.
 */
export function encodeRunColumns(rc: RunColumns): EncodedColumns | undefined {
  if (!LITTLE_ENDIAN || !(rc.totals instanceof Float64Array)) return undefined;
  const ne = rc.rows.length;
  const nx = rc.excludedRows.length;
  const vid = rc.input.versionId;
  for (let r = 0; r < rc.input.n; r++) if (!(vid[r]! >= 0 && vid[r]! <= 0x7fffffff)) return undefined;
  const reasonIndex = new Map<string, number>();
  const reasonLists: string[][] = [];
  const xreason = new Int32Array(nx);
  // rows with the same reasons mostly share one list (scoreColumns): looked up by the list first
  const byList = new Map<string[], number>();
  for (let q = 0; q < nx; q++) {
    const list = rc.reasons[q]!;
    let c = byList.get(list);
    if (c === undefined) {
      const key = list.join('\u0000');
      c = reasonIndex.get(key);
      if (c === undefined) { c = reasonLists.length; reasonLists.push(list); reasonIndex.set(key, c); }
      byList.set(list, c);
    }
    xreason[q] = c;
  }
  const widths = rc.indicators.map((ind) => (ind.cells.length < 0xff ? 1 : ind.cells.length < 0xffff ? 2 : 4));
  const header = JSON.stringify({
    format: RUN_COLUMNS_FORMAT, method: rc.method, decimals: rc.decimals, cohortDependent: rc.cohortDependent, levels: rc.levelIds,
    entries: ne, excluded: nx,
    indicators: rc.indicators.map((ind, i) => ({
      id: ind.id, name: ind.name, discriminating: ind.discriminating, cohortDependent: ind.cohortDependent,
      ...(ind.method !== undefined ? { method: ind.method } : {}), ...(ind.commonValue !== undefined ? { commonValue: ind.commonValue } : {}),
      width: widths[i], cells: ind.cells.map((c) => [c.text, c.level, c.score]),
    })),
    reasons: reasonLists,
    crossCheck: rc.crossCheck ?? null,
  });
  const size = 8 * ne + 4 * ne + 8 * nx + widths.reduce((a, w) => a + w * ne, 0);
  const buf = Buffer.alloc(size);
  const ab = buf.buffer;
  let off = buf.byteOffset;
  // Buffer.alloc of a large size is not pooled: byteOffset 0, so typed views are aligned
  const f64 = (len: number) => { const a = new Float64Array(ab, off, len); off += 8 * len; return a; };
  const i32 = (len: number) => { const a = new Int32Array(ab, off, len); off += 4 * len; return a; };
  if (buf.byteOffset % 8 !== 0) return undefined;
  f64(ne).set(rc.totals);
  const ev = i32(ne);
  for (let j = 0; j < ne; j++) ev[j] = vid[rc.rows[j]!]!;
  const xv = i32(nx);
  for (let q = 0; q < nx; q++) xv[q] = vid[rc.excludedRows[q]!]!;
  i32(nx).set(xreason);
  rc.indicators.forEach((ind, i) => {
    const w = widths[i]!;
    const a = w === 4 ? new Uint32Array(ab, off, ne) : w === 2 ? new Uint16Array(ab, off, ne) : new Uint8Array(ab, off, ne);
    off += w * ne;
    const codes = ind.codes;
    for (let j = 0; j < ne; j++) a[j] = codes[j]! + 1;
  });
  const sha256 = createHash('sha256').update(header).update('\n').update(buf).digest('hex');
  return { header, columns: buf, sha256, entries: ne, excluded: nx };
}

/** Columns from this size on are stored through a rollback journal (`withoutWal`): about 200,000 standards. */
const LARGE_COLUMNS = 4 << 20;

/** Stores a run encoded by `encodeRunColumns`. */
export function insertRunColumns(db: DB, r: Omit<RunRecord, 'id' | 'createdAt'>, enc: EncodedColumns): RunRecord {
  const insert = () => db.transaction(() => insertRow(db, r, enc.entries, enc.excluded, enc.header, enc.columns)).immediate();
  return enc.columns.length >= LARGE_COLUMNS ? withoutWal(db, insert) : insert();
}

interface ColumnsHeader {
  format: string; method: 'weighted-sum' | 'topsis'; decimals: number; cohortDependent: boolean; levels: string[]; entries: number; excluded: number;
  indicators: Array<Omit<IndicatorRanking, 'groups'> & { width: number; cells: Array<[string, number, string | null]> }>;
  reasons: string[][]; crossCheck: RunResult['crossCheck'] | null;
}

function copyOf<T>(blob: Buffer, off: number, bytes: number, make: (b: ArrayBuffer) => T): T {
  return make(blob.buffer.slice(blob.byteOffset + off, blob.byteOffset + off + bytes) as ArrayBuffer);
}

/** The columns of a stored leader-run/2 content, without standard numbers, credit codes or names (`input` holds the version ids only). */
function columnsOfBlob(headerText: string, blob: Buffer): RunColumns {
  const h = JSON.parse(headerText) as ColumnsHeader;
  const ne = h.entries;
  const nx = h.excluded;
  let off = 0;
  const totals = copyOf(blob, off, 8 * ne, (b) => new Float64Array(b)); off += 8 * ne;
  const ev = copyOf(blob, off, 4 * ne, (b) => new Int32Array(b)); off += 4 * ne;
  const xv = copyOf(blob, off, 4 * nx, (b) => new Int32Array(b)); off += 4 * nx;
  const xr = copyOf(blob, off, 4 * nx, (b) => new Int32Array(b)); off += 4 * nx;
  const indicators: IndicatorColumn[] = h.indicators.map(({ width, cells, ...meta }) => {
    const raw = copyOf(blob, off, width * ne, (b) => (width === 4 ? new Uint32Array(b) : width === 2 ? new Uint16Array(b) : new Uint8Array(b)));
    off += width * ne;
    const codes = new Int32Array(ne);
    for (let j = 0; j < ne; j++) codes[j] = raw[j]! - 1;
    return { ...meta, cells: cells.map(([text, level, score]): OutCell => ({ text, level, score })), codes };
  });
  // rows: the entries (0..ne-1), then the excluded standards (ne..ne+nx-1)
  const versionId = new Float64Array(ne + nx);
  versionId.set(ev);
  versionId.set(xv, ne);
  const input: InputColumns = {
    n: ne + nx, versionId, standardNo: [], uscc: [], abolished: new Uint8Array(0), publicDate: { dict: [], codes: new Int32Array(0) }, values: new Map(),
  };
  const rows = new Int32Array(ne);
  for (let j = 0; j < ne; j++) rows[j] = j;
  const excludedRows = new Int32Array(nx);
  for (let q = 0; q < nx; q++) excludedRows[q] = ne + q;
  const rc: RunColumns = {
    method: h.method, decimals: h.decimals, cohortDependent: h.cohortDependent, levelIds: h.levels, indicators, input,
    rows, totals, ranks: Int32Array.from(competitionRanksSorted(totals)), excludedRows, reasons: Array.from(xr, (c) => h.reasons[c]!),
  };
  if (h.crossCheck) rc.crossCheck = h.crossCheck;
  return rc;
}

/** The columns of a stored leader-run/2 content, standard numbers, credit codes and names read by version id. */
export function decodeRunColumns(db: DB, headerText: string, blob: Buffer): RunResult {
  const rc = columnsOfBlob(headerText, blob);
  const names = readVersionNames(db, rc.input.versionId);
  rc.input.standardNo = names.map((x) => x.standardNo);
  rc.input.uscc = names.map((x) => x.uscc);
  return runResultOf(rc, (r) => names[r]!);
}

export function getRunRecord(db: DB, id: number): RunRecord {
  const row = db.prepare(`SELECT ${recordColumns} FROM runs WHERE id = ?`).get(id) as RunRecord | undefined;
  if (!row) throw new NotFoundError('E_RUN_NOT_FOUND', { id });
  return row;
}

export function getRun(db: DB, id: number): { run: RunRecord; result: RunResult } {
  const row = db.prepare(`SELECT ${recordColumns}, result, columns FROM runs WHERE id = ?`).get(id) as (RunRecord & { result: string; columns: Buffer | null }) | undefined;
  if (!row) throw new NotFoundError('E_RUN_NOT_FOUND', { id });
  const { result, columns, ...run } = row;
  return { run, result: columns ? decodeRunColumns(db, result, columns) : decodeRunResult(result) };
}

/** The stored content of a run: `result` text and `columns` (null unless format leader-run/2). */
export function getRunContent(db: DB, id: number): { result: string; columns: Buffer | null } {
  const row = db.prepare('SELECT result, columns FROM runs WHERE id = ?').get(id) as { result: string; columns: Buffer | null } | undefined;
  if (!row) throw new NotFoundError('E_RUN_NOT_FOUND', { id });
  return row;
}

/** Counts of ranked and excluded standards per run id. */
export function runCounts(db: DB): Map<number, { entries: number; excluded: number }> {
  const rows = db.prepare('SELECT id, entry_count AS entries, excluded_count AS excluded FROM runs').all() as Array<{ id: number; entries: number; excluded: number }>;
  return new Map(rows.map((r) => [r.id, { entries: r.entries, excluded: r.excluded }]));
}

/** The latest run of a scheme (any version), or undefined. */
export function latestRunId(db: DB, schemeId: string): number | undefined {
  const row = db.prepare('SELECT id FROM runs WHERE scheme_id = ? ORDER BY id DESC LIMIT 1').get(schemeId) as { id: number } | undefined;
  return row?.id;
}

export function listRuns(db: DB, schemeId?: string): RunRecord[] {
  return (schemeId
    ? db.prepare(`SELECT ${recordColumns} FROM runs WHERE scheme_id = ? ORDER BY id`).all(schemeId)
    : db.prepare(`SELECT ${recordColumns} FROM runs ORDER BY id`).all()) as RunRecord[];
}

// ------------------------------------------------------------------ without an object per entry (export, shortlist)

/**
 * A stored run's content for readers that do not need a `RunEntry` per standard: the columns (format
 * leader-run/2) with standard numbers and credit codes in `input` (names: `readRunNames`), or the
 * plain `RunResult` of content stored in the JSON forms.
 */
export type RunView = { run: RunRecord; columns: RunColumns; result?: undefined } | { run: RunRecord; columns?: undefined; result: RunResult };

export function getRunView(db: DB, id: number): RunView {
  const row = db.prepare(`SELECT ${recordColumns}, result, columns FROM runs WHERE id = ?`).get(id) as (RunRecord & { result: string; columns: Buffer | null }) | undefined;
  if (!row) throw new NotFoundError('E_RUN_NOT_FOUND', { id });
  const { result, columns, ...run } = row;
  if (!columns) return { run, result: decodeRunResult(result) };
  const rc = columnsOfBlob(result, columns);
  const keys = readVersionKeys(db, run.schemeId, rc.input.versionId);
  rc.input.standardNo = keys.standardNo;
  rc.input.uscc = keys.uscc;
  return { run, columns: rc };
}

/**
 * Standard numbers and credit codes of stored versions (immutable), in the order of `versionIds`
 * (distinct): through the scheme's current versions (the small `standards` table, one scan) and, for
 * versions no longer current, by id.
 */
export function readVersionKeys(db: DB, schemeId: string, versionIds: ArrayLike<number>): { standardNo: string[]; uscc: string[] } {
  const n = versionIds.length;
  const standardNo = new Array<string>(n);
  const uscc = new Array<string>(n);
  if (n === 0) return { standardNo, uscc };
  let min = Infinity, max = -Infinity;
  for (let i = 0; i < n; i++) { const v = versionIds[i]!; if (v < min) min = v; if (v > max) max = v; }
  const dense = Number.isInteger(min) && Number.isInteger(max) && max - min < 4 * n + 4096;
  const at = dense ? new Int32Array(max - min + 1).fill(-1) : undefined;
  const byId = dense ? undefined : new Map<number, number>();
  for (let i = 0; i < n; i++) { if (at) at[versionIds[i]! - min] = i; else byId!.set(versionIds[i]!, i); }
  const posOf = (v: number): number => (at ? (v >= min && v <= max ? at[v - min]! : -1) : byId!.get(v) ?? -1);
  let found = 0;
  const take = (v: number, no: string, code: string): void => {
    const i = posOf(v);
    if (i >= 0 && standardNo[i] === undefined) { standardNo[i] = no; uscc[i] = code; found++; }
  };
  // One text per PACKED_ROWS standards (a row per standard costs better-sqlite3 far more), split on
  // U+001F; row by row when a field holds that character. The table scan beats the index here: every
  // row of the scheme is read.
  const packedStmt = db.prepare(`SELECT group_concat(current_version_id || char(31) || standard_no || char(31) || uscc, char(31)), count(*), max(id)
    FROM (SELECT id, current_version_id, standard_no, uscc FROM standards NOT INDEXED WHERE scheme_id = ? AND id > ? AND current_version_id IS NOT NULL ORDER BY id LIMIT ?)`).raw(true);
  let packedOk = true;
  for (let after = 0; packedOk;) {
    const packed = packedStmt.get(schemeId, after, PACKED_ROWS) as [string | null, number, number | null];
    if (packed[1] === 0) break;
    const parts = packed[0]!.split('\u001f');
    if (parts.length !== 3 * packed[1]) { packedOk = false; break; }
    for (let p = 0; p < parts.length; p += 3) take(Number(parts[p]), parts[p + 1]!, parts[p + 2]!);
    after = packed[2]!;
  }
  if (!packedOk) {
    const rows = db.prepare('SELECT current_version_id, standard_no, uscc FROM standards WHERE scheme_id = ?').raw(true).all(schemeId) as Array<[number | null, string, string]>;
    for (const r of rows) if (r[0] !== null) take(r[0], r[1], r[2]);
  }
  if (found < n) {
    const missing: number[] = [];
    for (let i = 0; i < n; i++) if (standardNo[i] === undefined) missing.push(versionIds[i]!);
    const stmt = db.prepare(`SELECT v.id, s.standard_no, s.uscc FROM json_each(?) j JOIN standard_versions v ON v.id = j.value
      JOIN standards s ON s.id = v.standard_id`).raw(true);
    for (const r of stmt.all(JSON.stringify(missing)) as Array<[number, string, string]>) {
      const i = posOf(r[0]);
      if (i >= 0) { standardNo[i] = r[1]; uscc[i] = r[2]; }
    }
    for (let i = 0; i < n; i++) if (standardNo[i] === undefined) throw new Error(`standard version ${versionIds[i]} not found`);
  }
  return { standardNo, uscc };
}

/** Rows per packed text of the readers below (a text stays far below V8's and SQLite's string limits). */
export let PACKED_ROWS = 100_000;
/** Tests: a small `PACKED_ROWS`, so that a few rows make several texts. */
export function setPackedRows(n: number): void { PACKED_ROWS = n; }

/** `["a","b"]` without JSON.parse when nothing needs unescaping. */
function modelList(text: string | null): string[] {
  if (text === null || text === '[]') return [];
  if (text.startsWith('["') && text.endsWith('"]') && !text.includes('\\')) return text.slice(2, -2).split('","');
  return JSON.parse(text) as string[];
}

/**
 * Names of a run's rows (input rows `rows`, or every row) by version id: enterprise name, standard
 * name, product, models. Only `standard_versions` is read (numbers and codes are in the columns
 * already), in ascending id order (storage order: far fewer page visits than display order).
 */
export function readRunNames(db: DB, rc: RunColumns, rows?: ArrayLike<number>): RowNames[] {
  const ids = rows ? Float64Array.from(rows, (r) => rc.input.versionId[r]!) : rc.input.versionId;
  const n = ids.length;
  const out = new Array<RowNames>(n);
  if (n === 0) return out;
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => ids[a]! - ids[b]!);
  // As in readVersionKeys: one text per PACKED_ROWS versions split on U+001F (the product flagged: '0'
  // null, '1' + text), row by row when a field holds that character.
  const packedStmt = db.prepare(`SELECT group_concat(j.key || char(31) || v.enterprise_name || char(31) || v.standard_name || char(31)
      || CASE WHEN v.product IS NULL THEN '0' ELSE '1' || v.product END || char(31) || ifnull(v.models, '[]'), char(31)), count(*)
    FROM json_each(?) j JOIN standard_versions v ON v.id = j.value`).raw(true);
  let packedOk = true;
  for (let from = 0; from < n && packedOk; from += PACKED_ROWS) {
    const slice = order.slice(from, from + PACKED_ROWS);
    const packed = packedStmt.get(JSON.stringify(slice.map((i) => ids[i]!))) as [string | null, number];
    const parts = packed[0] === null ? [] : packed[0].split('\u001f');
    if (parts.length !== 5 * packed[1]) { packedOk = false; break; }
    for (let p = 0; p < parts.length; p += 5) {
      const product = parts[p + 3]!;
      out[slice[Number(parts[p])]!] = { enterpriseName: parts[p + 1]!, standardName: parts[p + 2]!, product: product === '0' ? null : product.slice(1), models: modelList(parts[p + 4]!) };
    }
  }
  if (!packedOk) {
    const stmt = db.prepare(`SELECT j.key, v.enterprise_name, v.standard_name, v.product, v.models
      FROM json_each(?) j JOIN standard_versions v ON v.id = j.value`).raw(true);
    for (const r of stmt.all(JSON.stringify(order.map((i) => ids[i]!))) as Array<[number, string, string, string | null, string | null]>) {
      out[order[r[0]]!] = { enterpriseName: r[1], standardName: r[2], product: r[3], models: modelList(r[4]) };
    }
  }
  for (let i = 0; i < n; i++) if (!out[i]) throw new Error(`standard version ${ids[i]} not found`);
  return out;
}
