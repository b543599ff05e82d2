/**
 * CSV for people who open it in Excel: UTF-8 with a BOM, CRLF line ends, RFC 4180 quoting, and
 * formula-injection neutralisation of text cells (numbers stay numbers). Deterministic: no locale.
 */
import { neutraliseText } from '../core/neutralise.js';

/**
 * A cell: text (neutralised when formula-like), a number given as decimal text (`{ num: "84.50" }`,
 * written exactly as given), a JS number (integers: ranks, counts), or empty.
 */
export type Cell = string | number | { num: string } | null | undefined;

export interface Table {
  header: string[];
  rows: Cell[][];
}

const DECIMAL = /^-?\d+(\.\d+)?$/;

export function isNumCell(c: Cell): c is { num: string } {
  return typeof c === 'object' && c !== null && 'num' in c;
}

/** The text of a number cell; throws on a value that is not a plain decimal (a bug upstream). */
export function numberText(c: number | { num: string }): string {
  const s = typeof c === 'number' ? String(c) : c.num;
  if (!DECIMAL.test(s)) throw new Error(`not a decimal number: ${s}`);
  return s;
}

const NEEDS_QUOTES = /[",\r\n]/;

/** True when trimming would change `s` (leading or trailing white space); printable ASCII ends never do. */
function padded(s: string): boolean {
  if (s.length === 0) return false;
  const a = s.charCodeAt(0), z = s.charCodeAt(s.length - 1);
  if (a > 0x20 && a < 0x7f && z > 0x20 && z < 0x7f) return false;
  return s !== s.trim();
}

function quote(s: string): string {
  return NEEDS_QUOTES.test(s) || padded(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export function csvCell(c: Cell): string {
  if (c === null || c === undefined) return '';
  if (typeof c === 'number' || isNumCell(c)) return numberText(c);
  return quote(neutraliseText(c));
}

/**
 * Text written piece by piece into UTF-8 bytes, a chunk at a time: large files (tens of megabytes)
 * never exist as one JavaScript string, which keeps the heap and the garbage collector small.
 */
export class Utf8Sink {
  private parts: Buffer[] = [];
  private chunk: Buffer = Buffer.allocUnsafe(0);
  private pos = 0;
  private pending = '';
  write(text: string): void {
    this.pending += text;
    if (this.pending.length >= 1 << 15) this.flush();
  }
  private flush(): void {
    const s = this.pending;
    if (s.length === 0) return;
    // At most 3 bytes per UTF-16 unit; encoding into a preallocated chunk is several times faster than Buffer.from.
    if (this.chunk.length - this.pos < s.length * 3) {
      if (this.pos > 0) this.parts.push(this.chunk.subarray(0, this.pos));
      this.chunk = Buffer.allocUnsafe(Math.max(1 << 22, s.length * 3));
      this.pos = 0;
    }
    this.pos += this.chunk.write(s, this.pos, 'utf8');
    this.pending = '';
  }
  /** All the bytes written; the sink is empty afterwards. */
  bytes(): Uint8Array {
    this.flush();
    if (this.pos > 0) this.parts.push(this.chunk.subarray(0, this.pos));
    const out = Buffer.concat(this.parts);
    this.parts = [];
    this.chunk = Buffer.allocUnsafe(0);
    this.pos = 0;
    return out;
  }
}

function writeCsv(t: Table, sink: Utf8Sink): void {
  sink.write('\uFEFF' + t.header.map((h) => quote(neutraliseText(h))).join(',') + '\r\n');
  // A column often repeats the cell of the row above (same indicator, same level): its text is reused.
  const lastCell: Cell[] = [];
  const lastText: Array<string | undefined> = [];
  for (const row of t.rows) {
    let line = '';
    for (let i = 0; i < row.length; i++) {
      const c = row[i];
      let text: string;
      const prev = lastText[i];
      if (c === lastCell[i] && prev !== undefined) text = prev;
      else { text = csvCell(c); lastCell[i] = c; lastText[i] = text; }
      line += i ? ',' + text : text;
    }
    sink.write(line + '\r\n');
  }
}

/** The whole file: BOM, header line, one line per row, every line ended by CRLF. */
export function toCsv(t: Table): string {
  return Buffer.from(csvBytes(t)).toString('utf8');
}

/** `toCsv` as UTF-8 bytes (BOM included), built without one large string. */
export function csvBytes(t: Table): Uint8Array {
  const sink = new Utf8Sink();
  writeCsv(t, sink);
  return sink.bytes();
}

/**
 * A table as columns: each column's distinct cells, and per row the index of the row's cell in them
 * (negative: empty). A run repeats few values many times (levels, indicator names, scores): each
 * distinct cell is rendered once per file, and a row is the concatenation of rendered cells.
 */
export interface TableColumn {
  cells: ReadonlyArray<Cell>;
  codes: ArrayLike<number>;
}

export interface ColumnTable {
  header: string[];
  rows: number;
  columns: TableColumn[];
}

/** 0, 1, …, n - 1: the codes of a column whose cells are one per row. */
export function rowCodes(n: number): Int32Array {
  const a = new Int32Array(n);
  for (let i = 0; i < n; i++) a[i] = i;
  return a;
}

/** A row table as columns (one cell per row; a row shorter than the widest leaves its last cells empty). */
export function tableColumns(t: Table): ColumnTable {
  const n = t.rows.length;
  let width = t.header.length;
  for (const r of t.rows) if (r.length > width) width = r.length;
  const columns: TableColumn[] = [];
  for (let i = 0; i < width; i++) {
    const cells = new Array<Cell>(n);
    const codes = new Int32Array(n);
    for (let r = 0; r < n; r++) { const row = t.rows[r]!; if (i < row.length) { cells[r] = row[i]; codes[r] = r; } else codes[r] = -1; }
    columns.push({ cells, codes });
  }
  return { header: t.header, rows: n, columns };
}

const encoder = new TextEncoder();

/**
 * Bytes written into large preallocated chunks (never one huge buffer, never a copy at the end):
 * the package writes and hashes the chunks as they are. Plain `Uint8Array`s: element access on them
 * is faster than on `Buffer`s.
 */
export class ByteSink {
  private readonly chunks: Uint8Array[] = [];
  buf: Uint8Array;
  pos = 0;
  private total = 0;
  constructor(private readonly chunkSize = 1 << 22) {
    this.buf = new Uint8Array(chunkSize);
  }
  /** Room for `n` more bytes at `buf[pos]`. */
  ensure(n: number): void {
    if (this.pos + n <= this.buf.length) return;
    if (this.pos > 0) { this.chunks.push(this.buf.subarray(0, this.pos)); this.total += this.pos; }
    this.buf = new Uint8Array(Math.max(this.chunkSize, n));
    this.pos = 0;
  }
  text(s: string): void {
    this.ensure(s.length * 3);
    this.pos += encoder.encodeInto(s, this.buf.subarray(this.pos)).written;
  }
  /** `src[from, from + len)`: short pieces (most cells) copied in a loop, long ones natively. */
  copy(src: Uint8Array, from: number, len: number): void {
    if (this.pos + len > this.buf.length) this.ensure(len);
    const o = this.buf;
    let p = this.pos;
    if (len < 64) { for (let i = from, e = from + len; i < e; i++) o[p++] = src[i]!; } else { o.set(src.subarray(from, from + len), p); p += len; }
    this.pos = p;
  }
  byte(b: number): void {
    if (this.pos >= this.buf.length) this.ensure(1);
    this.buf[this.pos++] = b;
  }
  get length(): number {
    return this.total + this.pos;
  }
  /** All the bytes, in chunks; the sink is spent. */
  done(): Uint8Array[] {
    if (this.pos > 0) this.chunks.push(this.buf.subarray(0, this.pos));
    this.buf = new Uint8Array(0);
    this.pos = 0;
    return this.chunks;
  }
}

/** ASCII text as bytes (markup pieces). */
export function asciiBytes(s: string): Uint8Array {
  return encoder.encode(s);
}

/**
 * Each distinct cell of a column rendered once, on first use, and kept as UTF-8 bytes that later
 * uses copy: a row is a run of byte copies, with no string built per row.
 */
export class RenderedColumn {
  private store = new Uint8Array(4096);
  private used = 0;
  private readonly off: Int32Array;
  private readonly len: Int32Array;
  constructor(readonly column: TableColumn, private readonly render: (c: Cell, code: number) => string) {
    this.off = new Int32Array(column.cells.length).fill(-1);
    this.len = new Int32Array(column.cells.length);
  }
  private add(code: number): number {
    const text = this.render(this.column.cells[code], code);
    if (this.used + text.length * 3 > this.store.length) {
      const bigger = new Uint8Array(Math.max(this.store.length * 2, this.used + text.length * 3));
      bigger.set(this.store.subarray(0, this.used));
      this.store = bigger;
    }
    const at = this.off[code] = this.used;
    this.used += this.len[code] = encoder.encodeInto(text, this.store.subarray(this.used)).written;
    return at;
  }
  /** Writes the rendering of the column's cell `code` (>= 0). */
  put(sink: ByteSink, code: number): void {
    let at = this.off[code]!;
    if (at < 0) at = this.add(code);
    const n = this.len[code]!;
    if (sink.pos + n > sink.buf.length) sink.ensure(n);
    const o = sink.buf;
    const src = this.store;
    let p = sink.pos;
    for (let i = at, e = at + n; i < e; i++) o[p++] = src[i]!;
    sink.pos = p;
  }
}

/**
 * The distinct cells of several columns, each rendered on first use into UTF-8 bytes kept in one
 * store: `off[col][code]` is the offset of the bytes in `store` (-1: not rendered yet, see `add`) and
 * `len[col][code]` their length. Writers copy the bytes in their own loop (no call per cell).
 */
export class RenderedCells {
  store = new Uint8Array(1 << 16);
  used = 0;
  readonly off: Int32Array[];
  readonly len: Int32Array[];
  constructor(sizes: readonly number[], private readonly render: (col: number, code: number) => string) {
    this.off = sizes.map((n) => new Int32Array(n).fill(-1));
    this.len = sizes.map((n) => new Int32Array(n));
  }
  /** Room for `n` more bytes at `store[used]` (`store` may be a new array afterwards). */
  reserve(n: number): void {
    if (this.used + n <= this.store.length) return;
    const bigger = new Uint8Array(Math.max(this.store.length * 2, this.used + n));
    bigger.set(this.store.subarray(0, this.used));
    this.store = bigger;
  }
  /** Renders cell `code` of column `col`; returns its offset (`store` may be a new array afterwards). */
  add(col: number, code: number): number {
    const text = this.render(col, code);
    this.reserve(text.length * 3);
    const at = this.off[col]![code] = this.used;
    this.used += this.len[col]![code] = encoder.encodeInto(text, this.store.subarray(this.used)).written;
    return at;
  }
}

/** Each column's codes as an `Int32Array` (one element kind for the writers' loops). */
export function int32Codes(columns: readonly TableColumn[]): Int32Array[] {
  return columns.map((c) => (c.codes instanceof Int32Array ? c.codes : Int32Array.from(c.codes)));
}

/** The chunks as one array (small files, tests). */
export function joinChunks(chunks: Uint8Array[]): Uint8Array {
  return chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks);
}

/**
 * Runs of adjacent columns that share one `codes` array (an indicator's value, level and score; a
 * group's indicator, note and level): a row's cells in such a run depend on one code, so the run is
 * rendered as one piece per distinct code.
 */
export function columnRuns(t: ColumnTable): Array<{ from: number; to: number; column: TableColumn }> {
  const runs: Array<{ from: number; to: number; column: TableColumn }> = [];
  for (let i = 0; i < t.columns.length;) {
    let j = i + 1;
    let size = t.columns[i]!.cells.length;
    while (j < t.columns.length && t.columns[j]!.codes === t.columns[i]!.codes) { size = Math.max(size, t.columns[j]!.cells.length); j++; }
    runs.push({ from: i, to: j, column: j - i === 1 ? t.columns[i]! : { cells: new Array<Cell>(size).fill(null), codes: t.columns[i]!.codes } });
    i = j;
  }
  return runs;
}

/**
 * `csvBytes` of a column table (every row as wide as the columns), in chunks: BOM, header line, one
 * line per row, CRLF. Each distinct cell (or run of cells, see `columnRuns`) is quoted, neutralised
 * and encoded once.
 */
export function csvColumnsChunks(t: ColumnTable): Uint8Array[] {
  const sink = new ByteSink();
  sink.text('\uFEFF' + t.header.map((h) => quote(neutraliseText(h))).join(',') + '\r\n');
  const runs = columnRuns(t);
  // the separator is part of each rendered cell after the first column
  const rendered = new RenderedCells(runs.map((u) => u.column.cells.length), (ri, code) => {
    const u = runs[ri]!;
    let s = '';
    for (let i = u.from; i < u.to; i++) s += (i ? ',' : '') + csvCell(t.columns[i]!.cells[code]);
    return s;
  });
  const blank = runs.map((u) => asciiBytes(','.repeat(u.to - u.from - (u.from ? 0 : 1))));
  writeLines(sink, rendered, int32Codes(runs.map((u) => u.column)), blank, t.rows, null, CRLF);
  return sink.done();
}

const CRLF = asciiBytes('\r\n');

/** Pieces from this length on are copied natively (a call costs about as much as copying this many bytes in a loop). */
export const LONG_PIECE = 128;

/**
 * Rows [0, rows) of rendered columns: per row `before`, then each column's rendered cell (`blank[i]`
 * when its code is negative), then `after`; bytes copied in one loop (no call per cell).
 */
export function writeLines(sink: ByteSink, rendered: RenderedCells, codes: Int32Array[], blank: Uint8Array[], rows: number, before: Uint8Array | null, after: Uint8Array): void {
  const k = codes.length;
  const offs = rendered.off, lens = rendered.len;
  let src = rendered.store;
  let blankMax = 0;
  for (const b of blank) blankMax = Math.max(blankMax, b.length);
  const bl = before ? before.length : 0;
  const al = after.length;
  let o = sink.buf, p = sink.pos;
  for (let r = 0; r < rows; r++) {
    if (p + bl > o.length) { sink.pos = p; sink.ensure(bl); o = sink.buf; p = sink.pos; }
    for (let i = 0; i < bl; i++) o[p++] = before![i]!;
    for (let ci = 0; ci < k; ci++) {
      const code = codes[ci]![r]!;
      if (code < 0) {
        const b = blank[ci]!;
        if (p + b.length > o.length) { sink.pos = p; sink.ensure(blankMax); o = sink.buf; p = sink.pos; }
        for (let i = 0; i < b.length; i++) o[p++] = b[i]!;
        continue;
      }
      let at = offs[ci]![code]!;
      if (at < 0) { at = rendered.add(ci, code); src = rendered.store; }
      const len = lens[ci]![code]!;
      if (p + len > o.length) { sink.pos = p; sink.ensure(len); o = sink.buf; p = sink.pos; }
      if (len < LONG_PIECE) { for (let i = at, e = at + len; i < e; i++) o[p++] = src[i]!; } else { o.set(src.subarray(at, at + len), p); p += len; }
    }
    if (p + al > o.length) { sink.pos = p; sink.ensure(al); o = sink.buf; p = sink.pos; }
    for (let i = 0; i < al; i++) o[p++] = after[i]!;
  }
  sink.pos = p;
}

/** `csvColumnsChunks` as one array of bytes. */
export function csvColumnsBytes(t: ColumnTable): Uint8Array {
  return joinChunks(csvColumnsChunks(t));
}
