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
