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
 * Format `LVC2`: magic, u32 header length, header JSON, then 8-byte aligned sections: standard ids
 * (i32), version ids (i32), number-order positions (i32), abolished flags (u8), content SHA-256
 * (32 bytes each when every one is 64 hex digits; else the texts as a JSON array in the last
 * section), value codes per indicator and public date codes (code + 1, 0 = absent; u8, u16 or u32 by
 * dictionary size; the dictionaries are in the header), then credit codes and standard numbers as
 * UTF-8 text joined by LF (JSON arrays when a text holds an LF or is empty).
 */
import { createHash, type Hash } from 'node:crypto';
import { Worker } from 'node:worker_threads';
import { numberOrder } from '../core/rank.js';
import type { InputColumns, ValueColumn } from '../core/run.js';
import type { DB } from './db.js';

/**
 * Versions per chunk (a blob of about 2 MB): larger blobs cost an import far more resident memory
 * than their size (measured: 65,536 rows a chunk, +90 MiB at 200k rows; 16,384, +7 MiB); rank merges
 * the chunks' sorted runs.
 */
export const CHUNK_ROWS = 16384;

/**
 * An import that writes at most this many versions stores them as one chunk (a typical category, up
 * to tens of thousands of standards, which rank then reads without merging anything); a larger one
 * stores chunks of CHUNK_ROWS (the versions held meanwhile are compact: about 9 MB).
 */
export const SINGLE_CHUNK_ROWS = 65536;

const MAGIC = 0x3243564c; // 'LVC2' little-endian

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
  /** the same values as [id, value, …] when the caller has them (not parsed again) */
  valuePairs?: readonly string[];
}

interface Header {
  n: number;
  keys: string[];
  dicts: string[][];
  widths: number[];
  /** the distinct public dates; each row's date code + 1 (0: none) is a section of `dateWidth` bytes */
  dates: string[];
  dateWidth: number;
  /** byte lengths of the text sections: credit codes, standard numbers, SHA JSON (0: binary) */
  text: [number, number, number];
  /** per text column: 'lines' (joined by LF) or 'json' */
  textFormat: ['lines' | 'json', 'lines' | 'json'];
}

/** A decoded chunk. */
export interface Chunk {
  n: number;
  standardId: Int32Array;
  versionId: Int32Array;
  noPos: Int32Array;
  abolished: Uint8Array;
  /** the content SHA-256s, 32 bytes a row, or their texts */
  sha: Buffer | string[];
  keys: string[];
  dicts: string[][];
  codes: Array<Uint8Array | Uint16Array | Uint32Array>;
  uscc: string[];
  standardNo: string[];
  /** each row's public date (made from the codes when first read) */
  publicDate: Array<string | null>;
  /** the distinct public dates, and each row's code + 1 into them (0: none) */
  dates: string[];
  dateCodes: Uint8Array | Uint16Array | Uint32Array;
  /**
   * The UTF-8 bytes of credit codes and standard numbers (LF-joined, with the start of each text and
   * one past the end of the last + 1) and the binary SHA-256s, when stored so: what rank reads (the
   * texts are then split into strings only when asked for).
   */
  bytes?: { uscc: Buffer; standardNo: Buffer; sha: Buffer; usccAt: Int32Array; noAt: Int32Array };
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

function textSection(list: readonly string[]): { bytes: Buffer; format: 'lines' | 'json' } {
  let lines = true;
  for (const s of list) if (s.includes('\n') || s === '') { lines = false; break; }
  if (lines) return { bytes: Buffer.from(list.join('\n'), 'utf8'), format: 'lines' };
  return { bytes: Buffer.from(JSON.stringify(list), 'utf8'), format: 'json' };
}

/** Encodes versions (any order) as one chunk: rows sorted by credit code then standard number. */
export function encodeChunk(rows: readonly ChunkRow[]): Buffer {
  const b = new ChunkBuilder();
  for (const r of rows) b.add(r);
  return b.encode().data;
}

/** LF-joined UTF-8 texts, growing: the bytes and where each text starts. */
class TextColumn {
  bytes = Buffer.allocUnsafe(1 << 16);
  length = 0;
  start = new Int32Array(1024);
  add(i: number, s: string): void {
    if (i + 1 >= this.start.length) { const a = new Int32Array(this.start.length * 2); a.set(this.start); this.start = a; }
    const need = this.length + s.length * 3;
    if (need > this.bytes.length) { const b = Buffer.allocUnsafe(Math.max(need, this.bytes.length * 2)); this.bytes.copy(b, 0, 0, this.length); this.bytes = b; }
    this.start[i] = this.length;
    this.length += this.bytes.write(s, this.length, 'utf8');
    this.start[i + 1] = this.length;
  }
  text(i: number): string {
    return this.bytes.toString('utf8', this.start[i]!, this.start[i + 1]!);
  }
}

/**
 * Versions collected for one chunk, held compactly (typed arrays, UTF-8 bytes, value codes): no
 * object or string per version stays alive until the chunk is written, so an import's memory does
 * not grow with the versions it buffers.
 */
class ChunkBuilder {
  n = 0;
  private cap = 1024;
  private sid = new Int32Array(this.cap);
  private vid = new Int32Array(this.cap);
  private abolished = new Uint8Array(this.cap);
  private sha = Buffer.alloc(this.cap * 32);
  /** content hashes as texts, once one is not 64 hex digits */
  private shaTexts: string[] | undefined;
  private readonly uscc = new TextColumn();
  private readonly no = new TextColumn();
  private readonly dateIndex = new Map<string, number>();
  private readonly dates: string[] = [];
  /** date code + 1 (0: none) */
  private dateCode = new Int32Array(this.cap);
  private readonly keys: string[] = [];
  private readonly keyIndex = new Map<string, number>();
  private readonly dicts: string[][] = [];
  private readonly index: Array<Map<string, number>> = [];
  /** value code + 1 (0: absent), per key */
  private codes: Int32Array[] = [];

  add(row: ChunkRow): void {
    const r = this.n;
    if (r === this.cap) this.grow();
    this.sid[r] = checkedId(row.standardId);
    this.vid[r] = checkedId(row.versionId);
    this.abolished[r] = row.abolished ? 1 : 0;
    if (!this.shaTexts && !isHex64(row.contentSha256)) this.shaTexts = Array.from({ length: r }, (_, i) => this.sha.toString('hex', i * 32, i * 32 + 32));
    if (this.shaTexts) this.shaTexts.push(row.contentSha256);
    else this.sha.write(row.contentSha256, r * 32, 'hex');
    this.uscc.add(r, row.uscc);
    this.no.add(r, row.standardNo);
    if (row.publicDate !== null) {
      let d = this.dateIndex.get(row.publicDate);
      if (d === undefined) { d = this.dates.length; this.dates.push(row.publicDate); this.dateIndex.set(row.publicDate, d); }
      this.dateCode[r] = d + 1;
    } else this.dateCode[r] = 0;
    const pairs = row.valuePairs;
    if (pairs) {
      // rows list their keys in the same order: the key at each place is looked up once
      const seenKeys = this.pairKeys;
      const seenIdx = this.pairIdx;
      for (let p = 0, q = 0; p < pairs.length; p += 2, q++) {
        const k = pairs[p]!;
        let i = seenIdx[q]!;
        if (seenKeys[q] !== k) { i = this.keyOf(k); seenKeys[q] = k; seenIdx[q] = i; }
        this.codes[i]![r] = this.intern(i, pairs[p + 1]!) + 1;
      }
    } else eachValue(row.valuesJson, (k, v) => { const i = this.keyOf(k); this.codes[i]![r] = this.intern(i, v) + 1; });
    this.n++;
  }

  /** the key at each place of the last row's value pairs, and its index */
  private readonly pairKeys: string[] = [];
  private readonly pairIdx: number[] = [];

  private keyOf(k: string): number {
    let i = this.keyIndex.get(k);
    if (i === undefined) {
      i = this.keys.length;
      this.keys.push(k); this.keyIndex.set(k, i); this.dicts.push([]); this.index.push(new Map()); this.numIndex.push(new Map()); this.codes.push(new Int32Array(this.cap));
    }
    return i;
  }

  /** per key: plain decimal texts by (digits, decimals), so most values are found without hashing a string */
  private readonly numIndex: Array<Map<number, number>> = [];

  /** The code of value text `v` of key i (added to the dictionary when new). */
  private intern(i: number, v: string): number {
    const len = v.length;
    let x = 0;
    let dot = -1;
    let plain = len > 0 && len <= 14;
    for (let p = 0; plain && p < len; p++) {
      const ch = v.charCodeAt(p);
      if (ch >= 48 && ch <= 57) x = x * 10 + (ch - 48);
      else if (ch === 46 && dot < 0 && p > 0 && p < len - 1) dot = p;
      else plain = false;
    }
    const dict = this.dicts[i]!;
    if (plain) {
      // the same digits and decimals: the same text unless leading zeros differ (then by text)
      const key = x * 16 + (dot < 0 ? 0 : len - dot - 1);
      const c = this.numIndex[i]!.get(key);
      if (c !== undefined && dict[c] === v) return c;
      if (c === undefined) {
        const d = this.index[i]!.get(v) ?? this.addText(i, v);
        this.numIndex[i]!.set(key, d);
        return d;
      }
    }
    return this.index[i]!.get(v) ?? this.addText(i, v);
  }

  private addText(i: number, v: string): number {
    const c = this.dicts[i]!.length;
    this.dicts[i]!.push(v);
    this.index[i]!.set(v, c);
    return c;
  }

  private grow(): void {
    const cap = this.cap * 2;
    const g = <T extends Int32Array | Uint8Array>(a: T, b: T): T => { b.set(a); return b; };
    this.sid = g(this.sid, new Int32Array(cap));
    this.vid = g(this.vid, new Int32Array(cap));
    this.abolished = g(this.abolished, new Uint8Array(cap));
    this.dateCode = g(this.dateCode, new Int32Array(cap));
    this.codes = this.codes.map((c) => g(c, new Int32Array(cap)));
    const sha = Buffer.alloc(cap * 32);
    this.sha.copy(sha);
    this.sha = sha;
    this.cap = cap;
  }

  /**
   * The chunk of rows [from, to) in arrival order: sorted by credit code then standard number, with
   * dictionaries holding only the values those rows use.
   */
  encode(from = 0, to = this.n): { data: Buffer; lo: number; hi: number; n: number } {
    const n = to - from;
    const us: string[] = new Array(n);
    const nos: string[] = new Array(n);
    for (let i = 0; i < n; i++) { us[i] = this.uscc.text(from + i); nos[i] = this.no.text(from + i); }
    const pos = numberOrder(n, (i) => us[i]!, (i) => nos[i]!);
    const at = new Int32Array(n); // at[k]: the builder row sorted k-th
    for (let i = 0; i < n; i++) at[pos[i]!] = from + i;
    const sortedUs = Array.from(at, (i) => us[i - from]!);
    const sortedNo = Array.from(at, (i) => nos[i - from]!);
    const noPos = numberOrder(n, (k) => sortedNo[k]!, (k) => sortedUs[k]!);
    // code + 1 columns renumbered over the values these rows use (in order of first use)
    const renumber = (codes: Int32Array, dict: readonly string[]) => {
      const map = new Int32Array(dict.length + 1);
      const used: string[] = [];
      const out = new Int32Array(n);
      for (let k = 0; k < n; k++) {
        const c = codes[at[k]!]!;
        if (c === 0) continue;
        if (map[c] === 0) { used.push(dict[c - 1]!); map[c] = used.length; }
        out[k] = map[c]!;
      }
      return { codes: out, dict: used };
    };
    const values = this.codes.map((c, i) => renumber(c, this.dicts[i]!));
    const dated = renumber(this.dateCode, this.dates);
    const width = (size: number) => (size < 255 ? 1 : size < 65535 ? 2 : 4);
    const widths = values.map((v) => width(v.dict.length));
    const texts = [textSection(sortedUs), textSection(sortedNo)];
    const dateWidth = width(dated.dict.length);
    const shaTexts = this.shaTexts;
    const shaJson = shaTexts ? Buffer.from(JSON.stringify(Array.from(at, (i) => shaTexts[i]!)), 'utf8') : Buffer.alloc(0);
    let lo = Infinity;
    let hi = -Infinity;
    for (let i = from; i < to; i++) { const v = this.vid[i]!; if (v < lo) lo = v; if (v > hi) hi = v; }
    const header: Header = {
      n, keys: this.keys, dicts: values.map((v) => v.dict), widths, dates: dated.dict, dateWidth,
      text: [texts[0]!.bytes.length, texts[1]!.bytes.length, shaJson.length],
      textFormat: [texts[0]!.format, texts[1]!.format],
    };
    const head = Buffer.from(JSON.stringify(header), 'utf8');
    const sizes = [n * 4, n * 4, n * 4, n, shaTexts ? 0 : n * 32, ...widths.map((w) => n * w), n * dateWidth, ...header.text];
    let total = align8(8 + head.length);
    for (const s of sizes) total += align8(s);
    const out = Buffer.alloc(total);
    out.writeUInt32LE(MAGIC, 0);
    out.writeUInt32LE(head.length, 4);
    head.copy(out, 8);
    let p = align8(8 + head.length);
    const put = (bytes: Uint8Array) => { out.set(bytes, p); p += align8(bytes.length); };
    const bytesOf = (a: Int32Array | Uint16Array | Uint8Array) => new Uint8Array(a.buffer, a.byteOffset, a.byteLength);
    const permuted = <T extends Int32Array | Uint16Array | Uint8Array>(src: Int32Array | Uint8Array, dst: T): T => { for (let k = 0; k < n; k++) dst[k] = src[at[k]!]!; return dst; };
    const narrow = (w: number) => (w === 1 ? new Uint8Array(n) : w === 2 ? new Uint16Array(n) : new Int32Array(n));
    const copied = <T extends Int32Array | Uint16Array | Uint8Array>(src: Int32Array, dst: T): T => { dst.set(src); return dst; };
    put(bytesOf(permuted(this.sid, new Int32Array(n))));
    put(bytesOf(permuted(this.vid, new Int32Array(n))));
    put(bytesOf(noPos));
    put(permuted(this.abolished, new Uint8Array(n)));
    if (!shaTexts) { const b = Buffer.allocUnsafe(n * 32); for (let k = 0; k < n; k++) this.sha.copy(b, k * 32, at[k]! * 32, at[k]! * 32 + 32); put(b); } else put(new Uint8Array(0));
    values.forEach((v, i) => put(bytesOf(copied(v.codes, narrow(widths[i]!)))));
    put(bytesOf(copied(dated.codes, narrow(dateWidth))));
    for (const t of texts) put(t.bytes);
    put(shaJson);
    return { data: out, lo, hi, n };
  }
}

/** 64 lower-case hex digits (a SHA-256 as import writes it): stored as 32 bytes. */
function isHex64(s: string): boolean {
  if (s.length !== 64) return false;
  for (let i = 0; i < 64; i++) { const c = s.charCodeAt(i); if (!((c >= 48 && c <= 57) || (c >= 97 && c <= 102))) return false; }
  return true;
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

function readText(buf: Buffer, at: number, bytes: number, format: 'lines' | 'json', n: number): string[] {
  const s = buf.toString('utf8', at, at + bytes);
  if (format === 'json') return JSON.parse(s) as string[];
  if (n === 0) return [];
  const list = s.split('\n');
  if (list.length !== n) throw new Error(`version chunk: ${list.length} texts for ${n} rows`);
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
  checkFlags(abolished);
  const shaBinary = h.text[2] === 0;
  let sha: Buffer | string[] = [];
  if (shaBinary) { sha = buf.subarray(at, at + n * 32); at += align8(n * 32); }
  const coded = (w: number) => {
    const c = w === 1 ? new Uint8Array(buf.buffer, buf.byteOffset + at, n) : w === 2 ? view(Uint16Array, buf, at, n) : view(Uint32Array, buf, at, n);
    at += align8(n * w);
    return c;
  };
  const codes = h.widths.map(coded);
  codes.forEach((c, i) => checkCodes(c, h.dicts[i]!.length));
  const dateCodes = coded(h.dateWidth);
  checkCodes(dateCodes, h.dates.length);
  const usccAt = at;
  at += align8(h.text[0]);
  const noAt = at;
  at += align8(h.text[1]);
  if (!shaBinary) sha = JSON.parse(buf.toString('utf8', at, at + h.text[2])) as string[];
  // (spread below: a getter here would be called by the spread, so publicDate is made in each return)
  const base = { n, standardId, versionId, noPos, abolished, sha, keys: h.keys, dicts: h.dicts, codes, dates: h.dates, dateCodes };
  let publicDate: Array<string | null> | undefined;
  const dated = () => (publicDate ??= datesOf(dateCodes, h.dates));
  if (Buffer.isBuffer(sha) && h.textFormat[0] === 'lines' && h.textFormat[1] === 'lines') {
    // the texts' bytes as they are (their line count checked now), split into strings on first use
    const us = buf.subarray(usccAt, usccAt + h.text[0]);
    const no = buf.subarray(noAt, noAt + h.text[1]);
    const bytes = { uscc: us, standardNo: no, sha, usccAt: lineStarts(us, n), noAt: lineStarts(no, n) };
    let uscc: string[] | undefined;
    let standardNo: string[] | undefined;
    return {
      ...base, bytes,
      get publicDate() { return dated(); },
      get uscc() { return (uscc ??= n ? us.toString('utf8').split('\n') : []); },
      get standardNo() { return (standardNo ??= n ? no.toString('utf8').split('\n') : []); },
    };
  }
  const uscc = readText(buf, usccAt, h.text[0], h.textFormat[0], n);
  const standardNo = readText(buf, noAt, h.text[1], h.textFormat[1], n);
  return { ...base, uscc, standardNo, get publicDate() { return dated(); } };
}

function datesOf(codes: Uint8Array | Uint16Array | Uint32Array, dates: readonly string[]): Array<string | null> {
  const out: Array<string | null> = new Array(codes.length);
  for (let r = 0; r < codes.length; r++) { const d = codes[r]!; out[r] = d > 0 ? dates[d - 1]! : null; }
  return out;
}

/** Flags are 0 or 1 (rank adds them as bits: anything else would read as another reason). */
function checkFlags(flags: Uint8Array): void {
  for (let r = 0; r < flags.length; r++) if (flags[r]! > 1) throw new Error(`version chunk: flag ${flags[r]} is neither 0 nor 1`);
}

function checkCodes(codes: ArrayLike<number>, dictSize: number): void {
  for (let r = 0; r < codes.length; r++) if (codes[r]! > dictSize) throw new Error(`version chunk: code ${codes[r]} beyond its dictionary`);
}

function shaAt(c: Chunk, r: number): string {
  return Buffer.isBuffer(c.sha) ? c.sha.toString('hex', r * 32, r * 32 + 32) : c.sha[r]!;
}

// ------------------------------------------------------------------ writing

/**
 * Collects the versions an import writes and appends them as chunks: one chunk when the import writes
 * at most SINGLE_CHUNK_ROWS versions, else chunks of CHUNK_ROWS (the first SINGLE_CHUNK_ROWS split).
 */
export class ChunkWriter {
  private b = new ChunkBuilder();
  private limit = SINGLE_CHUNK_ROWS;
  private readonly insert;
  /**
   * `atLeastRows`: a lower bound of the versions coming (from the file's size); above
   * SINGLE_CHUNK_ROWS the versions are chunked from the start instead of held until that many have
   * come (holding them, then encoding four chunks at once, was the import's peak of memory).
   */
  constructor(private readonly db: DB, private readonly schemeId: string, private readonly importId: number, atLeastRows = 0) {
    this.insert = db.prepare('INSERT INTO version_chunks (scheme_id, import_id, first_version_id, last_version_id, rows, data) VALUES (?, ?, ?, ?, ?, ?)');
    if (atLeastRows > SINGLE_CHUNK_ROWS) this.limit = CHUNK_ROWS;
  }

  add(row: ChunkRow): void {
    this.b.add(row);
    if (this.b.n >= this.limit) this.flush(false);
  }

  /** Writes what is held; `last`: nothing more comes (a first and last batch becomes one chunk). */
  flush(last = true): void {
    const b = this.b;
    if (b.n === 0) return;
    const step = last && this.limit === SINGLE_CHUNK_ROWS ? b.n : CHUNK_ROWS;
    for (let from = 0; from < b.n; from += step) {
      const c = b.encode(from, Math.min(b.n, from + step));
      this.insert.run(this.schemeId, this.importId, c.lo, c.hi, c.n, c.data);
    }
    this.limit = CHUNK_ROWS;
    this.b = new ChunkBuilder();
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

/** Whether the chunks hold exactly the stored versions. */
export function chunksCoverVersions(db: DB): boolean {
  // Versions are never deleted and leader import numbers them 1, 2, 3, …; the chunks' version ids are
  // distinct and taken from the table (`leader db check` compares them in full). So the chunks hold
  // exactly the table's versions when they hold as many as the highest id, up to that id: two index
  // lookups and a sum over the chunks, no count over the versions. (A store whose ids have gaps is
  // read from the tables.)
  const v = db.prepare('SELECT coalesce(max(id), 0) FROM standard_versions').pluck().get() as number;
  const c = db.prepare('SELECT coalesce(sum(rows), 0), coalesce(max(last_version_id), 0) FROM version_chunks').raw(true).get() as [number, number];
  return c[0] === v && c[1] === v;
}

/** The scheme's chunks, decoded, oldest first. */
function loadChunks(db: DB, schemeId: string): Chunk[] {
  const rows = db.prepare('SELECT data FROM version_chunks WHERE scheme_id = ? ORDER BY id').raw(true).all(schemeId) as Array<[Buffer]>;
  return rows.map((r) => decodeChunk(r[0]));
}

/** Prefix key pairs, and whether the pair holds the whole text (two whole texts with equal keys are equal). */
export interface PrefixKeys { hi: Float64Array; lo: Float64Array; whole: Uint8Array }

/**
 * Two order-preserving numbers for each text, compared as a pair (text a < text b in code units
 * implies key(a) ≤ key(b), and key(a) < key(b) implies a < b): 14 code units after the texts' common
 * prefix, 7 bits each, 7 per number (end of text 0, units below 126 as unit + 1, anything above as
 * 127 and the key stops), each number exact in a double.
 */
export function prefixKeys(texts: readonly string[]): PrefixKeys {
  const n = texts.length;
  let cp = n ? texts[0]!.length : 0;
  for (let i = 1; i < n && cp > 0; i++) {
    const t = texts[i]!;
    let j = 0;
    while (j < cp && j < t.length && t.charCodeAt(j) === texts[0]!.charCodeAt(j)) j++;
    cp = j;
  }
  const hi = new Float64Array(n);
  const lo = new Float64Array(n);
  const whole = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    const t = texts[i]!;
    const end = t.length;
    let a = 0;
    let b = 0;
    let stop = false;
    for (let c = 0; c < 14; c++) {
      let v = 0;
      if (!stop && cp + c < end) {
        const code = t.charCodeAt(cp + c);
        if (code < 126) v = code + 1;
        else { v = 127; stop = true; }
      }
      if (c < 7) a = a * 128 + v;
      else b = b * 128 + v;
    }
    hi[i] = a;
    lo[i] = b;
    whole[i] = !stop && end - cp <= 14 ? 1 : 0;
  }
  return { hi, lo, whole };
}

/**
 * The texts of a list of items (a column of credit codes or standard numbers) as the merge reads
 * them: order-preserving prefix key pairs, a full comparison in code-unit order, and the text itself.
 */
interface Texts {
  /** computed once */
  keys(): PrefixKeys;
  /** < 0, 0, > 0: text a against text b in code-unit order */
  compare(a: number, b: number): number;
  at(x: number): string;
}

function once<T>(f: () => T): () => T {
  let v: T | undefined;
  return () => (v ??= f());
}

function stringTexts(list: readonly string[]): Texts {
  return {
    keys: once(() => prefixKeys(list)),
    compare: (a, b) => { const x = list[a]!, y = list[b]!; return x === y ? 0 : x < y ? -1 : 1; },
    at: (x) => list[x]!,
  };
}

/**
 * Compares two UTF-8 byte ranges in UTF-16 code-unit order (JavaScript's string order). Bytes order
 * code points; the two differ only between U+E000-U+FFFF (lead byte EE or EF) and characters above
 * U+FFFF (lead byte F0-F4), which UTF-16 writes as surrogates (D800-DFFF) and so puts first. At the
 * first differing byte both texts are at a character boundary, or inside characters with the same
 * lead byte, so looking at that byte is enough.
 */
export function compareUtf8(a: Uint8Array, a0: number, a1: number, b: Uint8Array, b0: number, b1: number): number {
  const la = a1 - a0;
  const lb = b1 - b0;
  const m = la < lb ? la : lb;
  for (let i = 0; i < m; i++) {
    const x = a[a0 + i]!, y = b[b0 + i]!;
    if (x !== y) {
      if (x >= 0xee && y >= 0xee && (x >= 0xf0) !== (y >= 0xf0)) return x >= 0xf0 ? -1 : 1;
      return x - y;
    }
  }
  return la - lb;
}

/**
 * Prefix key pairs (as `prefixKeys`) read from UTF-8 bytes: bytes below 126 are those characters,
 * anything from 126 up stops the key as a unit from 126 up does (a common prefix ending inside a
 * character makes every key stop at once: then every pair ties and the texts decide).
 */
export function utf8PrefixKeys(n: number, textAt: (x: number) => { bytes: Uint8Array; start: number; end: number }): PrefixKeys {
  let cp = 0;
  if (n > 0) {
    // (textAt may reuse the object it returns)
    const { bytes: fb, start: fs, end: fe } = textAt(0);
    cp = fe - fs;
    for (let x = 1; x < n && cp > 0; x++) {
      const t = textAt(x);
      let j = 0;
      while (j < cp && t.start + j < t.end && t.bytes[t.start + j] === fb[fs + j]) j++;
      cp = j;
    }
  }
  const hi = new Float64Array(n);
  const lo = new Float64Array(n);
  const whole = new Uint8Array(n);
  for (let x = 0; x < n; x++) {
    const { bytes, start, end } = textAt(x);
    let a = 0;
    let b = 0;
    let stop = false;
    for (let c = 0; c < 14; c++) {
      let v = 0;
      const q = start + cp + c;
      if (!stop && q < end) {
        const byte = bytes[q]!;
        if (byte < 126) v = byte + 1;
        else { v = 127; stop = true; }
      }
      if (c < 7) a = a * 128 + v;
      else b = b * 128 + v;
    }
    hi[x] = a;
    lo[x] = b;
    whole[x] = !stop && end - start - cp <= 14 ? 1 : 0;
  }
  return { hi, lo, whole };
}

/** The credit codes or standard numbers of every chunk, by global item, read from their bytes. */
function byteTexts(chunks: Chunk[], chunkOf: Int32Array, base: readonly number[], field: 'uscc' | 'standardNo'): Texts {
  const bytes = chunks.map((c) => c.bytes![field]);
  const offs = chunks.map((c) => (field === 'uscc' ? c.bytes!.usccAt : c.bytes!.noAt));
  const g = chunkOf.length;
  const at = { bytes: bytes[0]!, start: 0, end: 0 };
  const place = (x: number) => {
    const ci = chunkOf[x]!;
    const r = x - base[ci]!;
    const off = offs[ci]!;
    at.bytes = bytes[ci]!;
    at.start = off[r]!;
    at.end = off[r + 1]! - 1;
    return at;
  };
  return {
    keys: once(() => utf8PrefixKeys(g, place)),
    compare: (a, b) => {
      const ca = chunkOf[a]!, cb = chunkOf[b]!;
      const ra = a - base[ca]!, rb = b - base[cb]!;
      const oa = offs[ca]!, ob = offs[cb]!;
      return compareUtf8(bytes[ca]!, oa[ra]!, oa[ra + 1]! - 1, bytes[cb]!, ob[rb]!, ob[rb + 1]! - 1);
    },
    at: (x) => { const t = place(x); return t.bytes.toString('utf8', t.start, t.end); },
  };
}

/**
 * Merges sorted runs of items into one list sorted by (first, second) in code-unit order (ties: the
 * earlier run first), through a tournament tree of the runs' heads: log2(runs) comparisons per item,
 * almost all of them on prefix keys (`first`'s, then `second`'s unless `secondKeys` is false; a text
 * only when its keys are equal and do not hold it whole).
 */
function mergeRuns(runs: Int32Array[], first: Texts, second: Texts, secondKeys = true): Int32Array {
  const k = runs.length;
  if (k === 1) return runs[0]!;
  let total = 0;
  for (const r of runs) total += r.length;
  const out = new Int32Array(total);
  const { hi: K1, lo: K2, whole: W1 } = first.keys();
  // `second` decides only between equal `first` texts: by its keys when wanted, else texts compared
  const none = new Float64Array(0);
  const { hi: S1, lo: S2, whole: W2 } = secondKeys ? second.keys() : { hi: none, lo: none, whole: new Uint8Array(0) };
  let P = 1;
  while (P < k) P *= 2;
  // per run (padded to P): the next position, the head item and its first key (Infinity: none left)
  const pos = new Int32Array(P);
  const head = new Int32Array(P).fill(-1);
  const hk = new Float64Array(P).fill(Infinity);
  for (let x = 0; x < k; x++) if (runs[x]!.length) { const y = runs[x]![0]!; head[x] = y; hk[x] = K1[y]!; }
  // the run whose head comes first: keys, then texts, then the run index
  const better = (a: number, b: number): number => {
    const ka = hk[a]!, kb = hk[b]!;
    if (ka !== kb) return ka < kb ? a : b;
    if (ka === Infinity) return a < b ? a : b;
    const ia = head[a]!, ib = head[b]!;
    const la = K2[ia]!, lb = K2[ib]!;
    if (la !== lb) return la < lb ? a : b;
    if (!(W1[ia]! & W1[ib]!)) { const f = first.compare(ia, ib); if (f !== 0) return f < 0 ? a : b; }
    if (!secondKeys) { const t = second.compare(ia, ib); return t < 0 || (t === 0 && a < b) ? a : b; }
    const ma = S1[ia]!, mb = S1[ib]!;
    if (ma !== mb) return ma < mb ? a : b;
    const na = S2[ia]!, nb = S2[ib]!;
    if (na !== nb) return na < nb ? a : b;
    if (!(W2[ia]! & W2[ib]!)) { const t = second.compare(ia, ib); if (t !== 0) return t < 0 ? a : b; }
    return a < b ? a : b;
  };
  // tree[P + x] = run x; tree[i] = the better of its children; tree[1] the next item's run
  const tree = new Int32Array(2 * P);
  for (let x = 0; x < P; x++) tree[P + x] = x;
  for (let i = P - 1; i >= 1; i--) tree[i] = better(tree[2 * i]!, tree[2 * i + 1]!);
  for (let q = 0; q < total; q++) {
    const x = tree[1]!;
    out[q] = head[x]!;
    const run = runs[x]!;
    const p = ++pos[x]!;
    if (p < run.length) { const y = run[p]!; head[x] = y; hk[x] = K1[y]!; } else { head[x] = -1; hk[x] = Infinity; }
    for (let i = (P + x) >> 1; i >= 1; i >>= 1) tree[i] = better(tree[2 * i]!, tree[2 * i + 1]!);
  }
  return out;
}

/**
 * Texts read on demand through `at(row)` as an array-like (rank reads only the few it shows; a
 * million credit codes and standard numbers are never all made into strings).
 */
function lazyTexts(n: number, at: (r: number) => string): ArrayLike<string> {
  return new Proxy({ length: n } as ArrayLike<string>, {
    get(target, key) {
      if (typeof key === 'string') {
        const c = key.charCodeAt(0);
        if (c >= 48 && c <= 57) { const r = Number(key); return Number.isInteger(r) && r < n ? at(r) : undefined; }
      }
      return Reflect.get(target, key);
    },
  });
}

/** codes[base + r] = m[chunk code of row r] for every row of one chunk. */
function mapInOrder(codes: Int32Array, base: number, cc: Uint8Array | Uint16Array | Uint32Array, m: Int32Array): void {
  for (let r = 0; r < cc.length; r++) codes[base + r] = m[cc[r]!]!;
}

/** codes[rowOf[x]] = m[chunk code of x] for the items x of one chunk. */
function mapCodes(codes: Int32Array, items: Int32Array, base: number, rowOf: Int32Array, cc: Uint8Array | Uint16Array | Uint32Array, m: Int32Array): void {
  for (let k = 0; k < items.length; k++) { const x = items[k]!; codes[rowOf[x]!] = m[cc[x - base]!]!; }
}

function concat<T>(lists: T[][], total: number): T[] {
  const out: T[] = new Array<T>(total);
  let k = 0;
  for (const l of lists) for (let i = 0; i < l.length; i++) out[k++] = l[i]!;
  return out;
}

let HEX4: Uint32Array | undefined;
/** For each pair of bytes, their four hex digits as one little-endian 32-bit word (made on first use). */
function hex4(): Uint32Array {
  if (HEX4) return HEX4;
  const d = Buffer.from('0123456789abcdef', 'latin1');
  HEX4 = new Uint32Array(65536);
  for (let v = 0; v < 65536; v++) HEX4[v] = d[v >> 12]! | (d[(v >> 8) & 15]! << 8) | (d[(v >> 4) & 15]! << 16) | (d[v & 15]! << 24);
  return HEX4;
}

/**
 * Start of each of the `n` LF-joined texts in `bytes`, and one past the end of the last + 1 (so text i
 * is [off[i], off[i+1] - 1)); throws when `bytes` does not hold exactly `n` texts.
 */
export function lineStarts(bytes: Uint8Array, n: number): Int32Array {
  const off = new Int32Array(n + 1);
  let k = 1;
  const len = bytes.length;
  const line = (p: number): void => {
    if (k >= n) throw new Error(`version chunk: more than ${n} texts`);
    off[k++] = p + 1;
  };
  // four bytes at a time (texts are ~19 bytes): a word is scanned byte by byte only when it holds a
  // line feed. t has the high bit of each byte of x that is zero, exactly (no borrow between bytes).
  let p = 0;
  const lead = (4 - (bytes.byteOffset & 3)) & 3;
  for (; p < lead && p < len; p++) if (bytes[p] === 10) line(p);
  const words = (len - p) >> 2;
  if (words > 0) {
    const w32 = new Int32Array(bytes.buffer, bytes.byteOffset + p, words);
    for (let i = 0; i < words; i++) {
      const x = w32[i]! ^ 0x0a0a0a0a;
      if ((~(((x & 0x7f7f7f7f) + 0x7f7f7f7f) | x | 0x7f7f7f7f)) !== 0) {
        const q = p + 4 * i;
        for (let j = q; j < q + 4; j++) if (bytes[j] === 10) line(j);
      }
    }
    p += 4 * words;
  }
  for (; p < len; p++) if (bytes[p] === 10) line(p);
  if (n === 0 ? len !== 0 : k !== n) throw new Error(`version chunk: ${k} texts for ${n} rows`);
  off[n] = len + 1;
  return off;
}

/**
 * Feeds the input hash its lines, `uscc TAB standard number TAB content SHA-256 LF`, for the rows
 * `items` in order: copied byte by byte from the chunks' stored UTF-8 and binary hashes (no string
 * per row), or written from the texts for a chunk stored otherwise.
 */
function hashLines(h: Hash, chunks: Chunk[], items: Int32Array, chunkOf: Int32Array, base: readonly number[]): void {
  const offs = chunks.map((c) => (c.bytes ? { u: c.bytes.usccAt, s: c.bytes.noAt } : undefined));
  // room for every line of a typical run (no flush inside the loop), at most 64 MiB
  const cap = Math.max(1 << 20, Math.min(1 << 26, items.length * 128));
  const out = Buffer.allocUnsafe(cap);
  const dv = new DataView(out.buffer, out.byteOffset, cap);
  const HEX = hex4();
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
      // two bytes of the hash at a time: four hex digits written as one word
      for (let i = r * 32, e = i + 32; i < e; i += 2) { dv.setUint32(p, HEX[(sha[i]! << 8) | sha[i + 1]!]!, true); p += 4; }
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

/** What the input hash reads of a chunk (all a worker thread is sent). */
export interface HashPart { n: number; bytes: { uscc: Uint8Array; standardNo: Uint8Array; sha: Uint8Array; usccAt: Int32Array; noAt: Int32Array } }

/** The number order a worker thread makes: each chunk's current items in number order, each item's row, and where to write. */
export interface NumberJob {
  byNumber: Int32Array[];
  rowOf: Int32Array;
  /** Int32 [0]: 0 while working, 1 done, 2 failed; then each row's position (n rows) */
  shared: SharedArrayBuffer;
}

/**
 * What the worker thread does, in this order: when asked, each row's position in (standard number,
 * credit code) order, written to `number.shared` and signalled (rank waits for it); then the
 * standards' lines of the input hash (credit-code order) fed to a new hash.
 */
export function hashCurrentLines(parts: readonly HashPart[], current: Int32Array[], base: readonly number[], number?: NumberJob): Hash {
  const chunks = parts as unknown as Chunk[];
  let g = 0;
  for (const c of parts) g += c.n;
  const chunkOf = new Int32Array(g);
  parts.forEach((c, i) => chunkOf.fill(i, base[i]!, base[i]! + c.n));
  const usTexts = byteTexts(chunks, chunkOf, base, 'uscc');
  const noTexts = byteTexts(chunks, chunkOf, base, 'standardNo');
  if (number) {
    const flag = new Int32Array(number.shared, 0, 1);
    try {
      const numbered = mergeRuns(number.byNumber, noTexts, usTexts, false);
      positionsOf(numbered, number.rowOf, new Int32Array(number.shared, 4, numbered.length));
      Atomics.store(flag, 0, 1);
    } catch (e) {
      Atomics.store(flag, 0, 2);
      throw e;
    } finally {
      Atomics.notify(flag, 0);
    }
  }
  const rowsByKey = mergeRuns(current, usTexts, noTexts);
  const h = createHash('sha256');
  hashLines(h, chunks, rowsByKey, chunkOf, base);
  return h;
}

/** pos[rowOf[numbered[q]]] = q. */
function positionsOf(numbered: Int32Array, rowOf: Int32Array, pos: Int32Array): void {
  for (let q = 0; q < numbered.length; q++) pos[rowOf[numbered[q]!]!] = q;
}

/** How long rank waits for the worker's number order before making it itself (a worker that died). */
const NUMBER_WAIT_MS = 60_000;

/** At or above this many stored versions (and more than one chunk), the input hash is made on a worker thread. */
export const HASH_WORKER_ROWS = 200_000;

/**
 * The input hash's worker thread, started before the chunks are read when it will be wanted: the
 * scheme's chunks hold at least HASH_WORKER_ROWS versions in more than one (or `always`). Undefined
 * when not wanted or when no thread can be started (the work is then done on this one).
 */
function startHashWorker(db: DB, schemeId: string, always: boolean): Worker | undefined {
  const [rows, count] = db.prepare('SELECT coalesce(sum(rows), 0), count(*) FROM version_chunks WHERE scheme_id = ?').raw(true).get(schemeId) as [number, number];
  if (!always && (rows < HASH_WORKER_ROWS || count < 2)) return undefined;
  try {
    const w = new Worker(new URL('./input-hash-worker.js', import.meta.url));
    // until asked for the digest it does not keep the process alive (a failed rank exits without it)
    w.unref();
    return w;
  } catch {
    return undefined;
  }
}

/**
 * On a worker thread (copies of the chunks' text and hash bytes are sent): the number order, waited
 * for when read, then the input hash's standards' lines, finished with `tail` once given; either is
 * made on the main thread instead if the worker fails.
 */
function hashOnWorker(parts: HashPart[], current: Int32Array[], base: number[], number: { byNumber: Int32Array[]; rowOf: Int32Array; n: number; onMain: () => Int32Array }, started: Worker | undefined): {
  finish: (tail: string) => Promise<string>; noPos: () => Int32Array;
} {
  const copies = parts.map((c) => ({
    n: c.n,
    // copies (a Buffer's slice would share, and the transfer would take, the whole blob)
    bytes: { uscc: new Uint8Array(c.bytes.uscc), standardNo: new Uint8Array(c.bytes.standardNo), sha: new Uint8Array(c.bytes.sha), usccAt: c.bytes.usccAt.slice(), noAt: c.bytes.noAt.slice() },
  }));
  const lists = current.map((l) => l.slice());
  const onMain = (tail: string) => { const h = hashCurrentLines(parts, current, base); h.update(tail); return h.digest('hex'); };
  if (!started) return { finish: async (tail) => onMain(tail), noPos: number.onMain };
  const worker = started;
  // the number order: written by the worker into shared memory, waited for when read
  const shared = new SharedArrayBuffer(4 * (number.n + 1));
  const job: NumberJob = { byNumber: number.byNumber.map((l) => l.slice()), rowOf: number.rowOf.slice(), shared };
  const flag = new Int32Array(shared, 0, 1);
  let made: Int32Array | undefined;
  const noPos = (): Int32Array => {
    if (made) return made;
    if (Atomics.load(flag, 0) === 0) Atomics.wait(flag, 0, 0, NUMBER_WAIT_MS);
    // done: a copy (not shared memory) for the run; else made here
    made = Atomics.load(flag, 0) === 1 ? new Int32Array(shared, 4, number.n).slice() : number.onMain();
    return made;
  };
  const transfer = [...copies.flatMap((c) => Object.values(c.bytes).map((a) => a.buffer as ArrayBuffer)), ...lists.map((l) => l.buffer as ArrayBuffer),
    ...job.byNumber.map((l) => l.buffer as ArrayBuffer), job.rowOf.buffer as ArrayBuffer];
  const result = new Promise<string | undefined>((resolve) => {
    worker.once('message', (m: { sha256?: string }) => resolve(m.sha256));
    worker.once('error', () => resolve(undefined));
    worker.once('exit', () => resolve(undefined));
  });
  worker.postMessage({ parts: copies, current: lists, base, number: job }, transfer);
  const finish = async (tail: string): Promise<string> => {
    worker.ref();
    worker.postMessage({ tail });
    const sha = await result;
    void worker.terminate();
    return sha ?? onMain(tail);
  };
  return { finish, noPos };
}

// Hot loops live in small functions of their own (the JIT compiles a loop of a long function by
// compiling the whole function, and leaves that code again at the first line after the loop).

function maxOf(a: Int32Array): number {
  let m = 0;
  for (let r = 0; r < a.length; r++) if (a[r]! > m) m = a[r]!;
  return m;
}

function noteNewest(newest: Int32Array, standardId: Int32Array, versionId: Int32Array): void {
  for (let r = 0; r < standardId.length; r++) { const s = standardId[r]!; if (versionId[r]! > newest[s]!) newest[s] = versionId[r]!; }
}

/** The chunk's rows holding their standard's newest version, as global items (base + row). */
function currentItems(newest: Int32Array, standardId: Int32Array, versionId: Int32Array, base: number): Int32Array {
  const list = new Int32Array(standardId.length);
  let m = 0;
  for (let r = 0; r < standardId.length; r++) if (newest[standardId[r]!] === versionId[r]) list[m++] = base + r;
  return list.subarray(0, m);
}

/** Stored codes (0: absent) as value codes (-1: absent). */
function minusOne(stored: Uint8Array | Uint16Array | Uint32Array): Int32Array {
  const codes = new Int32Array(stored.length);
  for (let r = 0; r < stored.length; r++) codes[r] = stored[r]! - 1;
  return codes;
}

/** What rank reads from the chunks: the columns and the input hash fed with the standards' lines. */
export interface ChunkRead {
  columns: InputColumns;
  /** the hash (main thread) */
  inputHash?: Hash;
  /** or, when it is made on a worker thread: the digest once `tail` (the ban lines) is added */
  finishInputHash?: (tail: string) => Promise<string>;
}

/**
 * The current versions of a scheme's standards as rank columns, from the chunks; undefined when the
 * chunks do not cover the stored versions or one does not decode (the caller then reads the tables).
 * The same rows and input hash as `readRankColumns`; the rows come in chunk order, not credit-code
 * order (a run does not depend on the order of its rows). `hashWorker`: make the input hash on a
 * worker thread when there are at least HASH_WORKER_ROWS versions in more than one chunk ('always':
 * whatever their number, for tests).
 */
export function readChunkColumns(db: DB, schemeId: string, ids: readonly string[], o: { hashWorker?: boolean | 'always' } = {}): ChunkRead | undefined {
  if (!chunksCoverVersions(db)) return undefined;
  // the worker thread, when it will be wanted, starts now: its start-up (~50 ms) overlaps the reading
  const early = o.hashWorker ? startHashWorker(db, schemeId, o.hashWorker === 'always') : undefined;
  let chunks: Chunk[];
  try {
    chunks = loadChunks(db, schemeId);
  } catch {
    void early?.terminate();
    // an unreadable chunk (altered below the triggers): the tables are the truth (`leader db check` names it)
    return undefined;
  }
  // current = the newest version of each standard
  let maxSid = 0;
  for (const c of chunks) maxSid = Math.max(maxSid, maxOf(c.standardId));
  const newest = new Int32Array(maxSid + 1);
  for (const c of chunks) noteNewest(newest, c.standardId, c.versionId);
  // global item g = base[chunk] + row; the current rows of each chunk, in (credit code, number) order
  const base: number[] = [];
  let g = 0;
  for (const c of chunks) { base.push(g); g += c.n; }
  const chunkOf = new Int32Array(g);
  chunks.forEach((c, i) => chunkOf.fill(i, base[i]!, base[i]! + c.n));
  const current = chunks.map((c, i) => currentItems(newest, c.standardId, c.versionId, base[i]!));
  // every chunk's texts by global item: read from their bytes, or strings side by side
  const fromBytes = chunks.every((c) => c.bytes !== undefined);
  const usTexts = fromBytes ? byteTexts(chunks, chunkOf, base, 'uscc') : stringTexts(concat(chunks.map((c) => c.uscc), g));
  const noTexts = fromBytes ? byteTexts(chunks, chunkOf, base, 'standardNo') : stringTexts(concat(chunks.map((c) => c.standardNo), g));
  let n = 0;
  for (const list of current) n += list.length;
  // The input hash reads the rows in (credit code, number) order: for many stored versions, merged and
  // hashed on a worker thread while this one scores.
  const onWorker = Boolean(o.hashWorker) && fromBytes && chunks.length > 1 && (o.hashWorker === 'always' || g >= HASH_WORKER_ROWS);
  if (!onWorker) void early?.terminate();
  const rowsByKey = onWorker ? undefined : mergeRuns(current, usTexts, noTexts);
  // Rows are the current items in chunk order (a run does not depend on the order of its rows; the
  // input hash follows rowsByKey): every column is then copied sequentially, or taken as it is when
  // every item is current.
  const identity = chunks.length === 1 && n === chunks[0]!.n;
  let finishInputHash: ((tail: string) => Promise<string>) | undefined;
  /** the number order when a worker thread makes it (waited for when read) */
  let noPosLater: (() => Int32Array) | undefined;
  // each item's row, -1 when not current (not needed when row = item)
  const rowOf = identity ? new Int32Array(0) : new Int32Array(g).fill(-1);
  let itemOf: Int32Array;
  let noPos: Int32Array;
  if (identity) {
    // one chunk, every row current (the usual case): row = item, and the chunk's own number order
    itemOf = rowsByKey!;
    noPos = chunks[0]!.noPos;
  } else {
    itemOf = new Int32Array(n);
    { let r = 0; for (const list of current) for (let k = 0; k < list.length; k++) { rowOf[list[k]!] = r; itemOf[r++] = list[k]!; } }
    // each chunk's current rows in (number, credit code) order, merged
    const byNumber = chunks.map((c, i) => {
      const inv = new Int32Array(c.n);
      for (let r = 0; r < c.n; r++) inv[c.noPos[r]!] = r;
      const list = new Int32Array(c.n);
      let m = 0;
      for (let q = 0; q < c.n; q++) { const x = base[i]! + inv[q]!; if (rowOf[x]! >= 0) list[m++] = x; }
      return list.subarray(0, m);
    });
    const numberOrder = (): Int32Array => {
      // (the credit codes' keys are made for the input hash's merge when it runs here)
      const numbered = mergeRuns(byNumber, noTexts, usTexts, !onWorker);
      const pos = new Int32Array(n);
      positionsOf(numbered, rowOf, pos);
      return pos;
    };
    if (onWorker) {
      // the worker makes the number order first, then the input hash; rank reads the order late
      const w = hashOnWorker(chunks as HashPart[], current, base, { byNumber, rowOf, n, onMain: numberOrder }, early);
      finishInputHash = w.finish;
      noPosLater = w.noPos;
      noPos = new Int32Array(0);
    } else noPos = numberOrder();
  }

  const allCurrent = n === g;
  // credit codes and standard numbers by row: decoded when read
  const uscc = lazyTexts(n, (r) => usTexts.at(itemOf[r]!));
  const standardNo = lazyTexts(n, (r) => noTexts.at(itemOf[r]!));
  let versionId: ArrayLike<number>;
  let abolished: Uint8Array;
  if (identity) {
    // one chunk, every row current (the usual case): its columns as they are
    ({ versionId, abolished } = chunks[0]!);
  } else if (allCurrent) {
    // every version in the chunks is current (one import, or imports of distinct standards): concatenated
    const vid = new Int32Array(n);
    abolished = new Uint8Array(n);
    chunks.forEach((c, i) => { vid.set(c.versionId, base[i]!); abolished.set(c.abolished, base[i]!); });
    versionId = vid;
  } else {
    const vid = new Float64Array(n);
    abolished = new Uint8Array(n);
    // chunk by chunk: each current row of a chunk to its place
    chunks.forEach((c, i) => {
      const b = base[i]!;
      for (const x of current[i]!) {
        const r = rowOf[x]!;
        const cr = x - b;
        vid[r] = c.versionId[cr]!;
        abolished[r] = c.abolished[cr]!;
      }
    });
    versionId = vid;
  }
  let h: Hash | undefined;
  if (rowsByKey) {
    h = createHash('sha256');
    hashLines(h, chunks, rowsByKey, chunkOf, base);
  }
  const hash = finishInputHash ? { finishInputHash } : { inputHash: h! };

  const values = new Map<string, ValueColumn>();
  if (identity) {
    // one chunk as it is: its dictionaries, its codes shifted back to -1 for absent
    const c = chunks[0]!;
    for (const id of ids) {
      const k = c.keys.indexOf(id);
      values.set(id, { dict: k >= 0 ? c.dicts[k]! : [], codes: k >= 0 ? minusOne(c.codes[k]!) : new Int32Array(n).fill(-1) });
    }
    const publicDate = { dict: c.dates, codes: minusOne(c.dateCodes) };
    return { columns: { n, versionId, standardNo, uscc, abolished, publicDate, values, noPos }, ...hash };
  }
  // Each value column (and the public dates) over all chunks: one dictionary, each row's code in it.
  const column = (dictOf: (c: Chunk) => string[] | undefined, codesOf: (c: Chunk) => Uint8Array | Uint16Array | Uint32Array | undefined): ValueColumn => {
    const dict: string[] = [];
    const index = new Map<string, number>();
    // per chunk: chunk code + 1 -> global code (-1: absent)
    const maps = chunks.map((c) => {
      const d = dictOf(c) ?? [];
      const m = new Int32Array(d.length + 1).fill(-1);
      d.forEach((t, j) => { let v = index.get(t); if (v === undefined) { v = dict.length; dict.push(t); index.set(t, v); } m[j + 1] = v; });
      return { m, codes: codesOf(c) };
    });
    // every row is written once when every chunk has the key (else the others stay absent)
    const codes = new Int32Array(n);
    if (maps.some((x) => !x.codes)) codes.fill(-1);
    maps.forEach(({ m, codes: cc }, i) => {
      if (!cc) return;
      // every version current: row = item, the chunk's rows in order
      if (allCurrent) mapInOrder(codes, base[i]!, cc, m);
      else mapCodes(codes, current[i]!, base[i]!, rowOf, cc, m);
    });
    return { dict, codes };
  };
  for (const id of ids) {
    const key = (c: Chunk) => c.keys.indexOf(id);
    values.set(id, column((c) => c.dicts[key(c)], (c) => c.codes[key(c)]));
  }
  const publicDate = column((c) => c.dates, (c) => c.dateCodes);
  const later = noPosLater;
  const columns: InputColumns = later
    ? { n, versionId, standardNo, uscc, abolished, publicDate, values, get noPos() { return later(); } }
    : { n, versionId, standardNo, uscc, abolished, publicDate, values, noPos };
  return { columns, ...hash };
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
