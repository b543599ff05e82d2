/**
 * The ranking's tables without colour, byte for byte as `renderTable` (cli-table3) draws them, in a
 * single pass: cli-table3 measures every cell with Unicode regular expressions, which took most of
 * `leader rank`'s output time. Cells holding anything but ASCII and unambiguously wide East Asian
 * characters, or coloured output, go to `renderTable`.
 */
import type { Output } from '../../ui/output.js';
import { renderTable } from '../../ui/table.js';

/** Display width of a text of ASCII and wide East Asian characters; -1 for anything else. */
export function simpleWidth(s: string): number {
  let w = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0x20 && c < 0x7f) w += 1;
    else if ((c >= 0x3000 && c <= 0x303e) || (c >= 0x3041 && c <= 0x33ff) || (c >= 0x3400 && c <= 0x4dbf) || (c >= 0x4e00 && c <= 0x9fff)
      || (c >= 0xac00 && c <= 0xd7a3) || (c >= 0xff01 && c <= 0xff60) || (c >= 0xffe0 && c <= 0xffe6)) w += 2;
    else return -1;
  }
  return w;
}

export function rankTable(out: Output, head: string[], rows: Array<Array<string | number>>): string {
  if (out.c.level > 0) return renderTable(out, head, rows);
  const all = [head, ...rows].map((r) => r.map((v) => String(v).split('\n')));
  const cols = head.length;
  const widths = new Array<number>(cols).fill(0);
  const lineWidths: number[][][] = [];
  for (const r of all) {
    if (r.length !== cols) return renderTable(out, head, rows);
    const lw: number[][] = [];
    for (let c = 0; c < cols; c++) {
      const ws = r[c]!.map(simpleWidth);
      for (const x of ws) { if (x < 0) return renderTable(out, head, rows); if (x > widths[c]!) widths[c] = x; }
      lw.push(ws);
    }
    lineWidths.push(lw);
  }
  const rule = (l: string, m: string, r: string) => l + widths.map((w) => '─'.repeat(w + 2)).join(m) + r;
  const lines: string[] = [rule('┌', '┬', '┐')];
  all.forEach((r, k) => {
    if (k > 0) lines.push(rule('├', '┼', '┤'));
    const height = Math.max(...r.map((c) => c.length));
    for (let h = 0; h < height; h++) {
      let line = '│';
      for (let c = 0; c < cols; c++) {
        const text = r[c]![h] ?? '';
        const tw = r[c]![h] === undefined ? 0 : lineWidths[k]![c]![h]!;
        line += ' ' + text + ' '.repeat(widths[c]! - tw + 1) + '│';
      }
      lines.push(line);
    }
  });
  lines.push(rule('└', '┴', '┘'));
  return lines.join('\n');
}
