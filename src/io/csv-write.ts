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

function quote(s: string): string {
  return /[",\r\n]/.test(s) || s !== s.trim() ? `"${s.replace(/"/g, '""')}"` : s;
}

export function csvCell(c: Cell): string {
  if (c === null || c === undefined) return '';
  if (typeof c === 'number' || isNumCell(c)) return numberText(c);
  return quote(neutraliseText(c));
}

/** The whole file: BOM, header line, one line per row, every line ended by CRLF. */
export function toCsv(t: Table): string {
  const lines = [t.header.map((h) => quote(neutraliseText(h))).join(',')];
  for (const row of t.rows) lines.push(row.map(csvCell).join(','));
  return '\uFEFF' + lines.join('\r\n') + '\r\n';
}
