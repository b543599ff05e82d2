/**
 * Columnar copies of stored standard versions (table `version_chunks`, migration 2), so that
 * `leader rank` reads a scheme's standards as a few blobs instead of stepping a million joined rows.
 * `leader import` appends one chunk per ≤ CHUNK_ROWS versions it writes, in the same transaction; the
 * migration backfills the versions stored before it. Versions are immutable and every standard's
 * current version is its newest (triggers of migration 2), so the current versions of a scheme are,
 * per standard, the newest version found in its chunks. The chunks are redundant: `readChunkColumns`
 * answers only when they cover exactly the stored versions (else the caller reads the tables), and
 * `verifyChunks` (`leader db check`) compares them with the tables in full.
 *
 * A chunk's rows are sorted by (credit code, standard number) in code-unit order and carry their
 * position in (standard number, credit code) order, so a single chunk needs no sorting when read and
 * several are merged.
 *
 * Format `LVC1`: magic, u32 header length, header JSON, then 8-byte aligned sections: standard ids
 * (i32), version ids (i32), number-order positions (i32), abolished flags (u8), content SHA-256
 * (32 bytes each when every one is 64 hex digits, else a JSON array in the header's `shaJson`
 * section), value codes per indicator (code + 1, 0 = absent; u8, u16 or u32 by dictionary size),
 * then credit codes, standard numbers and public dates as UTF-8 text joined by LF (JSON arrays when a
 * text holds an LF).
 */
import { createHash, type Hash } from 'node:crypto';
import { cmpText, numberOrder } from '../core/rank.js';
import type { InputColumns, ValueColumn } from '../core/run.js';
import type { DB } from './db.js';
import type { RankRead } from './standards-read.js';

/** Versions per chunk: bounds the memory an import holds for them (about 25 MB). */
export const CHUNK_ROWS = 65536;

const MAGIC = 0x3143564c; // 'LVC1' little-endian

/** One version as a chunk holds it. */
export interface ChunkRow {
  standardId: number;
  versionId: number;
  uscc: string;
  standardNo: string;
  abolished: boolean;
  publicDate: string | null;
  contentSha256: string;
  /** compact JSON object of the parsed values (`standard_versions.values_json`) */
  valuesJson: string;
}

interface Header {
  n: number;
  keys: string[];
  dicts: string[][];
  widths: number[];
  /** byte lengths of the text sections: credit codes, standard numbers, public dates, SHA JSON (0: binary) */
  text: [number, number, number, number];
  /** per text column: 'lines' (joined by LF) or 'json' */
  textFormat: ['lines' | 'json', 'lines' | 'json', 'lines' | 'json'];
}

/** A decoded chunk. */
export interface Chunk {
  n: number;
  standardId: Int32Array;
  versionId: Int32Array;
  noPos: Int32Array;
  abolished: Uint8Array;
  /** hex of every content SHA-256, 64 characters a row, or the texts */
  sha: string | string[];
  keys: string[];
  dicts: string[][];
  codes: Array<Uint8Array | Uint16Array | Uint32Array>;
  uscc: string[];
  standardNo: string[];
  publicDate: Array<string | null>;
  /** the UTF-8 bytes of credit codes and standard numbers (LF-joined) and the binary SHA-256s, when stored so: what the input hash reads */
  bytes?: { uscc: Buffer; standardNo: Buffer; sha: Buffer };
}

// ------------------------------------------------------------------ values JSON

/**
 * Calls `each(key, value)` for the members of a flat JSON object of strings. The common form
 * (`{"a":"1","b":"x"}`, no escapes) is scanned directly; anything else goes through JSON.parse
 * (non-string values as their JSON text, null skipped).
 */
export function eachValue(json: string, each: (key: string, value: string) => void): void {
  if (!json.includes('\\')) {
    const n = json.length;
    let p = 1;
    let ok = json.charCodeAt(0) === 123; // {
    const pairs: string[] = [];
    if (ok && json === '{}') return;
    while (ok) {
      if (json.charCodeAt(p) !== 34) { ok = false; break; }
      const ke = json.indexOf('"', p + 1);
      if (ke < 0 || json.charCodeAt(ke + 1) !== 58 || json.charCodeAt(ke + 2) !== 34) { ok = false; break; }
      const ve = json.indexOf('"', ke + 3);
      if (ve < 0) { ok = false; break; }
      pairs.push(json.slice(p + 1, ke), json.slice(ke + 3, ve));
      const c = json.charCodeAt(ve + 1);
      if (c === 44) p = ve + 2;
      else if (c === 125 && ve + 2 === n) break;
      else ok = false;
    }
    if (ok) { for (let i = 0; i < pairs.length; i += 2) each(pairs[i]!, pairs[i + 1]!); return; }
  }
  const o = JSON.parse(json) as Record<string, unknown>;
  for (const [k, v] of Object.entries(o)) if (v !== null && v !== undefined) each(k, typeof v === 'string' ? v : JSON.stringify(v));
}

// ------------------------------------------------------------------ encoding

const align8 = (x: number) => (x + 7) & ~7;
const HEX64 = /^[0-9a-f]{64}$/;

function textSection(list: ReadonlyArray<string | null>): { bytes: Buffer; format: 'lines' | 'json' } {
  let lines = true;
  for (const s of list) if (s !== null && (s.includes('\n') || s === '')) { lines = false; break; }
  if (lines) return { bytes: Buffer.from(list.map((s) => s ?? '').join('\n'), 'utf8'), format: 'lines' };
  return { bytes: Buffer.from(JSON.stringify(list), 'utf8'), format: 'json' };
}

/** Encodes versions (any order) as one chunk: rows sorted by credit code then standard number. */
export function encodeChunk(rows: readonly ChunkRow[]): Buffer {
  const n = rows.length;
  const pos = numberOrder(n, (i) => rows[i]!.uscc, (i) => rows[i]!.standardNo);
  const sorted: ChunkRow[] = new Array(n);
  for (let i = 0; i < n; i++) sorted[pos[i]!] = rows[i]!;
  const noPos = numberOrder(n, (i) => sorted[i]!.standardNo, (i) => sorted[i]!.uscc);

  const keys: string[] = [];
  const keyIndex = new Map<string, number>();
  const dicts: string[][] = [];
  const index: Array<Map<string, number>> = [];
  const codes: Uint32Array[] = [];
  for (let r = 0; r < n; r++) {
    eachValue(sorted[r]!.valuesJson, (k, v) => {
      let i = keyIndex.get(k);
      if (i === undefined) { i = keys.length; keys.push(k); keyIndex.set(k, i); dicts.push([]); index.push(new Map()); codes.push(new Uint32Array(n)); }
      let c = index[i]!.get(v);
      if (c === undefined) { c = dicts[i]!.length; dicts[i]!.push(v); index[i]!.set(v, c); }
      codes[i]![r] = c + 1;
    });
  }
  const widths = dicts.map((d) => (d.length < 255 ? 1 : d.length < 65535 ? 2 : 4));
  const shaBinary = sorted.every((r) => HEX64.test(r.contentSha256));
  const texts = [textSection(sorted.map((r) => r.uscc)), textSection(sorted.map((r) => r.standardNo)), textSection(sorted.map((r) => r.publicDate))];
  const shaJson = shaBinary ? Buffer.alloc(0) : Buffer.from(JSON.stringify(sorted.map((r) => r.contentSha256)), 'utf8');
  const header: Header = {
    n, keys, dicts, widths,
    text: [texts[0]!.bytes.length, texts[1]!.bytes.length, texts[2]!.bytes.length, shaJson.length],
    textFormat: [texts[0]!.format, texts[1]!.format, texts[2]!.format],
  };
  const head = Buffer.from(JSON.stringify(header), 'utf8');
  const sizes = [n * 4, n * 4, n * 4, n, shaBinary ? n * 32 : 0, ...widths.map((w) => n * w), ...header.text];
  let total = align8(8 + head.length);
  for (const s of sizes) total += align8(s);
  const out = Buffer.alloc(total);
  out.writeUInt32LE(MAGIC, 0);
  out.writeUInt32LE(head.length, 4);
  head.copy(out, 8);
  let at = align8(8 + head.length);
  const put = (bytes: Uint8Array) => { out.set(bytes, at); at += align8(bytes.length); };
  const i32 = (f: (r: number) => number) => { const a = new Int32Array(n); for (let r = 0; r < n; r++) a[r] = f(r); return new Uint8Array(a.buffer); };
  put(i32((r) => checkedId(sorted[r]!.standardId)));
  put(i32((r) => checkedId(sorted[r]!.versionId)));
  put(new Uint8Array(noPos.buffer, noPos.byteOffset, noPos.byteLength));
  put(Uint8Array.from(sorted, (r) => (r.abolished ? 1 : 0)));
  if (shaBinary) { const b = Buffer.alloc(n * 32); for (let r = 0; r < n; r++) b.write(sorted[r]!.contentSha256, r * 32, 'hex'); put(b); } else put(new Uint8Array(0));
  codes.forEach((c, i) => {
    const w = widths[i]!;
    const a = w === 1 ? Uint8Array.from(c) : w === 2 ? Uint16Array.from(c) : c;
    put(new Uint8Array(a.buffer, a.byteOffset, a.byteLength));
  });
  for (const t of texts) put(t.bytes);
  put(shaJson);
  return out;
}

function checkedId(id: number): number {
  if (!Number.isInteger(id) || id < 0 || id > 0x7fffffff) throw new Error(`id ${id} out of range for a version chunk`);
  return id;
}

/** A typed view of `bytes` at `at` (copied when the offset is not aligned for the element size). */
function view<T extends Int32Array | Uint16Array | Uint32Array>(C: { new (b: ArrayBufferLike, o: number, l: number): T; new (l: number): T; BYTES_PER_ELEMENT: number }, buf: Buffer, at: number, length: number): T {
  const off = buf.byteOffset + at;
  if (off % C.BYTES_PER_ELEMENT === 0) return new C(buf.buffer, off, length);
  const copy = new C(length);
  new Uint8Array(copy.buffer).set(buf.subarray(at, at + length * C.BYTES_PER_ELEMENT));
  return copy;
}

function readText(buf: Buffer, at: number, bytes: number, format: 'lines' | 'json', n: number, nullable: boolean): Array<string | null> {
  const s = buf.toString('utf8', at, at + bytes);
  if (format === 'json') return JSON.parse(s) as Array<string | null>;
  if (n === 0) return [];
  const list: Array<string | null> = s.split('\n');
  if (list.length !== n) throw new Error(`version chunk: ${list.length} texts for ${n} rows`);
  if (nullable) for (let i = 0; i < n; i++) if (list[i] === '') list[i] = null;
  return list;
}

export function decodeChunk(buf: Buffer): Chunk {
  if (buf.length < 8 || buf.readUInt32LE(0) !== MAGIC) throw new Error('not a version chunk');
  const hl = buf.readUInt32LE(4);
  const h = JSON.parse(buf.toString('utf8', 8, 8 + hl)) as Header;
  const n = h.n;
  let at = align8(8 + hl);
  const standardId = view(Int32Array, buf, at, n); at += align8(n * 4);
  const versionId = view(Int32Array, buf, at, n); at += align8(n * 4);
  const noPos = view(Int32Array, buf, at, n); at += align8(n * 4);
  const abolished = buf.subarray(at, at + n); at += align8(n);
  const shaBinary = h.text[3] === 0;
  let sha: string | string[] = '';
  if (shaBinary) { sha = buf.toString('hex', at, at + n * 32); at += align8(n * 32); }
  const codes = h.widths.map((w) => {
    const c = w === 1 ? buf.subarray(at, at + n) : w === 2 ? view(Uint16Array, buf, at, n) : view(Uint32Array, buf, at, n);
    at += align8(n * w);
    return c;
  });
  const shaAt = at - align8(n * 32) - h.widths.reduce((a, w) => a + align8(n * w), 0);
  const usccAt = at;
  const uscc = readText(buf, at, h.text[0], h.textFormat[0], n, false) as string[]; at += align8(h.text[0]);
  const noAt = at;
  const standardNo = readText(buf, at, h.text[1], h.textFormat[1], n, false) as string[]; at += align8(h.text[1]);
  const publicDate = readText(buf, at, h.text[2], h.textFormat[2], n, true); at += align8(h.text[2]);
  if (!shaBinary) sha = JSON.parse(buf.toString('utf8', at, at + h.text[3])) as string[];
  const c: Chunk = { n, standardId, versionId, noPos, abolished, sha, keys: h.keys, dicts: h.dicts, codes, uscc, standardNo, publicDate };
  if (shaBinary && h.textFormat[0] === 'lines' && h.textFormat[1] === 'lines') {
    c.bytes = { uscc: buf.subarray(usccAt, usccAt + h.text[0]), standardNo: buf.subarray(noAt, noAt + h.text[1]), sha: buf.subarray(shaAt, shaAt + n * 32) };
  }
  return c;
}

function shaAt(c: Chunk, r: number): string {
  return typeof c.sha === 'string' ? c.sha.slice(r * 64, r * 64 + 64) : c.sha[r]!;
}

// ------------------------------------------------------------------ writing

/** Collects the versions an import writes and appends them as chunks of at most CHUNK_ROWS. */
export class ChunkWriter {
  private rows: ChunkRow[] = [];
  private readonly insert;
  constructor(private readonly db: DB, private readonly schemeId: string, private readonly importId: number) {
    this.insert = db.prepare('INSERT INTO version_chunks (scheme_id, import_id, first_version_id, last_version_id, rows, data) VALUES (?, ?, ?, ?, ?, ?)');
  }

  add(row: ChunkRow): void {
    this.rows.push(row);
    if (this.rows.length >= CHUNK_ROWS) this.flush();
  }

  flush(): void {
    const rows = this.rows;
    if (rows.length === 0) return;
    this.rows = [];
    let lo = Infinity;
    let hi = -Infinity;
    for (const r of rows) { if (r.versionId < lo) lo = r.versionId; if (r.versionId > hi) hi = r.versionId; }
    this.insert.run(this.schemeId, this.importId, lo, hi, rows.length, encodeChunk(rows));
  }
}

/** SQL of the stored versions as chunk rows. */
const VERSION_ROWS = `SELECT s.scheme_id, v.import_id, s.id, v.id, s.uscc, s.standard_no, v.status = '废止', v.public_date, v.content_sha256, v.values_json
  FROM standard_versions v JOIN standards s ON s.id = v.standard_id`;
type VersionRow = [string, number, number, number, string, string, number, string | null, string, string];
const chunkRow = (r: VersionRow): ChunkRow => ({
  standardId: r[2], versionId: r[3], uscc: r[4], standardNo: r[5], abolished: r[6] === 1, publicDate: r[7], contentSha256: r[8], valuesJson: r[9],
});

/**
 * Writes chunks for every stored version not yet in one (migration 2 on an existing store): in version
 * id order, a chunk per run of versions of one scheme and import, read a page at a time (a statement
 * cannot stay open while the same connection writes).
 */
export function backfillChunks(db: DB): number {
  const page = db.prepare(`${VERSION_ROWS} WHERE v.id > ? ORDER BY v.id LIMIT ${CHUNK_ROWS}`).raw(true);
  let after = (db.prepare('SELECT coalesce(max(last_version_id), 0) AS n FROM version_chunks').get() as { n: number }).n;
  let writer: ChunkWriter | undefined;
  let key = '';
  let count = 0;
  for (;;) {
    const rows = page.all(after) as VersionRow[];
    if (rows.length === 0) break;
    for (const r of rows) {
      const k = `${r[0]}\u0000${r[1]}`;
      if (k !== key) { writer?.flush(); writer = new ChunkWriter(db, r[0], r[1]); key = k; }
      writer!.add(chunkRow(r));
      count++;
    }
    after = rows[rows.length - 1]![3];
  }
  writer?.flush();
  return count;
}

// ------------------------------------------------------------------ reading for rank

/** Whether the chunks hold exactly the stored versions (same count and highest id). */
export function chunksCoverVersions(db: DB): boolean {
  const v = db.prepare('SELECT count(*), coalesce(max(id), 0) FROM standard_versions').raw(true).get() as [number, number];
  const c = db.prepare('SELECT coalesce(sum(rows), 0), coalesce(max(last_version_id), 0) FROM version_chunks').raw(true).get() as [number, number];
  return v[0] === c[0] && v[1] === c[1];
}

/** The scheme's chunks, decoded, oldest first. */
function loadChunks(db: DB, schemeId: string): Chunk[] {
  const rows = db.prepare('SELECT data FROM version_chunks WHERE scheme_id = ? ORDER BY id').raw(true).all(schemeId) as Array<[Buffer]>;
  return rows.map((r) => decodeChunk(r[0]));
}

/** Merges sorted runs of items into one sorted list (ties: the earlier run first). */
function mergeRuns(runs: Int32Array[], less: (a: number, b: number) => boolean): Int32Array {
  let total = 0;
  for (const r of runs) total += r.length;
  if (runs.length === 1) return runs[0]!;
  const out = new Int32Array(total);
  // a binary heap of run indices by their head item
  const head = new Int32Array(runs.length);
  const heap: number[] = [];
  const before = (x: number, y: number) => {
    const a = runs[x]![head[x]!]!;
    const b = runs[y]![head[y]!]!;
    return less(a, b) || (!less(b, a) && x < y);
  };
  const down = (i: number) => {
    for (;;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let m = i;
      if (l < heap.length && before(heap[l]!, heap[m]!)) m = l;
      if (r < heap.length && before(heap[r]!, heap[m]!)) m = r;
      if (m === i) return;
      [heap[i], heap[m]] = [heap[m]!, heap[i]!];
      i = m;
    }
  };
  runs.forEach((r, i) => { if (r.length) heap.push(i); });
  for (let i = (heap.length >> 1) - 1; i >= 0; i--) down(i);
  let k = 0;
  while (heap.length) {
    const x = heap[0]!;
    out[k++] = runs[x]![head[x]!++]!;
    if (head[x]! === runs[x]!.length) { heap[0] = heap[heap.length - 1]!; heap.pop(); }
    if (heap.length) down(0);
  }
  return out;
}

const HEX = new Uint8Array(512);
for (let b = 0; b < 256; b++) { const t = b.toString(16).padStart(2, '0'); HEX[2 * b] = t.charCodeAt(0); HEX[2 * b + 1] = t.charCodeAt(1); }

/** Start of each LF-joined text's bytes, and one past the end of the last + 1 (so text i is [off[i], off[i+1] - 1)). */
function lineStarts(bytes: Buffer, n: number): Int32Array {
  const off = new Int32Array(n + 1);
  let k = 1;
  for (let p = 0; p < bytes.length && k < n; p++) if (bytes[p] === 10) off[k++] = p + 1;
  off[n] = bytes.length + 1;
  return off;
}

/**
 * Feeds the input hash its lines, `uscc TAB standard number TAB content SHA-256 LF`, for the rows
 * `items` in order: copied byte by byte from the chunks' stored UTF-8 and binary hashes (no string
 * per row), or written from the texts for a chunk stored otherwise.
 */
function hashLines(h: Hash, chunks: Chunk[], items: Int32Array, chunkOf: Int32Array, base: number[]): void {
  const offs = chunks.map((c) => (c.bytes ? { u: lineStarts(c.bytes.uscc, c.n), s: lineStarts(c.bytes.standardNo, c.n) } : undefined));
  const cap = 1 << 20;
  const out = Buffer.allocUnsafe(cap);
  let p = 0;
  for (let k = 0; k < items.length; k++) {
    const x = items[k]!;
    const ci = chunkOf[x]!;
    const c = chunks[ci]!;
    const r = x - base[ci]!;
    const o = offs[ci];
    if (o && c.bytes) {
      const us = c.bytes.uscc;
      const no = c.bytes.standardNo;
      const sha = c.bytes.sha;
      const u0 = o.u[r]!, u1 = o.u[r + 1]! - 1, s0 = o.s[r]!, s1 = o.s[r + 1]! - 1;
      if (p + (u1 - u0) + (s1 - s0) + 67 > cap) { h.update(out.subarray(0, p)); p = 0; }
      for (let i = u0; i < u1; i++) out[p++] = us[i]!;
      out[p++] = 9;
      for (let i = s0; i < s1; i++) out[p++] = no[i]!;
      out[p++] = 9;
      for (let i = r * 32, e = i + 32; i < e; i++) { const b = sha[i]!; out[p++] = HEX[2 * b]!; out[p++] = HEX[2 * b + 1]!; }
      out[p++] = 10;
    } else {
      const line = `${c.uscc[r]}\t${c.standardNo[r]}\t${shaAt(c, r)}\n`;
      if (p + Buffer.byteLength(line) > cap) { h.update(out.subarray(0, p)); p = 0; }
      if (Buffer.byteLength(line) > cap) h.update(line);
      else p += out.write(line, p);
    }
  }
  h.update(out.subarray(0, p));
}

/**
 * The current versions of a scheme's standards as rank columns, from the chunks; undefined when the
 * chunks do not cover the stored versions (the caller then reads the tables). Same rows, order and
 * input hash as `readRankColumns`.
 */
export function readChunkColumns(db: DB, schemeId: string, ids: readonly string[]): RankRead | undefined {
  if (!chunksCoverVersions(db)) return undefined;
  const chunks = loadChunks(db, schemeId);
  // current = the newest version of each standard
  let maxSid = 0;
  for (const c of chunks) for (let r = 0; r < c.n; r++) if (c.standardId[r]! > maxSid) maxSid = c.standardId[r]!;
  const newest = new Int32Array(maxSid + 1);
  for (const c of chunks) for (let r = 0; r < c.n; r++) { const s = c.standardId[r]!; if (c.versionId[r]! > newest[s]!) newest[s] = c.versionId[r]!; }
  // global item g = base[chunk] + row; the current rows of each chunk, in (credit code, number) order
  const base: number[] = [];
  let g = 0;
  for (const c of chunks) { base.push(g); g += c.n; }
  const chunkOf = new Int32Array(g);
  chunks.forEach((c, i) => chunkOf.fill(i, base[i]!, base[i]! + c.n));
  const current = chunks.map((c, i) => {
    const list = new Int32Array(c.n);
    let m = 0;
    for (let r = 0; r < c.n; r++) if (newest[c.standardId[r]!] === c.versionId[r]) list[m++] = base[i]! + r;
    return list.subarray(0, m);
  });
  const us = (x: number) => chunks[chunkOf[x]!]!.uscc[x - base[chunkOf[x]!]!]!;
  const no = (x: number) => chunks[chunkOf[x]!]!.standardNo[x - base[chunkOf[x]!]!]!;
  const rowsByKey = mergeRuns(current, (a, b) => (cmpText(us(a), us(b)) || cmpText(no(a), no(b))) < 0);
  const n = rowsByKey.length;
  const rowOf = new Int32Array(g).fill(-1);
  for (let r = 0; r < n; r++) rowOf[rowsByKey[r]!] = r;
  // each chunk's current rows in (number, credit code) order, merged
  const byNumber = chunks.map((c, i) => {
    const inv = new Int32Array(c.n);
    for (let r = 0; r < c.n; r++) inv[c.noPos[r]!] = r;
    const list = new Int32Array(c.n);
    let m = 0;
    for (let q = 0; q < c.n; q++) { const x = base[i]! + inv[q]!; if (rowOf[x]! >= 0) list[m++] = x; }
    return list.subarray(0, m);
  });
  const numbered = mergeRuns(byNumber, (a, b) => (cmpText(no(a), no(b)) || cmpText(us(a), us(b))) < 0);
  const noPos = new Int32Array(n);
  for (let q = 0; q < n; q++) noPos[rowOf[numbered[q]!]!] = q;

  const identity = chunks.length === 1 && n === chunks[0]!.n;
  let versionId: ArrayLike<number>;
  let abolished: Uint8Array;
  let standardNo: string[];
  let uscc: string[];
  let publicDate: Array<string | null>;
  if (identity) {
    // one chunk, every row current (the usual case): its columns as they are
    ({ versionId, abolished, standardNo, uscc, publicDate } = chunks[0]!);
  } else {
    const vid = new Float64Array(n);
    abolished = new Uint8Array(n);
    standardNo = new Array(n);
    uscc = new Array(n);
    publicDate = new Array(n);
    for (let r = 0; r < n; r++) {
      const x = rowsByKey[r]!;
      const c = chunks[chunkOf[x]!]!;
      const cr = x - base[chunkOf[x]!]!;
      vid[r] = c.versionId[cr]!;
      abolished[r] = c.abolished[cr]!;
      standardNo[r] = c.standardNo[cr]!;
      uscc[r] = c.uscc[cr]!;
      publicDate[r] = c.publicDate[cr]!;
    }
    versionId = vid;
  }
  const h = createHash('sha256');
  hashLines(h, chunks, rowsByKey, chunkOf, base);

  const values = new Map<string, ValueColumn>();
  if (identity) {
    // one chunk as it is: its dictionaries, its codes shifted back to -1 for absent
    const c = chunks[0]!;
    for (const id of ids) {
      const k = c.keys.indexOf(id);
      const codes = new Int32Array(n);
      if (k >= 0) { codes.set(c.codes[k]!); for (let r = 0; r < n; r++) codes[r]--; } else codes.fill(-1);
      values.set(id, { dict: k >= 0 ? c.dicts[k]! : [], codes });
    }
    return { columns: { n, versionId, standardNo, uscc, abolished, publicDate, values, noPos }, inputHash: h };
  }
  for (const id of ids) {
    const dict: string[] = [];
    const index = new Map<string, number>();
    // per chunk: chunk code + 1 -> global code (-1: absent)
    const maps = chunks.map((c) => {
      const k = c.keys.indexOf(id);
      const d = k < 0 ? [] : c.dicts[k]!;
      const m = new Int32Array(d.length + 1).fill(-1);
      d.forEach((t, j) => { let v = index.get(t); if (v === undefined) { v = dict.length; dict.push(t); index.set(t, v); } m[j + 1] = v; });
      return { m, codes: k < 0 ? undefined : c.codes[k]! };
    });
    const codes = new Int32Array(n).fill(-1);
    for (let r = 0; r < n; r++) {
      const x = rowsByKey[r]!;
      const { m, codes: cc } = maps[chunkOf[x]!]!;
      if (cc) codes[r] = m[cc[x - base[chunkOf[x]!]!]!]!;
    }
    values.set(id, { dict, codes });
  }
  const columns: InputColumns = { n, versionId, standardNo, uscc, abolished, publicDate, values, noPos };
  return { columns, inputHash: h };
}

// ------------------------------------------------------------------ verification

/**
 * Compares the chunks with the tables in full: every stored version in exactly one chunk of its
 * scheme and import, with the same fields. Returns the problems found (empty: consistent).
 */
export function verifyChunks(db: DB): string[] {
  const problems: string[] = [];
  const seen = new Map<number, ChunkRow & { schemeId: string; importId: number }>();
  for (const [id, schemeId, importId, data] of db.prepare('SELECT id, scheme_id, import_id, data FROM version_chunks ORDER BY id').raw(true).iterate() as IterableIterator<[number, string, number, Buffer]>) {
    let c: Chunk;
    try { c = decodeChunk(data); } catch (e) { problems.push(`version chunk ${id}: ${(e as Error).message}`); continue; }
    for (let r = 0; r < c.n; r++) {
      const vid = c.versionId[r]!;
      if (seen.has(vid)) { problems.push(`version ${vid} is in more than one chunk`); continue; }
      const values: Record<string, string> = {};
      c.keys.forEach((k, i) => { const code = c.codes[i]![r]!; if (code > 0) values[k] = c.dicts[i]![code - 1]!; });
      seen.set(vid, {
        schemeId, importId, standardId: c.standardId[r]!, versionId: vid, uscc: c.uscc[r]!, standardNo: c.standardNo[r]!, abolished: c.abolished[r] === 1,
        publicDate: c.publicDate[r]!, contentSha256: shaAt(c, r), valuesJson: JSON.stringify(values),
      });
    }
  }
  const same = (a: string, b: string) => {
    const x: Record<string, string> = {};
    eachValue(b, (k, v) => { x[k] = v; });
    const y = JSON.parse(a) as Record<string, string>;
    const kx = Object.keys(x);
    return kx.length === Object.keys(y).length && kx.every((k) => y[k] === x[k]);
  };
  for (const r of db.prepare(VERSION_ROWS).raw(true).iterate() as IterableIterator<VersionRow>) {
    const c = seen.get(r[3]);
    if (!c) { problems.push(`version ${r[3]} is in no chunk`); continue; }
    seen.delete(r[3]);
    const t = chunkRow(r);
    if (c.schemeId !== r[0] || c.importId !== r[1] || c.standardId !== t.standardId || c.uscc !== t.uscc || c.standardNo !== t.standardNo
      || c.abolished !== t.abolished || c.publicDate !== t.publicDate || c.contentSha256 !== t.contentSha256 || !same(c.valuesJson, t.valuesJson)) {
      problems.push(`version ${r[3]} differs from its chunk`);
    }
    if (problems.length >= 20) return problems;
  }
  for (const vid of seen.keys()) { problems.push(`chunk version ${vid} is not stored`); if (problems.length >= 20) break; }
  return problems;
}
