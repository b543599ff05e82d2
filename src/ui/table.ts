/**
 * Tables for humans, drawn exactly as cli-table3 draws them (default box characters, one space of
 * padding, a rule between rows, multi-line cells top-aligned), but in one linear pass: cli-table3's
 * layout is quadratic in the row count (minutes for the ~40,000 dropped entries of a 50,000-standard
 * shortlist). Colour only when the output decided colour is on. Ragged rows go to cli-table3 itself.
 */
import { createRequire } from 'node:module';
import type TableType from 'cli-table3';
import type { Output } from './output.js';

type Width = (s: string) => number;
let stringWidth: Width | undefined;

/** The display width function cli-table3 itself uses (resolved from cli-table3, so the two always agree). */
function widthFn(): Width {
  if (!stringWidth) {
    const fromTable = createRequire(createRequire(import.meta.url).resolve('cli-table3'));
    stringWidth = fromTable('string-width') as Width;
  }
  return stringWidth;
}

const SGR = /\u001b\[(?:\d*;){0,5}\d*m/g;
const PLAIN = /^[\x20-\x7e]*$/;

/** cli-table3's width of one line: SGR colour codes stripped, then display width. */
export function displayWidth(s: string): number {
  if (PLAIN.test(s)) return s.length;
  return widthFn()(s.replace(SGR, ''));
}

/** The reference: cli-table3 itself (used for ragged rows, and by the tests as the oracle). */
export function cliTable3(out: Output, head: string[], rows: Array<Array<string | number>>): string {
  const coloured = out.c.level > 0;
  // loaded only here (ragged rows, tests): the common path draws without it
  const Table = createRequire(import.meta.url)('cli-table3') as typeof TableType;
  const table = new Table({
    head: head.map((h) => (coloured ? out.c.bold(h) : h)),
    style: { head: [], border: [], compact: false },
  });
  for (const r of rows) table.push(r.map((v) => String(v)));
  return table.toString();
}

export function renderTable(out: Output, head: string[], rows: Array<Array<string | number>>): string {
  const n = head.length;
  if (n === 0 || rows.some((r) => r.length !== n)) return cliTable3(out, head, rows);
  const coloured = out.c.level > 0;
  const all = [head.map((x) => (coloured ? out.c.bold(x) : x)), ...rows.map((r) => r.map((v) => String(v)))];
  const widths = new Array<number>(n).fill(0);
  const cells: string[][][] = new Array(all.length);
  const cellWidths: number[][][] = new Array(all.length);
  for (let i = 0; i < all.length; i++) {
    const r = all[i]!;
    const lines: string[][] = new Array(n);
    const ws: number[][] = new Array(n);
    for (let j = 0; j < n; j++) {
      const parts = r[j]!.includes('\n') ? r[j]!.split('\n') : [r[j]!];
      const pw = parts.map(displayWidth);
      for (const w of pw) if (w > widths[j]!) widths[j] = w;
      lines[j] = parts;
      ws[j] = pw;
    }
    cells[i] = lines;
    cellWidths[i] = ws;
  }
  const rule = (l: string, m: string, r: string) => l + widths.map((w) => '─'.repeat(w + 2)).join(m) + r;
  const mid = rule('├', '┼', '┤');
  const out_: string[] = [rule('┌', '┬', '┐')];
  for (let i = 0; i < cells.length; i++) {
    if (i > 0) out_.push(mid);
    const lines = cells[i]!;
    let height = 1;
    for (const c of lines) if (c.length > height) height = c.length;
    for (let h = 0; h < height; h++) {
      let s = '│';
      for (let j = 0; j < n; j++) {
        const text = lines[j]![h];
        const tw = text === undefined ? 0 : cellWidths[i]![j]![h]!;
        s += ' ' + (text ?? '') + ' '.repeat(widths[j]! - tw) + ' │';
      }
      out_.push(s);
    }
  }
  out_.push(rule('└', '┴', '┘'));
  return out_.join('\n');
}
