/**
 * The offline report (report.html): one self-contained page rendered from plain data (texts already
 * in the user's language), with inline CSS and inline SVG charts; no script, no external resource
 * (a Content-Security-Policy forbids any). Deterministic: the same data gives the same bytes.
 * Large tables are compact HTML: optional end tags (`</td>`, `</tr>`) are omitted and number columns
 * are aligned by one CSS rule per table, not a class per cell.
 */
import { asciiBytes, ByteSink, columnRuns, int32Codes, joinChunks, RenderedCells, tableColumns, writeLines, type ColumnTable } from './csv-write.js';

/** A table cell: text, an integer, a decimal given as text (`{ num }`), or empty. */
export type HtmlCell = string | number | { num: string } | null | undefined;

/** A table (as columns, see `ColumnTable`) and the indexes of its columns aligned right (numbers). */
export interface HtmlTable extends ColumnTable {
  numeric?: number[];
}

/** An `HtmlTable` from rows. */
export function htmlTable(head: string[], rows: ReadonlyArray<ReadonlyArray<HtmlCell>>, numeric?: number[]): HtmlTable {
  const t: HtmlTable = tableColumns({ header: head, rows: rows as HtmlCell[][] });
  if (numeric) t.numeric = numeric;
  return t;
}

export interface Histogram {
  kind: 'histogram';
  title: string;
  bins: Array<{ label: string; count: number }>;
}

export interface StackedBars {
  kind: 'stacked';
  title: string;
  /** legend, in stacking order */
  series: string[];
  rows: Array<{ label: string; counts: number[] }>;
}

export interface ReportSection {
  heading: string;
  paragraphs?: string[];
  /** label/value pairs shown as tiles */
  counts?: Array<{ label: string; value: number }>;
  table?: HtmlTable;
  charts?: Array<Histogram | StackedBars>;
  /** shown when the table has no rows */
  empty?: string;
}

export interface ReportData {
  lang: 'zh' | 'en';
  title: string;
  subtitle?: string;
  sections: ReportSection[];
  footer: string;
}

const HTML_SPECIAL = /[&<>"']/;

export function escapeHtml(s: string): string {
  if (!HTML_SPECIAL.test(s)) return s;
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}

/** Stacking colours, lowest level first (light to strong), then grey for "below the lowest level". */
const PALETTE = ['#f5b041', '#5dade2', '#1e8449', '#7d3c98', '#2e4053', '#a04000', '#566573'];

/** Fixed-precision number for SVG coordinates (no locale, no exponent). */
function n(x: number): string {
  return (Math.round(x * 10) / 10).toFixed(1).replace(/\.0$/, '');
}

function histogramSvg(h: Histogram): string {
  const width = 720, height = 260, left = 40, bottom = 40, top = 20;
  const max = Math.max(1, ...h.bins.map((b) => b.count));
  const plotH = height - bottom - top;
  const slot = (width - left - 10) / Math.max(1, h.bins.length);
  const bars = h.bins.map((b, i) => {
    const bh = (plotH * b.count) / max;
    const x = left + i * slot + slot * 0.1;
    const y = top + plotH - bh;
    return `<rect x="${n(x)}" y="${n(y)}" width="${n(slot * 0.8)}" height="${n(bh)}" fill="#2471a3"/>`
      + `<text x="${n(x + slot * 0.4)}" y="${n(y - 4)}" text-anchor="middle" font-size="12">${b.count}</text>`
      + `<text x="${n(x + slot * 0.4)}" y="${n(height - bottom + 16)}" text-anchor="middle" font-size="11">${escapeHtml(b.label)}</text>`;
  }).join('');
  return `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" role="img" aria-label="${escapeHtml(h.title)}">`
    + `<line x1="${left}" y1="${top + plotH}" x2="${width - 10}" y2="${top + plotH}" stroke="#333"/>`
    + `<line x1="${left}" y1="${top}" x2="${left}" y2="${top + plotH}" stroke="#333"/>`
    + `<text x="${left - 6}" y="${top + 4}" text-anchor="end" font-size="11">${max}</text>`
    + `<text x="${left - 6}" y="${top + plotH}" text-anchor="end" font-size="11">0</text>`
    + bars + '</svg>';
}

function stackedSvg(s: StackedBars): string {
  const width = 720, rowH = 28, left = 180, legendH = 28, right = 40;
  const height = legendH + s.rows.length * rowH + 10;
  const plotW = width - left - right;
  const rows = s.rows.map((r, i) => {
    const total = r.counts.reduce((a, b) => a + b, 0);
    const y = legendH + i * rowH;
    let x = left;
    const segs = r.counts.map((c, j) => {
      if (c === 0 || total === 0) return '';
      const w = (plotW * c) / total;
      const seg = `<rect x="${n(x)}" y="${y + 4}" width="${n(w)}" height="${rowH - 8}" fill="${PALETTE[j % PALETTE.length]}"><title>${escapeHtml(s.series[j] ?? '')}: ${c}</title></rect>`
        + (w >= 18 ? `<text x="${n(x + w / 2)}" y="${y + rowH / 2 + 4}" text-anchor="middle" font-size="11" fill="#fff">${c}</text>` : '');
      x += w;
      return seg;
    }).join('');
    return `<text x="${left - 8}" y="${y + rowH / 2 + 4}" text-anchor="end" font-size="12">${escapeHtml(r.label)}</text>${segs}`
      + `<text x="${width - right + 6}" y="${y + rowH / 2 + 4}" font-size="11">${total}</text>`;
  }).join('');
  let lx = left;
  const legend = s.series.map((name, j) => {
    const item = `<rect x="${n(lx)}" y="6" width="12" height="12" fill="${PALETTE[j % PALETTE.length]}"/><text x="${n(lx + 16)}" y="16" font-size="12">${escapeHtml(name)}</text>`;
    lx += 28 + name.length * 12;
    return item;
  }).join('');
  return `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" role="img" aria-label="${escapeHtml(s.title)}">${legend}${rows}</svg>`;
}

function cellText(c: HtmlCell): string {
  return c === null || c === undefined ? '' : typeof c === 'object' ? c.num : typeof c === 'string' ? c : String(c);
}

const TR = asciiBytes('\n<tr>');
const NOTHING = new Uint8Array(0);

/** A table, one row at a time into the sink (a 50,000-row ranking is megabytes of text), each distinct cell escaped once. */
function writeTable(out: ByteSink, t: HtmlTable, id: string, empty?: string): void {
  if (t.rows === 0 && empty) {
    out.text(`<p class="empty">${escapeHtml(empty)}</p>`);
    return;
  }
  const num = new Set(t.numeric ?? []);
  const head = t.header.map((h, i) => `<th${num.has(i) ? ' class="num"' : ''}>${escapeHtml(h)}</th>`).join('');
  const wide = t.header.length > 10 ? ' class="wide"' : '';
  out.text(`<div${wide}><table id="${id}"><thead><tr>${head}</tr></thead><tbody>`);
  const runs = columnRuns(t);
  const rendered = new RenderedCells(runs.map((u) => u.column.cells.length), (ri, code) => {
    const u = runs[ri]!;
    let s = '';
    for (let i = u.from; i < u.to; i++) s += '<td>' + escapeHtml(cellText(t.columns[i]!.cells[code]));
    return s;
  });
  const blank = runs.map((u) => asciiBytes('<td>'.repeat(u.to - u.from)));
  writeLines(out, rendered, int32Codes(runs.map((u) => u.column)), blank, t.rows, TR, NOTHING);
  out.text('\n</tbody></table></div>');
}

/** The CSS aligning each table's number columns to the right. */
function numericCss(sections: ReportSection[]): string {
  const rules: string[] = [];
  sections.forEach((s, i) => {
    const cols = s.table?.numeric ?? [];
    if (cols.length) rules.push(cols.map((c) => `#t${i} td:nth-child(${c + 1})`).join(',') + '{text-align:right;font-variant-numeric:tabular-nums}');
  });
  return rules.length ? rules.join('\n') + '\n' : '';
}

const CSS = `
body{font-family:"Noto Sans CJK SC","Source Han Sans SC","Microsoft YaHei","PingFang SC",sans-serif;margin:24px auto;max-width:1100px;padding:0 16px;color:#222;line-height:1.5}
h1{font-size:22px;border-bottom:2px solid #2471a3;padding-bottom:6px}
h2{font-size:18px;margin-top:28px;color:#1a5276}
table{border-collapse:collapse;width:100%;font-size:12px;margin:8px 0}
.wide{overflow-x:auto}
.wide table{width:auto;min-width:100%}
.wide td{white-space:nowrap}
th,td{border:1px solid #ccc;padding:4px 6px;text-align:left;vertical-align:top}
th{background:#eaf2f8}
th.num{text-align:right;font-variant-numeric:tabular-nums}
tr:nth-child(even) td{background:#fafafa}
.counts{display:flex;gap:12px;flex-wrap:wrap}
.tile{border:1px solid #ccc;border-radius:6px;padding:8px 14px;min-width:120px}
.tile b{display:block;font-size:24px;color:#1a5276}
.chart{margin:12px 0}
.chart h3{font-size:14px;margin:4px 0}
.empty{color:#666;font-style:italic}
footer{margin-top:32px;font-size:12px;color:#666;border-top:1px solid #ccc;padding-top:8px}
@media print{body{margin:0}h2{break-after:avoid}}
`;

/** The page as UTF-8 bytes. */
export function reportHtmlBytes(r: ReportData): Uint8Array {
  return joinChunks(reportHtmlChunks(r));
}

/** The page as UTF-8 bytes, in chunks. */
export function reportHtmlChunks(r: ReportData): Uint8Array[] {
  const out = new ByteSink();
  out.text('<!DOCTYPE html>\n'
    + `<html lang="${r.lang === 'zh' ? 'zh-CN' : 'en'}">\n<head>\n<meta charset="utf-8">\n`
    + `<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">\n`
    + '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
    + `<title>${escapeHtml(r.title)}</title>\n<style>${CSS}${numericCss(r.sections)}</style>\n</head>\n<body>\n`
    + `<h1>${escapeHtml(r.title)}</h1>\n`
    + (r.subtitle ? `<p>${escapeHtml(r.subtitle)}</p>\n` : ''));
  r.sections.forEach((s, i) => {
    const parts: string[] = [`${i ? '\n' : ''}<section>\n<h2>${escapeHtml(s.heading)}</h2>`];
    for (const p of s.paragraphs ?? []) parts.push(`<p>${escapeHtml(p)}</p>`);
    if (s.counts) parts.push('<div class="counts">' + s.counts.map((c) => `<div class="tile"><b>${c.value}</b>${escapeHtml(c.label)}</div>`).join('') + '</div>');
    for (const c of s.charts ?? []) {
      parts.push(`<div class="chart"><h3>${escapeHtml(c.title)}</h3>${c.kind === 'histogram' ? histogramSvg(c) : stackedSvg(c)}</div>`);
    }
    if (s.table) {
      out.text(parts.join('\n') + '\n');
      writeTable(out, s.table, `t${i}`, s.empty);
      out.text('\n</section>');
      return;
    }
    if (s.empty && !s.paragraphs?.length && !s.counts && !s.charts?.length) parts.push(`<p class="empty">${escapeHtml(s.empty)}</p>`);
    parts.push('</section>');
    out.text(parts.join('\n'));
  });
  out.text('\n' + `<footer>${escapeHtml(r.footer)}</footer>\n</body>\n</html>\n`);
  return out.done();
}

export function renderReportHtml(r: ReportData): string {
  return Buffer.from(reportHtmlBytes(r)).toString('utf8');
}
