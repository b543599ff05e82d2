/**
 * Deterministic zip archives: entries sorted by name, one fixed timestamp for every entry, DOS
 * attributes, a deflate level fixed by each entry's size, so the same files always give the same
 * bytes (with the same Node.js zlib). Reading (fflate) returns the entries in memory only: an entry
 * name is never used as a path on disk.
 */
import { createDeflateRaw, crc32, deflateRaw, deflateRawSync } from 'node:zlib';
import { unzipSync } from 'fflate';

export interface ZipEntry {
  name: string;
  data: Uint8Array;
}

/**
 * The DOS timestamp fflate writes is built from the Date's LOCAL fields, so the Date is made from
 * local fields too: the archive is the same in every time zone. `date` is YYYY-MM-DD (1980..2099).
 */
export function zipTimestamp(date: string): Date {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  if (!m) throw new Error(`bad zip date ${date}`);
  const y = Math.min(2099, Math.max(1980, Number(m[1])));
  return new Date(y, Number(m[2]) - 1, Number(m[3]), 0, 0, 0, 0);
}

/** Entries larger than this are deflated at level 1 (fast), smaller ones at level 6 (compact). */
export const FAST_DEFLATE_FROM = 1 << 20;

/** The deflate level of an entry: a function of its size only, so the same files give the same bytes. */
export function deflateLevel(size: number): 1 | 6 {
  return size > FAST_DEFLATE_FROM ? 1 : 6;
}

/** An entry ready for the archive: name, CRC-32 and size of the content, and the deflated bytes. */
export interface DeflatedEntry {
  name: string;
  crc: number;
  size: number;
  data: Uint8Array;
}

function checkName(name: string): void {
  if (Buffer.byteLength(name, 'utf8') > 65535) throw new Error(`zip entry name too long: ${name}`);
}

/** Deflates one entry now. */
export function deflateEntry(e: ZipEntry): DeflatedEntry {
  checkName(e.name);
  return { name: e.name, crc: crc32(e.data) >>> 0, size: e.data.length, data: deflateRawSync(e.data, { level: deflateLevel(e.data.length) }) };
}

/** Deflates one entry on libuv's thread pool (the same bytes as `deflateEntry`), so the caller can go on meanwhile. */
export function deflateEntryAsync(e: ZipEntry): Promise<DeflatedEntry> {
  checkName(e.name);
  const crc = crc32(e.data) >>> 0;
  return new Promise((resolve, reject) => {
    deflateRaw(e.data, { level: deflateLevel(e.data.length) }, (err, data) => {
      if (err) reject(err);
      else resolve({ name: e.name, crc, size: e.data.length, data });
    });
  });
}

/** An entry given as chunks of its content (never joined into one buffer). */
export interface ChunkedEntry {
  name: string;
  chunks: Uint8Array[];
}

/**
 * `deflateEntryAsync` of the chunks' concatenation (the same bytes: zlib's output does not depend on
 * how its input is split), streamed through zlib on the thread pool.
 */
export function deflateChunksAsync(e: ChunkedEntry): Promise<DeflatedEntry> {
  checkName(e.name);
  let crc = 0;
  let size = 0;
  for (const c of e.chunks) { crc = crc32(c, crc); size += c.length; }
  const level = deflateLevel(size);
  return new Promise((resolve, reject) => {
    const z = createDeflateRaw({ level });
    const out: Buffer[] = [];
    z.on('data', (b: Buffer) => out.push(b));
    z.on('error', reject);
    z.on('end', () => resolve({ name: e.name, crc: crc >>> 0, size, data: Buffer.concat(out) }));
    for (const c of e.chunks) z.write(c);
    z.end();
  });
}

/**
 * One entry deflated from numbered pieces (blocks `first` .. `end - 1`) that may come in any order:
 * the pieces are streamed to zlib in order as they come in (the same bytes as `deflateChunksAsync`
 * of the pieces in order). zlib works on libuv's thread pool, one write at a time, each write
 * carrying all the bytes that came in since the last one (so a thread busy between its event-loop
 * turns still keeps zlib fed). The level needs the entry's size: the stream starts once the size is
 * over `FAST_DEFLATE_FROM` (level 1 whatever follows) or the last piece is in.
 */
export class OrderedDeflate {
  readonly done: Promise<DeflatedEntry>;
  private readonly waiting = new Map<number, Uint8Array[]>();
  private held: Uint8Array[] = [];
  private next: number;
  private crc = 0;
  private size = 0;
  private z: ReturnType<typeof createDeflateRaw> | undefined;
  private busy = false;
  private resolve!: (e: DeflatedEntry) => void;
  private reject!: (e: unknown) => void;
  constructor(readonly name: string, first: number, private readonly end: number) {
    checkName(name);
    this.next = first;
    this.done = new Promise((res, rej) => { this.resolve = res; this.reject = rej; });
    this.done.catch(() => {}); // awaited later; never an unhandled rejection meanwhile
  }
  put(piece: number, chunks: Uint8Array[]): void {
    this.waiting.set(piece, chunks);
    for (let c = this.waiting.get(this.next); c; c = this.waiting.get(this.next)) {
      this.waiting.delete(this.next++);
      for (const b of c) { this.crc = crc32(b, this.crc); this.size += b.length; this.held.push(b); }
    }
    if (!this.z && (this.size > FAST_DEFLATE_FROM || this.next === this.end)) {
      const z = this.z = createDeflateRaw({ level: deflateLevel(this.size), chunkSize: 1 << 22 });
      const out: Buffer[] = [];
      z.on('data', (b: Buffer) => out.push(b));
      z.on('error', (e) => this.reject(e));
      z.on('end', () => this.resolve({ name: this.name, crc: this.crc >>> 0, size: this.size, data: Buffer.concat(out) }));
    }
    this.feed();
  }
  private feed(): void {
    if (!this.z || this.busy) return;
    if (this.held.length) {
      const data = this.held.length === 1 ? this.held[0]! : Buffer.concat(this.held);
      this.held = [];
      this.busy = true;
      this.z.write(data, () => { this.busy = false; this.feed(); });
    } else if (this.next === this.end) {
      this.z.end();
      this.busy = true; // ended: nothing more is written
    }
  }
}

/**
 * The archive: the layout fflate's `zipSync` writes (local headers, central directory, end record;
 * version 2.0, DOS attributes, no extra fields, UTF-8 flag only for non-ASCII names), with each entry
 * deflated by Node's native zlib (several times faster than a JavaScript deflate on large sheets).
 */
export function writeZip(entries: ZipEntry[], date = '1980-01-01'): Uint8Array {
  checkUnique(entries);
  return assembleZip(entries.map(deflateEntry), date);
}

/** `writeZip` with the entries deflated in parallel on the thread pool: the same bytes. */
export async function writeZipAsync(entries: ZipEntry[], date = '1980-01-01'): Promise<Uint8Array> {
  checkUnique(entries);
  return assembleZip(await Promise.all(entries.map(deflateEntryAsync)), date);
}

function checkUnique(entries: Array<{ name: string }>): void {
  const seen = new Set<string>();
  for (const e of entries) {
    if (seen.has(e.name)) throw new Error(`duplicate zip entry ${e.name}`);
    seen.add(e.name);
  }
}

/** Deflated entries as one archive, sorted by name, every entry stamped with `date`. */
export function assembleZip(entries: DeflatedEntry[], date = '1980-01-01'): Uint8Array {
  checkUnique(entries);
  const mtime = zipTimestamp(date);
  const dosTime = (((mtime.getFullYear() - 1980) << 25) | ((mtime.getMonth() + 1) << 21) | (mtime.getDate() << 16)
    | (mtime.getHours() << 11) | (mtime.getMinutes() << 5) | (mtime.getSeconds() >> 1)) >>> 0;
  const sorted = [...entries].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const files = sorted.map((e) => {
    const name = Buffer.from(e.name, 'utf8');
    return { name, utf8: name.length !== e.name.length, crc: e.crc, size: e.size, data: e.data };
  });
  let localSize = 0;
  let centralSize = 0;
  for (const f of files) {
    localSize += 30 + f.name.length + f.data.length;
    centralSize += 46 + f.name.length;
  }
  const out = Buffer.alloc(localSize + centralSize + 22);
  let o = 0;
  const offsets: number[] = [];
  const header = (central: boolean, f: (typeof files)[number]): void => {
    out.writeUInt32LE(central ? 0x02014b50 : 0x04034b50, o); o += 4;
    if (central) { out[o++] = 20; out[o++] = 0; } // version made by 2.0, MS-DOS
    out.writeUInt16LE(20, o); o += 2; // version needed 2.0
    out.writeUInt16LE(f.utf8 ? 0x0800 : 0, o); o += 2;
    out.writeUInt16LE(8, o); o += 2; // deflate
    out.writeUInt32LE(dosTime, o); o += 4;
    out.writeUInt32LE(f.crc, o); o += 4;
    out.writeUInt32LE(f.data.length, o); o += 4;
    out.writeUInt32LE(f.size, o); o += 4;
    out.writeUInt16LE(f.name.length, o); o += 2;
    out.writeUInt16LE(0, o); o += 2; // extra
  };
  for (const f of files) {
    offsets.push(o);
    header(false, f);
    f.name.copy(out, o); o += f.name.length;
    out.set(f.data, o); o += f.data.length;
  }
  const centralStart = o;
  files.forEach((f, i) => {
    header(true, f);
    o += 10; // comment length, disk number, internal and external attributes: 0
    out.writeUInt32LE(offsets[i]!, o); o += 4;
    f.name.copy(out, o); o += f.name.length;
  });
  out.writeUInt32LE(0x06054b50, o);
  out.writeUInt16LE(files.length, o + 8);
  out.writeUInt16LE(files.length, o + 10);
  out.writeUInt32LE(centralSize, o + 12);
  out.writeUInt32LE(centralStart, o + 16);
  return new Uint8Array(out.buffer, out.byteOffset, out.length);
}

/**
 * What lets two tools read one archive differently, so that a check of one reading proves nothing of
 * another: an entry name used twice (extractors keep either copy), or bytes that no entry of the
 * central directory accounts for (a local entry only a streaming reader sees, data before the first
 * entry or between the directory and its end record, overlapping entries), or a local header whose
 * method, CRC or sizes differ from the directory's (a streaming reader goes by it). A consistent
 * archive from any ordinary zip tool has none; ZIP64 archives are not read here.
 */
export interface ZipAmbiguity {
  kind: 'duplicate' | 'unaccounted';
  /** the entry's name ('' for bytes outside any entry) */
  name: string;
  detail: string;
}

export function zipAmbiguities(bytes: Uint8Array): ZipAmbiguity[] {
  const b = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const out: ZipAmbiguity[] = [];
  const gap = (from: number, to: number, where: string): void => {
    out.push({ kind: 'unaccounted', name: '', detail: `bytes ${from}-${to - 1} (${to - from}) ${where}` });
  };
  // the end record: the last one whose comment reaches the end of the file
  let eocd = -1;
  for (let i = b.length - 22; i >= Math.max(0, b.length - 22 - 65535); i--) {
    if (b.readUInt32LE(i) === 0x06054b50 && i + 22 + b.readUInt16LE(i + 20) === b.length) { eocd = i; break; }
  }
  if (eocd < 0) return [{ kind: 'unaccounted', name: '', detail: 'no end of central directory record' }];
  const count = b.readUInt16LE(eocd + 10);
  const cdSize = b.readUInt32LE(eocd + 12);
  const cdStart = b.readUInt32LE(eocd + 16);
  if (count === 0xffff || cdSize === 0xffffffff || cdStart === 0xffffffff) return [{ kind: 'unaccounted', name: '', detail: 'ZIP64 archive (not checked)' }];
  // per entry: name, local header offset, compressed size, and the fields a local header repeats
  // (from offset 10 of a directory record, 18 bytes: method, time, date, CRC-32, compressed and
  // uncompressed sizes)
  const entries: Array<{ name: Buffer; text: string; local: number; size: number; descriptor: boolean; fields: Buffer }> = [];
  let p = cdStart;
  for (let k = 0; k < count; k++) {
    if (p + 46 > eocd || b.readUInt32LE(p) !== 0x02014b50) return [...out, { kind: 'unaccounted', name: '', detail: `central directory entry ${k + 1} unreadable` }];
    const nameLen = b.readUInt16LE(p + 28);
    const name = b.subarray(p + 46, p + 46 + nameLen);
    entries.push({
      name, text: name.toString('utf8'), local: b.readUInt32LE(p + 42), size: b.readUInt32LE(p + 20),
      descriptor: (b.readUInt16LE(p + 8) & 8) !== 0, fields: b.subarray(p + 10, p + 28),
    });
    p += 46 + nameLen + b.readUInt16LE(p + 30) + b.readUInt16LE(p + 32);
  }
  if (p !== eocd) gap(p, eocd, 'between the central directory and its end record');
  const seen = new Map<string, number>();
  for (const e of entries) seen.set(e.text, (seen.get(e.text) ?? 0) + 1);
  for (const [name, n] of seen) if (n > 1) out.push({ kind: 'duplicate', name, detail: `${n} entries` });
  // the local entries, in file order, must follow one another from the start up to the directory
  let at = 0;
  for (const e of [...entries].sort((x, y) => x.local - y.local)) {
    if (e.local > at) gap(at, e.local, `before entry ${e.text}`);
    else if (e.local < at) { out.push({ kind: 'unaccounted', name: e.text, detail: 'overlaps the entry before it' }); continue; }
    if (e.local + 30 > cdStart || b.readUInt32LE(e.local) !== 0x04034b50) { out.push({ kind: 'unaccounted', name: e.text, detail: 'no local header where the directory says' }); continue; }
    const nameLen = b.readUInt16LE(e.local + 26);
    if (!b.subarray(e.local + 30, e.local + 30 + nameLen).equals(e.name)) out.push({ kind: 'unaccounted', name: e.text, detail: 'local header names another entry' });
    // a streaming reader goes by the local header: its method, CRC and sizes must be the directory's
    // (sizes and CRC may be zero there when a data descriptor follows the data)
    const local = b.subarray(e.local + 8, e.local + 8 + 2);
    const sums = b.subarray(e.local + 14, e.local + 26);
    const sameSums = e.descriptor ? sums.equals(Buffer.alloc(12)) || sums.equals(e.fields.subarray(6, 18)) : sums.equals(e.fields.subarray(6, 18));
    if (!local.equals(e.fields.subarray(0, 2)) || !sameSums) out.push({ kind: 'unaccounted', name: e.text, detail: 'local header differs from the directory' });
    at = e.local + 30 + nameLen + b.readUInt16LE(e.local + 28) + e.size;
    if (e.descriptor) at += at + 4 <= b.length && b.readUInt32LE(at) === 0x08074b50 ? 16 : 12;
  }
  if (at < cdStart) gap(at, cdStart, 'before the central directory');
  else if (at > cdStart) out.push({ kind: 'unaccounted', name: '', detail: 'the last entry runs into the central directory' });
  return out;
}

/** All file entries (folders skipped) of an archive, in archive order. Throws on a corrupt archive. */
export function readZip(bytes: Uint8Array): ZipEntry[] {
  const files = unzipSync(bytes);
  return Object.entries(files)
    .filter(([name]) => !name.endsWith('/'))
    .map(([name, data]) => ({ name, data }));
}
