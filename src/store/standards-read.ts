/**
 * Reads the current version of every standard imported for a scheme (tables of
 * src/store/schema/standards.ts, owned by `leader import`) as `StandardRecord`s for ranking and
 * explanations. One prepared statement, raw rows, in (credit code, standard number) order; for
 * `leader rank`, columns without an object per row (`readRankColumns`) and names by version id.
 */
import { createHash, type Hash } from 'node:crypto';
import { cmpText } from '../core/rank.js';
import type { InputColumns, RowNames } from '../core/run.js';
import type { StandardRecord, StandardStatus } from '../core/types.js';
import type { DB } from './db.js';

const COLUMNS = `s.id, v.id, v.version, s.standard_no, s.uscc, v.enterprise_name, v.standard_name, v.product, v.brand, v.models,
  v.public_date, v.status, v.region, v.values_json, v.content_sha256`;
/** What ranking needs: brand and region are not read (null). */
const RANK_COLUMNS = `s.id, v.id, v.version, s.standard_no, s.uscc, v.enterprise_name, v.standard_name, v.product, NULL, v.models,
  v.public_date, v.status, NULL, v.values_json, v.content_sha256`;

/** `["a","b"]` without JSON.parse when nothing needs unescaping. */
function models(text: string | null): string[] {
  if (text === null || text === '[]') return [];
  if (text.startsWith('["') && text.endsWith('"]') && !text.includes('\\')) return text.slice(2, -2).split('","');
  return JSON.parse(text) as string[];
}

type Row = [number, number, number, string, string, string, string, string | null, string | null, string | null, string | null, string, string | null, string, string, string?];

const NO_RAW: Record<string, string> = Object.freeze({}) as Record<string, string>;

/**
 * The declared texts of a version: its values overlaid with `raw_json`. Imports before this release
 * stored every declared text there; imports since store only the texts that differ from the parsed
 * value (the others were the value itself). Both read back as the same object.
 */
function declared(values: Record<string, string>, rawJson: string): Record<string, string> {
  return { ...values, ...(JSON.parse(rawJson) as Record<string, string>) };
}

function toRecord(r: Row, withRaw: boolean): StandardRecord {
  const values = JSON.parse(r[13]) as Record<string, string>;
  return {
    standardId: r[0], versionId: r[1], version: r[2], standardNo: r[3], uscc: r[4], enterpriseName: r[5], standardName: r[6],
    product: r[7], brand: r[8], models: models(r[9]), publicDate: r[10],
    status: r[11] as StandardStatus, region: r[12], values,
    raw: withRaw && r[15] !== undefined ? declared(values, r[15]) : NO_RAW, contentSha256: r[14],
  };
}

/**
 * Current versions of the standards of `schemeId`, ordered by credit code then standard number.
 * `raw: false` (what ranking uses) skips the declared texts (`raw` is then an empty frozen object),
 * the brand and the region (null).
 */
export function readStandards(db: DB, schemeId: string, o: { raw?: boolean } = {}): StandardRecord[] {
  const withRaw = o.raw !== false;
  const stmt = db.prepare(`SELECT ${withRaw ? COLUMNS : RANK_COLUMNS}${withRaw ? ', v.raw_json' : ''}
    FROM standards s JOIN standard_versions v ON v.id = s.current_version_id
    WHERE s.scheme_id = ? ORDER BY s.uscc, s.standard_no`).raw(true);
  const rows = stmt.all(schemeId) as Row[];
  const out = new Array<StandardRecord>(rows.length);
  for (let i = 0; i < rows.length; i++) out[i] = toRecord(rows[i]!, withRaw);
  return out;
}

/** One stored version (current or not) with its declared texts, by version id. */
export function readStandardVersion(db: DB, versionId: number): StandardRecord | undefined {
  const row = db.prepare(`SELECT ${COLUMNS}, v.raw_json FROM standard_versions v JOIN standards s ON s.id = v.standard_id WHERE v.id = ?`)
    .raw(true).get(versionId) as Row | undefined;
  return row ? toRecord(row, true) : undefined;
}

const SMALL_KEYS = 1 << 16;

/** What `leader rank` reads: columns of the current versions, value texts interned per indicator, and the input hash so far. */
export interface RankRead {
  columns: InputColumns;
  /** SHA-256 over `uscc TAB standard number TAB content SHA-256 LF` per standard, in credit code then standard number order (bans are appended by the caller) */
  inputHash: Hash;
}

/**
 * The current versions of a scheme's standards as columns for ranking, in one pass over raw rows:
 * no object per row; `values_json` is scanned for the wanted indicator ids only (JSON.parse only when
 * a text holds an escape). The input hash is computed on the way (rows come in credit code, standard
 * number order; when the database's byte order differs from code-unit order, it is re-sorted).
 */
export function readRankColumns(db: DB, schemeId: string, ids: readonly string[]): RankRead {
  const stmt = db.prepare(`SELECT v.id, s.standard_no, s.uscc, v.status = '废止', v.public_date, v.values_json, v.content_sha256
    FROM standards s JOIN standard_versions v ON v.id = s.current_version_id
    WHERE s.scheme_id = ? ORDER BY s.uscc, s.standard_no`).raw(true);
  let cap = 4096;
  let versionId = new Float64Array(cap);
  let abolished = new Uint8Array(cap);
  const standardNo: string[] = [];
  const uscc: string[] = [];
  // public dates as codes into their distinct values (-1: none)
  const dateDict: string[] = [];
  let dateCodes = new Int32Array(cap);
  const keys = ids.map((id) => `"${id}":"`);
  const k = ids.length;
  const dicts: string[][] = ids.map(() => []);
  const index: Array<Map<string, number>> = ids.map(() => new Map());
  // Plain decimals ("12", "0.37") are keyed by their digits and decimals without cutting the text out:
  // two texts with the same digits and decimals are the same decimal value (the first is kept).
  const numIndex: Array<Map<number, number>> = ids.map(() => new Map());
  const small: Array<Int32Array | undefined> = ids.map(() => undefined);
  let codes = ids.map(() => new Int32Array(cap));
  const h = createHash('sha256');
  let buf = '';
  let sorted = true;
  let prevUscc = '';
  const usccs = new Map<string, string>();
  const dates = new Map<string, number>();
  let prevNo = '';
  let r = 0;
  for (const row of stmt.iterate(schemeId) as IterableIterator<[number, string, string, number, string | null, string, string]>) {
    if (r === cap) {
      cap *= 2;
      const grow = <T extends Float64Array | Uint8Array | Int32Array>(a: T, b: T): T => { b.set(a); return b; };
      versionId = grow(versionId, new Float64Array(cap));
      abolished = grow(abolished, new Uint8Array(cap));
      codes = codes.map((c) => grow(c, new Int32Array(cap)));
      dateCodes = grow(dateCodes, new Int32Array(cap));
    }
    const no = row[1];
    // credit codes repeat: keep one copy of each (fewer long-lived strings for the collector); dates as codes
    let us = row[2];
    if (us === prevUscc) us = prevUscc;
    else { const u = usccs.get(us); if (u === undefined) usccs.set(us, us); else us = u; }
    versionId[r] = row[0];
    standardNo.push(no);
    uscc.push(us);
    if (row[3] === 1) abolished[r] = 1;
    const pd = row[4];
    if (pd === null) dateCodes[r] = -1;
    else { let d = dates.get(pd); if (d === undefined) { d = dateDict.length; dateDict.push(pd); dates.set(pd, d); } dateCodes[r] = d; }
    const json = row[5];
    if (json.includes('\\')) {
      const o = JSON.parse(json) as Record<string, unknown>;
      for (let i = 0; i < k; i++) setCode(i, r, o[ids[i]!]);
    } else {
      let pos = 0;
      for (let i = 0; i < k; i++) {
        const key = keys[i]!;
        let at = json.indexOf(key, pos);
        if (at < 0) at = json.indexOf(key);
        if (at < 0) {
          // absent, or not a string value: read it the slow way
          if (json.includes(`"${ids[i]!}":`)) setCode(i, r, (JSON.parse(json) as Record<string, unknown>)[ids[i]!]);
          else codes[i]![r] = -1;
          continue;
        }
        const s = at + key.length;
        const e = json.indexOf('"', s);
        internAt(i, r, json, s, e);
        pos = e;
      }
    }
    if (sorted && r > 0 && (prevUscc > us || (prevUscc === us && prevNo >= no))) sorted = false;
    prevUscc = us;
    prevNo = no;
    buf += `${us}\t${no}\t${row[6]}\n`;
    if (buf.length > 65536) { h.update(buf); buf = ''; }
    r++;
  }
  h.update(buf);

  function internAt(i: number, row: number, json: string, s: number, e: number): void {
    let v = 0;
    let dot = -1;
    let ok = e > s && e - s <= 14;
    for (let p = s; ok && p < e; p++) {
      const ch = json.charCodeAt(p);
      if (ch >= 48 && ch <= 57) v = v * 10 + (ch - 48);
      else if (ch === 46 && dot < 0 && p > s && p < e - 1) dot = p;
      else ok = false;
    }
    if (!ok) { intern(i, row, json.slice(s, e)); return; }
    const key = v * 16 + (dot < 0 ? 0 : e - dot - 1);
    if (key < SMALL_KEYS) {
      // small keys (most values): a direct table, code + 1 (0: not seen yet)
      const t = (small[i] ??= new Int32Array(SMALL_KEYS));
      let c = t[key]! - 1;
      if (c < 0) { c = dicts[i]!.length; dicts[i]!.push(json.slice(s, e)); t[key] = c + 1; }
      codes[i]![row] = c;
      return;
    }
    const m = numIndex[i]!;
    let c = m.get(key);
    if (c === undefined) { c = dicts[i]!.length; dicts[i]!.push(json.slice(s, e)); m.set(key, c); }
    codes[i]![row] = c;
  }
  function intern(i: number, row: number, text: string): void {
    const m = index[i]!;
    let c = m.get(text);
    if (c === undefined) { c = dicts[i]!.length; dicts[i]!.push(text); m.set(text, c); }
    codes[i]![row] = c;
  }
  function setCode(i: number, row: number, v: unknown): void {
    if (v === undefined || v === null) codes[i]![row] = -1;
    else intern(i, row, typeof v === 'string' ? v : String(v));
  }

  const columns: InputColumns = {
    n: r, versionId: versionId.subarray(0, r), standardNo, uscc, abolished: abolished.subarray(0, r),
    publicDate: { dict: dateDict, codes: dateCodes.subarray(0, r) },
    values: new Map(ids.map((id, i) => [id, { dict: dicts[i]!, codes: codes[i]!.subarray(0, r) }])),
  };
  if (sorted) return { columns, inputHash: h };
  // The database's order is not code-unit order (or a duplicate key): hash in code-unit order.
  const lines = (db.prepare(`SELECT s.uscc, s.standard_no, v.content_sha256 FROM standards s JOIN standard_versions v ON v.id = s.current_version_id
    WHERE s.scheme_id = ?`).raw(true).all(schemeId) as Array<[string, string, string]>)
    .sort((a, b) => cmpText(a[0], b[0]) || cmpText(a[1], b[1]));
  const h2 = createHash('sha256');
  let b2 = '';
  for (const l of lines) { b2 += `${l[0]}\t${l[1]}\t${l[2]}\n`; if (b2.length > 65536) { h2.update(b2); b2 = ''; } }
  h2.update(b2);
  return { columns, inputHash: h2 };
}

/**
 * Names of stored versions (immutable rows) by version id, in the order of `versionIds`: enterprise
 * name, standard name, product and models.
 */
export function readVersionNames(db: DB, versionIds: ArrayLike<number>): Array<RowNames & { standardNo: string; uscc: string }> {
  const out: Array<RowNames & { standardNo: string; uscc: string }> = new Array(versionIds.length);
  if (versionIds.length === 0) return out;
  const stmt = db.prepare(`SELECT j.key, v.enterprise_name, v.standard_name, v.product, v.models, s.standard_no, s.uscc
    FROM json_each(?) j JOIN standard_versions v ON v.id = j.value JOIN standards s ON s.id = v.standard_id`).raw(true);
  // in ascending id order: the rows are read in storage order (far fewer page visits than display order)
  const order = Float64Array.from(versionIds, (id, i) => id * 2 ** 21 + i);
  const packed = versionIds.length < 2 ** 21 && Array.prototype.every.call(versionIds, (id: number) => Number.isInteger(id) && id >= 0 && id < 2 ** 31);
  if (packed) order.sort();
  const sortedIds = packed ? Array.from(order, (x) => Math.floor(x / 2 ** 21)) : Array.from(versionIds);
  for (const row of stmt.iterate(JSON.stringify(sortedIds)) as IterableIterator<[number, string, string, string | null, string | null, string, string]>) {
    const at = packed ? order[row[0]]! % 2 ** 21 : row[0];
    out[at] = { enterpriseName: row[1], standardName: row[2], product: row[3], models: models(row[4]), standardNo: row[5], uscc: row[6] };
  }
  for (let i = 0; i < out.length; i++) if (!out[i]) throw new Error(`standard version ${versionIds[i]} not found`);
  return out;
}
