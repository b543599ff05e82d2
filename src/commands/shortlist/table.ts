/**
 * Large tables for humans in linear time: the same text as `renderTable` (cli-table3, default
 * box characters, one space of padding, a line between rows) for single-line cells, without
 * cli-table3's layout pass, which is quadratic in the row count (minutes for the ~40,000 dropped
 * entries of a 50,000-standard run). Anything unusual (a multi-line cell, a ragged row) goes to
 * `renderTable` unchanged.
 */
import { createRequire } from 'node:module';
import type { Output } from '../../ui/output.js';
import { renderTable } from '../../ui/table.js';

type Width = (s: string) => number;
let stringWidth: Width | undefined;

/** The display width function cli-table3 itself uses (resolved from cli-table3, so the two always agree). */
function widthFn(): Width {
  if (!stringWidth) {
    const req = createRequire(import.meta.url);
    const fromTable = createRequire(req.resolve('cli-table3'));
    stringWidth = fromTable('string-width') as Width;
  }
  return stringWidth;
}

const SGR = /\u001b\[(?:\d*;){0,5}\d*m/g;
const PLAIN = /^[\x20-\x7e]*$/;

/** cli-table3's `strlen` for a single-line string: SGR colour codes stripped, then display width. */
function displayWidth(s: string): number {
  if (PLAIN.test(s)) return s.length;
  return widthFn()(s.replace(SGR, ''));
}

/** `renderTable(out, head, rows)`, byte for byte, in linear time. */
export function fastTable(out: Output, head: string[], rows: Array<Array<string | number>>): string {
  const n = head.length;
  const coloured = out.c.level > 0;
  const h = head.map((x) => (coloured ? out.c.bold(x) : x));
  const cells: string[][] = new Array(rows.length);
  for (let i = 0; i < rows.length; i++) {
    const r = rows[i]!;
    if (r.length !== n) return renderTable(out, head, rows);
    const row = new Array<string>(n);
    for (let j = 0; j < n; j++) {
      const v = String(r[j]);
      if (v.includes('\n')) return renderTable(out, head, rows);
      row[j] = v;
    }
    cells[i] = row;
  }
  if (n === 0 || h.some((x) => x.includes('\n'))) return renderTable(out, head, rows);

  const hw = h.map(displayWidth);
  const widths = hw.slice();
  const cw: Int32Array[] = new Array(cells.length);
  for (let i = 0; i < cells.length; i++) {
    const w = new Int32Array(n);
    for (let j = 0; j < n; j++) {
      w[j] = displayWidth(cells[i]![j]!);
      if (w[j]! > widths[j]!) widths[j] = w[j]!;
    }
    cw[i] = w;
  }
  const bars = widths.map((w) => '─'.repeat(w + 2));
  const line = (vals: string[], ws: ArrayLike<number>): string => {
    let s = '│';
    for (let j = 0; j < n; j++) s += ' ' + vals[j] + ' '.repeat(widths[j]! - ws[j]!) + ' │';
    return s;
  };
  const mid = '├' + bars.join('┼') + '┤';
  const outLines: string[] = ['┌' + bars.join('┬') + '┐', line(h, hw)];
  for (let i = 0; i < cells.length; i++) {
    outLines.push(mid);
    outLines.push(line(cells[i]!, cw[i]!));
  }
  outLines.push('└' + bars.join('┴') + '┘');
  return outLines.join('\n');
}
