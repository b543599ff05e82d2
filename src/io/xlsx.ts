/**
 * A minimal, deterministic XLSX (Office Open XML) workbook writer: one sheet per table (continued on
 * further sheets past Excel's 1,048,576 rows, see `sheetParts`), bold frozen header row, column
 * widths, shared strings, numbers as numbers, and text cells that are never formulas (no `<f>`
 * element is ever written; formula-like text also gets Excel's quote-prefix style, as if typed with a
 * leading `'`). Fixed document dates and sorted zip entries: same input, same bytes.
 */
import { Worker } from 'node:worker_threads';
import { isFormulaLike } from '../core/neutralise.js';
import { asciiBytes, ByteSink, csvColumnsChunks, int32Codes, isNumCell, joinChunks, numberText, RenderedCells, RenderedColumn, tableColumns, type Cell, type ColumnTable } from './csv-write.js';
import { assembleZip, deflateEntry, deflateEntryAsync, OrderedDeflate, readZip, type ChunkedEntry, type DeflatedEntry } from './zip.js';

export interface Sheet {
  /** 1..31 characters, none of : \ / ? * [ ] */
  name: string;
  header: string[];
  rows: Cell[][];
  /** character widths per column; computed from the content when omitted */
  widths?: number[];
}

/** A sheet whose rows come as columns (see `ColumnTable`): each distinct cell is rendered once. */
export interface ColumnSheet {
  name: string;
  table: ColumnTable;
  widths?: number[];
}

function columnSheet(s: Sheet | ColumnSheet): ColumnSheet {
  return 'table' in s ? s : { name: s.name, table: tableColumns({ header: s.header, rows: s.rows }), ...(s.widths ? { widths: s.widths } : {}) };
}

export interface WorkbookOptions {
  /** YYYY-MM-DD: docProps dates and zip timestamps */
  date: string;
  title?: string;
  creator?: string;
  /** data rows a worksheet holds at most (default MAX_SHEET_DATA_ROWS; tests set it small) */
  maxRowsPerSheet?: number;
}

/** Excel's limit is 1,048,576 rows a worksheet, the header row included. */
export const MAX_SHEET_DATA_ROWS = 1_048_575;

/** One worksheet: rows [from, to) of sheet (table) `sheet`, under `name`. */
export interface SheetPart {
  sheet: number;
  from: number;
  to: number;
  name: string;
}

/**
 * The worksheets of the sheets: one each, unless a table has more rows than a worksheet holds; it then
 * continues on worksheets named "<name> (2)", "<name> (3)", … (within Excel's 31 characters), each
 * with the header row.
 */
export function sheetParts(sheets: ReadonlyArray<{ name: string; table: { rows: number } }>, maxRows = MAX_SHEET_DATA_ROWS): SheetPart[] {
  if (!Number.isInteger(maxRows) || maxRows < 1) throw new Error(`maxRowsPerSheet must be a positive integer, not ${maxRows}`);
  const out: SheetPart[] = [];
  sheets.forEach((s, sheet) => {
    const n = s.table.rows;
    let from = 0;
    let k = 1;
    do {
      const to = Math.min(n, from + maxRows);
      const suffix = k === 1 ? '' : ` (${k})`;
      out.push({ sheet, from, to, name: suffix ? s.name.slice(0, 31 - suffix.length) + suffix : s.name });
      from = to;
      k++;
    } while (from < n);
  });
  return out;
}

const enc = new TextEncoder();

const XML_SPECIAL = /[&<>"\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/;

export function xmlEscape(s: string): string {
  if (!XML_SPECIAL.test(s)) return s;
  // Characters XML 1.0 forbids are dropped; the rest escaped.
  return s
    .replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g, '')
    .replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/** A sheet's XML up to its header row's first cell: frozen header, dimension and column widths. */
function sheetPrologue(lastCol: string, count: number, widths: readonly number[]): string {
  const cols = widths.map((w, i) => `<col min="${i + 1}" max="${i + 1}" width="${w}" customWidth="1"/>`).join('');
  return '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    + '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
    + `<dimension ref="A1:${lastCol}${count}"/>`
    + '<sheetViews><sheetView workbookViewId="0"><pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/><selection pane="bottomLeft" activeCell="A2" sqref="A2"/></sheetView></sheetViews>'
    + '<sheetFormatPr defaultRowHeight="15"/>'
    + (cols ? `<cols>${cols}</cols>` : '')
    + '<sheetData><row r="1">';
}

/** A1-style column letters: 0 -> A, 25 -> Z, 26 -> AA. */
export function columnName(i: number): string {
  let s = '';
  let n = i + 1;
  while (n > 0) {
    const r = (n - 1) % 26;
    s = String.fromCharCode(65 + r) + s;
    n = Math.floor((n - 1) / 26);
  }
  return s;
}

/** Display width: CJK and other wide characters count double (per code point). */
function displayWidth(s: string): number {
  let w = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x1100) { w += 1; continue; }
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length) {
      const d = s.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) i++; // one astral code point: never wide in the ranges below
      w += 1;
      continue;
    }
    w += (c <= 0x115f || (c >= 0x2e80 && c <= 0xa4cf) || (c >= 0xac00 && c <= 0xd7a3) || (c >= 0xf900 && c <= 0xfaff)
      || (c >= 0xfe30 && c <= 0xfe4f) || (c >= 0xff00 && c <= 0xff60) || (c >= 0xffe0 && c <= 0xffe6)) ? 2 : 1;
  }
  return w;
}

/** `cur` widened to the display width of cell `c` (widths stop mattering at 58, see `autoWidths`). */
function widerOf(cur: number, c: Cell): number {
  if (cur >= 58 || c === null || c === undefined) return cur;
  if (typeof c === 'string') {
    if (c.length + c.length > cur) { const cw = displayWidth(c); if (cw > cur) return cw; }
    return cur;
  }
  const len = numberText(c).length; // digits, sign and point: one each
  return len > cur ? len : cur;
}

function finalWidth(x: number): number {
  return Math.min(60, Math.max(6, x + 2));
}

function autoWidths(t: ColumnTable): number[] {
  const n = t.header.length;
  const w = t.header.map(displayWidth);
  // Each distinct cell a row uses, once; widths stop mattering at 58 (capped at 60 below), and a text never exceeds 2 per UTF-16 unit.
  for (let i = 0; i < n && i < t.columns.length; i++) {
    const { cells, codes } = t.columns[i]!;
    const used = new Uint8Array(cells.length);
    for (let r = 0; r < t.rows; r++) { const c = codes[r]!; if (c >= 0) used[c] = 1; }
    let cur = w[i]!;
    for (let k = 0; k < cells.length; k++) {
      const c = cells[k];
      if (!used[k] || cur >= 58 || c === null || c === undefined) continue;
      if (typeof c === 'string') {
        if (c.length + c.length > cur) { const cw = displayWidth(c); if (cw > cur) cur = cw; }
      } else {
        const len = numberText(c).length; // digits, sign and point: one each
        if (len > cur) cur = len;
      }
    }
    w[i] = cur;
  }
  return w.map((x) => Math.min(60, Math.max(6, x + 2)));
}

// Styles: 0 default, 1 bold header, 2 text with quote prefix (formula-like text), 3.. number formats.
const STYLE_HEADER = 1;
const STYLE_QUOTED = 2;
const MAX_DECIMALS = 10;
function numberStyle(decimals: number): number {
  return 3 + Math.min(decimals, MAX_DECIMALS);
}

function stylesXml(): string {
  const numFmts: string[] = [];
  const xfs: string[] = [
    '<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>',
    '<xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1"/>',
    '<xf numFmtId="49" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1" quotePrefix="1"/>',
  ];
  for (let d = 0; d <= MAX_DECIMALS; d++) {
    if (d === 0) {
      xfs.push('<xf numFmtId="1" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>');
    } else {
      const id = 163 + d;
      numFmts.push(`<numFmt numFmtId="${id}" formatCode="0.${'0'.repeat(d)}"/>`);
      xfs.push(`<xf numFmtId="${id}" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>`);
    }
  }
  return '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    + '<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
    + `<numFmts count="${numFmts.length}">${numFmts.join('')}</numFmts>`
    + '<fonts count="2"><font><sz val="11"/><name val="Calibri"/><family val="2"/></font><font><b/><sz val="11"/><name val="Calibri"/><family val="2"/></font></fonts>'
    + '<fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills>'
    + '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>'
    + '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>'
    + `<cellXfs count="${xfs.length}">${xfs.join('')}</cellXfs>`
    + '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>'
    + '</styleSheet>';
}

/** Excel holds at most 32,767 characters in a cell (and reports a longer one as damaged). */
export const MAX_CELL_TEXT = 32_767;
const CUT_MARK = '…[截断 truncated]';

/**
 * A text as a cell holds it: a longer one is cut to MAX_CELL_TEXT characters, ending with a mark
 * saying so (the CSV file beside the workbook keeps the whole text). Never cuts a surrogate pair.
 */
export function cellText(s: string): string {
  if (s.length <= MAX_CELL_TEXT) return s;
  let end = MAX_CELL_TEXT - CUT_MARK.length;
  const c = s.charCodeAt(end - 1);
  if (c >= 0xd800 && c <= 0xdbff) end--;
  return s.slice(0, end) + CUT_MARK;
}

class SharedStrings {
  readonly list: string[] = [];
  private readonly index = new Map<string, number>();
  count = 0;
  private readonly lastText: Array<string | undefined> = [];
  private readonly lastId: number[] = [];
  id(text: string): number {
    this.count++;
    const s = cellText(text);
    let i = this.index.get(s);
    if (i === undefined) {
      i = this.list.length;
      this.list.push(s);
      this.index.set(s, i);
    }
    return i;
  }
  /** The index of `s` (added when new), without counting a use. */
  intern(s: string): number {
    this.count--;
    return this.id(s);
  }
  /** `id(s)` for a cell of column `col`: a column often repeats the text of the row above, found without hashing. */
  idIn(col: number, s: string): number {
    if (this.lastText[col] === s) {
      this.count++;
      return this.lastId[col]!;
    }
    const i = this.id(s);
    this.lastText[col] = s;
    this.lastId[col] = i;
    return i;
  }
  xml(): string {
    return sharedStringsXml(this.list, this.count);
  }
}

/** xl/sharedStrings.xml: the distinct texts in order of first use, and `count` uses in all. */
function sharedStringsXml(list: string[], count: number): string {
  const items = list.map((s) => {
    const space = s !== s.trim() || s.includes('\n') ? ' xml:space="preserve"' : '';
    return `<si><t${space}>${xmlEscape(s)}</t></si>`;
  });
  return '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    + `<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="${count}" uniqueCount="${list.length}">${items.join('')}</sst>`;
}

function cellXml(ref: string, c: Cell, sst: SharedStrings, header: boolean, col: number): string {
  if (c === null || c === undefined || c === '') return '';
  if (typeof c === 'number' || isNumCell(c)) {
    const text = numberText(c);
    const dot = text.indexOf('.');
    const decimals = dot >= 0 ? text.length - dot - 1 : 0;
    return `<c r="${ref}" s="${numberStyle(decimals)}"><v>${text}</v></c>`;
  }
  const style = header ? STYLE_HEADER : isFormulaLike(c) ? STYLE_QUOTED : 0;
  const id = sst.idIn(col, c);
  return style ? `<c r="${ref}" s="${style}" t="s"><v>${id}</v></c>` : `<c r="${ref}" t="s"><v>${id}</v></c>`;
}

/** What follows `<c r="A12` in a cell's XML: its style, type and value; '' for an empty cell. */
function cellTail(c: Cell, idOf: (s: string) => number): string {
  if (c === null || c === undefined || c === '') return '';
  if (typeof c === 'number' || isNumCell(c)) {
    const text = numberText(c);
    const dot = text.indexOf('.');
    const decimals = dot >= 0 ? text.length - dot - 1 : 0;
    return `" s="${numberStyle(decimals)}"><v>${text}</v></c>`;
  }
  const id = idOf(c);
  return isFormulaLike(c) ? `" s="${STYLE_QUOTED}" t="s"><v>${id}</v></c>` : `" t="s"><v>${id}</v></c>`;
}

const TEXT_TAIL = asciiBytes('" t="s"><v>');
const QUOTED_TAIL = asciiBytes(`" s="${STYLE_QUOTED}" t="s"><v>`);
const TAIL_END = asciiBytes('</v></c>');

/**
 * Renders cell `code` of column `ci` into `tails` and returns its offset: a text cell's tail (the most
 * common, one per distinct text) written straight as bytes, the bytes `cellTail` gives; others through it.
 */
function addTail(tails: RenderedCells, ci: number, code: number, cells: ReadonlyArray<Cell>, ids: Int32Array): number {
  const c = cells[code];
  const id = ids[code]!;
  if (typeof c !== 'string' || c === '' || id < 0) return tails.add(ci, code);
  const head = isFormulaLike(c) ? QUOTED_TAIL : TEXT_TAIL;
  tails.reserve(head.length + 10 + TAIL_END.length);
  const o = tails.store;
  const at = tails.used;
  let p = at;
  for (let i = 0; i < head.length; i++) o[p++] = head[i]!;
  let nd = 1;
  for (let x = id; x >= 10; x = Math.floor(x / 10)) nd++;
  for (let x = id, i = p + nd - 1; i >= p; i--, x = Math.floor(x / 10)) o[i] = 48 + (x % 10);
  p += nd;
  for (let i = 0; i < TAIL_END.length; i++) o[p++] = TAIL_END[i]!;
  tails.off[ci]![code] = at;
  tails.len[ci]![code] = p - at;
  tails.used = p;
  return at;
}

const ROW_OPEN = asciiBytes('<row r="');
const ROW_OPEN_END = asciiBytes('">');
const ROW_CLOSE = asciiBytes('</row>');

/** A worksheet's XML (rows [from, to) of the sheet's table), in chunks: each distinct cell's tail rendered once, rows written as bytes. */
function sheetXml(s: ColumnSheet, sst: SharedStrings, from: number, to: number): Uint8Array[] {
  const t = s.table;
  const count = to - from + 1;
  const lastCol = columnName(Math.max(0, t.header.length - 1));
  const out = new ByteSink();
  let head = sheetPrologue(lastCol, count, s.widths ?? autoWidths(t));
  for (let ci = 0; ci < t.header.length; ci++) head += cellXml(columnName(ci) + '1', t.header[ci], sst, true, ci);
  out.text(head + '</row>');
  const k = t.columns.length;
  const columns = t.columns;
  const open = columns.map((_, ci) => asciiBytes(`<c r="${columnName(ci)}`));
  const tails = columns.map((c) => new RenderedColumn(c, (x) => cellTail(x, (text) => sst.intern(text))));
  const digits = new Uint8Array(16);
  let uses = 0;
  for (let r = from; r < to; r++) {
    // the row number as ASCII digits
    let n = r - from + 2, nd = 0;
    while (n > 0) { digits[15 - nd++] = 48 + (n % 10); n = Math.floor(n / 10); }
    const d0 = 16 - nd;
    out.copy(ROW_OPEN, 0, ROW_OPEN.length);
    out.copy(digits, d0, nd);
    out.copy(ROW_OPEN_END, 0, 2);
    for (let ci = 0; ci < k; ci++) {
      const code = columns[ci]!.codes[r]!;
      if (code < 0) continue;
      const c = columns[ci]!.cells[code];
      if (c === null || c === undefined || c === '') continue;
      if (typeof c === 'string') uses++;
      const o = open[ci]!;
      out.copy(o, 0, o.length);
      out.copy(digits, d0, nd);
      tails[ci]!.put(out, code);
    }
    out.copy(ROW_CLOSE, 0, ROW_CLOSE.length);
  }
  sst.count += uses;
  out.text('</sheetData>'
    + (t.header.length ? `<autoFilter ref="A1:${lastCol}${count}"/>` : '')
    + '<pageMargins left="0.7" right="0.7" top="0.75" bottom="0.75" header="0.3" footer="0.3"/>'
    + '</worksheet>');
  return out.done();
}

function sheetName(name: string, used: Set<string>): string {
  let base = name.replace(/[:\\/?*[\]]/g, '_').slice(0, 31) || 'Sheet';
  let n = base;
  for (let i = 2; used.has(n.toLowerCase()); i++) n = `${base.slice(0, 28)}(${i})`;
  used.add(n.toLowerCase());
  return n;
}

/** The workbook as .xlsx bytes. */
export function writeXlsx(sheets: Array<Sheet | ColumnSheet>, o: WorkbookOptions): Uint8Array {
  const deflated: DeflatedEntry[] = [];
  const rest = workbookParts(sheets, o, (e) => deflated.push(deflateEntry({ name: e.name, data: joinChunks(e.chunks) })));
  return assembleZip([...deflated, ...rest.map(deflateEntry)], o.date);
}

/** The parts of the workbook: each sheet handed to `onSheet` as soon as it is written, then the other parts. */
function workbookParts(sheets: Array<Sheet | ColumnSheet>, o: WorkbookOptions, onSheet: (e: ChunkedEntry) => void): Array<{ name: string; data: Uint8Array }> {
  if (sheets.length === 0) throw new Error('a workbook needs at least one sheet');
  const sst = new SharedStrings();
  const cs = sheets.map(columnSheet);
  const parts = sheetParts(cs, o.maxRowsPerSheet);
  parts.forEach((p, i) => onSheet({ name: sheetPath(i), chunks: sheetXml(cs[p.sheet]!, sst, p.from, p.to) }));
  return [...metaParts(parts, o), { name: 'xl/sharedStrings.xml', data: enc.encode(sst.xml()) }];
}

function sheetPath(i: number): string {
  return `xl/worksheets/sheet${i + 1}.xml`;
}

/** The parts of the workbook other than the worksheets and the shared strings. */
function metaParts(sheets: ReadonlyArray<{ name: string }>, o: WorkbookOptions): Array<{ name: string; data: Uint8Array }> {
  const used = new Set<string>();
  const names = sheets.map((s) => sheetName(s.name, used));
  const sheetFiles = sheets.map((_, i) => ({ name: sheetPath(i) }));
  const stamp = `${o.date}T00:00:00Z`;
  const x = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n';
  const files: Record<string, string> = {
    '[Content_Types].xml': x
      + '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
      + '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
      + '<Default Extension="xml" ContentType="application/xml"/>'
      + '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
      + sheetFiles.map((f) => `<Override PartName="/${f.name}" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>`).join('')
      + '<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>'
      + '<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>'
      + '<Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/>'
      + '<Override PartName="/docProps/app.xml" ContentType="application/vnd.openxmlformats-officedocument.extended-properties+xml"/>'
      + '</Types>',
    '_rels/.rels': x
      + '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
      + '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>'
      + '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/>'
      + '<Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/extended-properties" Target="docProps/app.xml"/>'
      + '</Relationships>',
    'docProps/core.xml': x
      + '<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" xmlns:dcmitype="http://purl.org/dc/dcmitype/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">'
      + (o.title ? `<dc:title>${xmlEscape(o.title)}</dc:title>` : '')
      + `<dc:creator>${xmlEscape(o.creator ?? 'leader')}</dc:creator>`
      + `<dcterms:created xsi:type="dcterms:W3CDTF">${stamp}</dcterms:created>`
      + `<dcterms:modified xsi:type="dcterms:W3CDTF">${stamp}</dcterms:modified>`
      + '</cp:coreProperties>',
    'docProps/app.xml': x
      + '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties"><Application>leader</Application></Properties>',
    'xl/workbook.xml': x
      + '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
      + '<bookViews><workbookView/></bookViews><sheets>'
      + names.map((n, i) => `<sheet name="${xmlEscape(n)}" sheetId="${i + 1}" r:id="rId${i + 1}"/>`).join('')
      + '</sheets></workbook>',
    'xl/_rels/workbook.xml.rels': x
      + '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
      + sheetFiles.map((f, i) => `<Relationship Id="rId${i + 1}" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet${i + 1}.xml"/>`).join('')
      + `<Relationship Id="rId${sheets.length + 1}" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/>`
      + `<Relationship Id="rId${sheets.length + 2}" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/>`
      + '</Relationships>',
    'xl/styles.xml': stylesXml(),
  };
  // Sorted by name in the archive: '[' sorts before '_' and lower-case letters, so [Content_Types].xml comes first.
  return Object.entries(files).map(([name, xml]) => ({ name, data: enc.encode(xml) }));
}

/** A cell read back from a workbook (tests and checks). */
export interface ReadCell {
  value: string;
  type: 'string' | 'number';
  /** true when the cell holds a formula (`<f>`): never the case for workbooks written here */
  formula: boolean;
  /** true when the cell's style has Excel's quote prefix (text shown as typed after `'`) */
  quotePrefix: boolean;
}

function unescapeXml(s: string): string {
  return s.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&apos;/g, "'").replace(/&amp;/g, '&');
}

function columnIndex(letters: string): number {
  let n = 0;
  for (const ch of letters) n = n * 26 + (ch.charCodeAt(0) - 64);
  return n - 1;
}

/**
 * Reads the sheets of a simple workbook (shared or inline strings, numbers, formulas flagged): enough
 * to check what `writeXlsx` wrote, or a workbook from Excel with plain tables. Not a general reader.
 */
export function readXlsx(bytes: Uint8Array): Array<{ name: string; rows: ReadCell[][] }> {
  const dec = new TextDecoder();
  const files = new Map(readZip(bytes).map((e) => [e.name, dec.decode(e.data)]));
  const sst = [...(files.get('xl/sharedStrings.xml') ?? '').matchAll(/<si>([\s\S]*?)<\/si>/g)]
    .map((m) => [...m[1]!.matchAll(/<t[^>]*>([\s\S]*?)<\/t>/g)].map((t) => unescapeXml(t[1]!)).join(''));
  const quoted = new Set<number>();
  const xfs = /<cellXfs[^>]*>([\s\S]*?)<\/cellXfs>/.exec(files.get('xl/styles.xml') ?? '')?.[1] ?? '';
  [...xfs.matchAll(/<xf\b([^>]*?)\/?>/g)].forEach((m, i) => { if (/quotePrefix="(1|true)"/.test(m[1]!)) quoted.add(i); });
  const wb = files.get('xl/workbook.xml') ?? '';
  const rels = files.get('xl/_rels/workbook.xml.rels') ?? '';
  const target = new Map([...rels.matchAll(/<Relationship\b[^>]*Id="([^"]+)"[^>]*Target="([^"]+)"/g)].map((m) => [m[1]!, m[2]!]));
  return [...wb.matchAll(/<sheet\b[^>]*name="([^"]*)"[^>]*r:id="([^"]+)"/g)].map((m) => {
    const path = 'xl/' + (target.get(m[2]!) ?? '').replace(/^\/?xl\//, '');
    const xml = files.get(path) ?? '';
    const rows: ReadCell[][] = [];
    for (const r of xml.matchAll(/<row\b[^>]*?(?:\/>|>([\s\S]*?)<\/row>)/g)) {
      const row: ReadCell[] = [];
      for (const c of (r[1] ?? '').matchAll(/<c\b([^>]*?)(?:\/>|>([\s\S]*?)<\/c>)/g)) {
        const attrs = c[1]!;
        const body = c[2] ?? '';
        const ref = /r="([A-Z]+)\d+"/.exec(attrs)?.[1];
        const col = ref ? columnIndex(ref) : row.length;
        const t = /\bt="([^"]+)"/.exec(attrs)?.[1];
        const s = Number(/\bs="(\d+)"/.exec(attrs)?.[1] ?? 0);
        const v = /<v>([\s\S]*?)<\/v>/.exec(body)?.[1];
        let value = '';
        if (t === 's') value = sst[Number(v)] ?? '';
        else if (t === 'inlineStr') value = [...body.matchAll(/<t[^>]*>([\s\S]*?)<\/t>/g)].map((x) => unescapeXml(x[1]!)).join('');
        else value = v === undefined ? '' : unescapeXml(v);
        while (row.length < col) row.push({ value: '', type: 'string', formula: false, quotePrefix: false });
        row[col] = { value, type: t === 's' || t === 'inlineStr' || t === 'str' ? 'string' : 'number', formula: /<f[\s>]/.test(body), quotePrefix: quoted.has(s) };
      }
      rows.push(row);
    }
    return { name: unescapeXml(m[1]!), rows };
  });
}

/**
 * The shared strings of a workbook, found before any sheet is written: the distinct texts in the
 * order `writeXlsx` numbers them (sheet by sheet, header then rows, each row left to right, a text
 * numbered at its first use), the number of uses, and per sheet the index of each header cell's text
 * and, per column, of each distinct cell's text (-1: empty or not a text). With it, the rows of the
 * sheets can be written in any order, by several threads, and give the same bytes.
 */
export interface WorkbookPlan {
  strings: string[];
  count: number;
  headerIds: number[][];
  /** per sheet, the column widths `autoWidths` gives (found in the same pass) */
  widths: number[][];
  ids: Int32Array[][];
}

/**
 * `shared`: the index arrays on SharedArrayBuffers (posted to another thread without a copy).
 * `parts`: the worksheets (`sheetParts`): a table on several uses its header texts once on each.
 */
export function planWorkbook(sheets: ColumnSheet[], shared = false, parts = sheetParts(sheets)): WorkbookPlan {
  const strings: string[] = [];
  const index = new Map<string, number>();
  const intern = (text: string): number => {
    const s = cellText(text);
    let i = index.get(s);
    if (i === undefined) { i = strings.length; strings.push(s); index.set(s, i); }
    return i;
  };
  let count = 0;
  const headerIds: number[][] = [];
  const widths: number[][] = [];
  const ids: Int32Array[][] = [];
  const worksheetsOf = new Array<number>(sheets.length).fill(0);
  for (const p of parts) worksheetsOf[p.sheet]!++;
  for (const [si, { table: t }] of sheets.entries()) {
    const worksheets = worksheetsOf[si]!;
    headerIds.push(t.header.map((h) => {
      if (h === null || h === undefined || h === '') return -1;
      count += worksheets;
      return intern(h);
    }));
    const k = t.columns.length;
    const maps = t.columns.map((c) => {
      const a = shared ? new Int32Array(new SharedArrayBuffer(c.cells.length * 4)) : new Int32Array(c.cells.length);
      return a.fill(-2); // -2: not seen yet
    });
    const codes = t.columns.map((c) => c.codes);
    const cells = t.columns.map((c) => c.cells);
    // autoWidths, from each distinct cell a row uses, met here once
    const w = t.header.map(displayWidth);
    const measured = Math.min(t.header.length, k);
    let uses = 0;
    for (let r = 0; r < t.rows; r++) {
      for (let ci = 0; ci < k; ci++) {
        const code = codes[ci]![r]!;
        if (code < 0) continue;
        const m = maps[ci]!;
        let v = m[code]!;
        if (v === -2) {
          const c = cells[ci]![code];
          v = m[code] = typeof c === 'string' && c !== '' ? intern(c) : -1;
          if (ci < measured) w[ci] = widerOf(w[ci]!, c);
        }
        if (v >= 0) uses++;
      }
    }
    widths.push(w.map(finalWidth));
    count += uses;
    for (const m of maps) for (let i = 0; i < m.length; i++) if (m[i] === -2) m[i] = -1;
    ids.push(maps);
  }
  return { strings, count, headerIds, ids, widths };
}

/** Rows [from, to) of worksheet `part` (a `SheetPart`): a piece of work for one thread. */
export interface SheetBlock {
  part: number;
  from: number;
  to: number;
}

/** Each worksheet's rows cut into blocks of about `cellsPerBlock` cells (a worksheet without rows: one empty block). */
export function sheetBlocks(sheets: ColumnSheet[], parts: SheetPart[], cellsPerBlock = 1 << 18): SheetBlock[] {
  const out: SheetBlock[] = [];
  parts.forEach((p, part) => {
    const per = Math.max(1, Math.floor(cellsPerBlock / Math.max(1, sheets[p.sheet]!.table.columns.length)));
    let from = p.from;
    do {
      const to = Math.min(p.to, from + per);
      out.push({ part, from, to });
      from = to;
    } while (from < p.to);
  });
  return out;
}

/** Writes a sheet's XML block by block, with the text indices of a `WorkbookPlan` (the bytes of `sheetXml`). */
class SheetWriter {
  /** `<c r="` and the column's letters, per column */
  private readonly open: Uint8Array[];
  /** each distinct cell's tail (`cellTail`), per column; empty cells render as nothing */
  private readonly tails: RenderedCells;
  private readonly codes: Int32Array[];
  private readonly cells: ReadonlyArray<ReadonlyArray<Cell>>;
  constructor(private readonly s: ColumnSheet, private readonly headerIds: number[], private readonly ids: Int32Array[], private readonly widths: number[]) {
    const columns = s.table.columns;
    this.open = columns.map((_, ci) => asciiBytes(`<c r="${columnName(ci)}`));
    this.tails = new RenderedCells(columns.map((c) => c.cells.length), (ci, code) => cellTail(columns[ci]!.cells[code], () => ids[ci]![code]!));
    this.codes = int32Codes(columns);
    this.cells = columns.map((c) => c.cells);
  }

  /** Rows [from, to) of worksheet `part`: with the worksheet's start when `from` is its first row, its end when `to` is past its last. */
  write(part: SheetPart, from: number, to: number): Uint8Array[] {
    const t = this.s.table;
    const count = part.to - part.from + 1;
    const lastCol = columnName(Math.max(0, t.header.length - 1));
    // one chunk for most blocks (a cell takes some 35 bytes), so the deflating seldom joins chunks
    const out = new ByteSink(Math.min(1 << 24, (to - from) * (t.columns.length + 1) * 40 + (1 << 16)));
    if (from === part.from) {
      let head = sheetPrologue(lastCol, count, this.s.widths ?? this.widths);
      for (let ci = 0; ci < t.header.length; ci++) {
        const id = this.headerIds[ci]!;
        if (id >= 0) head += `<c r="${columnName(ci)}1" s="${STYLE_HEADER}" t="s"><v>${id}</v></c>`;
      }
      out.text(head + '</row>');
    }
    writeRows(out, this.open, this.tails, this.codes, this.cells, this.ids, from, to, part.from);
    if (to === part.to) {
      out.text('</sheetData>'
        + (t.header.length ? `<autoFilter ref="A1:${lastCol}${count}"/>` : '')
        + '<pageMargins left="0.7" right="0.7" top="0.75" bottom="0.75" header="0.3" footer="0.3"/>'
        + '</worksheet>');
    }
    return out.done();
  }
}

/**
 * `<row r="N">`, then per non-empty cell `<c r="` + letters + N + the cell's tail, then `</row>`, for
 * rows [from, to) of a worksheet whose first row is table row `first` (N = r - first + 2): bytes
 * copied in one loop from the rendered tails (no call, no cell read per cell).
 */
function writeRows(out: ByteSink, open: Uint8Array[], tails: RenderedCells, codes: Int32Array[], cells: ReadonlyArray<ReadonlyArray<Cell>>, ids: Int32Array[], from: number, to: number, first: number): void {
  const k = codes.length;
  const offs = tails.off, lens = tails.len;
  let src = tails.store;
  const digits = new Uint8Array(16);
  let o = out.buf, p = out.pos;
  for (let r = from; r < to; r++) {
    let n = r - first + 2, nd = 0;
    while (n > 0) { digits[15 - nd++] = 48 + (n % 10); n = Math.floor(n / 10); }
    const d0 = 16 - nd;
    if (p + 64 > o.length) { out.pos = p; out.ensure(64); o = out.buf; p = out.pos; }
    for (let i = 0; i < 8; i++) o[p++] = ROW_OPEN[i]!;
    for (let i = d0; i < 16; i++) o[p++] = digits[i]!;
    o[p++] = 34; o[p++] = 62; // ">
    for (let ci = 0; ci < k; ci++) {
      const code = codes[ci]![r]!;
      if (code < 0) continue;
      let at = offs[ci]![code]!;
      if (at < 0) { at = addTail(tails, ci, code, cells[ci]!, ids[ci]!); src = tails.store; }
      const len = lens[ci]![code]!;
      if (len === 0) continue;
      const op = open[ci]!;
      const ol = op.length;
      if (p + ol + nd + len + 16 > o.length) { out.pos = p; out.ensure(ol + nd + len + 16); o = out.buf; p = out.pos; }
      for (let i = 0; i < ol; i++) o[p++] = op[i]!;
      for (let i = d0; i < 16; i++) o[p++] = digits[i]!;
      for (let i = at, e = at + len; i < e; i++) o[p++] = src[i]!;
    }
    for (let i = 0; i < 6; i++) o[p++] = ROW_CLOSE[i]!;
  }
  out.pos = p;
}

function sheetWriters(sheets: ColumnSheet[], plan: WorkerPlan): SheetWriter[] {
  return sheets.map((s, i) => new SheetWriter(s, plan.headerIds[i]!, plan.ids[i]!, plan.widths[i]!));
}

function sharedStringsEntry(plan: WorkbookPlan): Promise<DeflatedEntry> {
  return deflateEntryAsync({ name: 'xl/sharedStrings.xml', data: enc.encode(sharedStringsXml(plan.strings, plan.count)) });
}

/** Takes the worksheets' blocks in any order and deflates each worksheet as its blocks come in order; then the workbook. */
class WorkbookAssembler {
  private readonly deflaters: OrderedDeflate[];
  constructor(private readonly parts: SheetPart[], private readonly blocks: SheetBlock[]) {
    this.deflaters = parts.map((_, i) => {
      let first = -1, end = -1;
      blocks.forEach((b, j) => { if (b.part === i) { if (first < 0) first = j; end = j + 1; } });
      return new OrderedDeflate(sheetPath(i), first, end);
    });
  }
  put(block: number, chunks: Uint8Array[]): void {
    this.deflaters[this.blocks[block]!.part]!.put(block, chunks);
  }
  async finish(o: WorkbookOptions, sst: Promise<DeflatedEntry>): Promise<Uint8Array> {
    const meta = metaParts(this.parts, o).map(deflateEntryAsync);
    return assembleZip(await Promise.all([...this.deflaters.map((d) => d.done), sst, ...meta]), o.date);
  }
}

/**
 * `writeXlsx` (the same bytes) written in blocks after a `planWorkbook` pass, each sheet deflated on
 * libuv's thread pool while the next blocks are written. `cellsPerBlock`: tests.
 */
export async function writeXlsxAsync(sheets: Array<Sheet | ColumnSheet>, o: WorkbookOptions, cellsPerBlock?: number): Promise<Uint8Array> {
  if (sheets.length === 0) throw new Error('a workbook needs at least one sheet');
  const cs = sheets.map(columnSheet);
  const parts = sheetParts(cs, o.maxRowsPerSheet);
  const plan = planWorkbook(cs, false, parts);
  const sst = sharedStringsEntry(plan);
  const blocks = sheetBlocks(cs, parts, cellsPerBlock);
  const asm = new WorkbookAssembler(parts, blocks);
  const writers = sheetWriters(cs, plan);
  blocks.forEach((b, i) => { const p = parts[b.part]!; asm.put(i, writers[p.sheet]!.write(p, b.from, b.to)); });
  return asm.finish(o, sst);
}

/** What the worker hands the main thread of its `WorkbookPlan`. */
type WorkerPlan = Pick<WorkbookPlan, 'headerIds' | 'ids' | 'widths'>;

/** Messages of ./xlsx-worker.ts to the main thread. */
export type XlsxWorkerMessage =
  | { plan: WorkerPlan }
  | { csv: number; chunks: Uint8Array[] }
  | { bytes: Uint8Array }
  | { error: string };

/** What the main thread sends the worker: first the sheets (and the shared block counter), then the blocks it wrote. */
export type XlsxMainMessage =
  | { sheets: ColumnSheet[]; options: WorkbookOptions; next: Int32Array; csvNext?: Int32Array }
  | { block: number; chunks: Uint8Array[] };

const turn = (): Promise<void> => new Promise((r) => setImmediate(r));

/**
 * The worker's side of `writeXlsxInWorker`: plans the workbook, hands the plan to the main thread,
 * writes the blocks it claims from `next` (serving its event loop between blocks, so the deflating
 * goes on), takes in the blocks the main thread wrote (`received`), deflates every sheet in order, and
 * resolves with the workbook.
 */
export async function xlsxWorkerJob(
  sheets: ColumnSheet[], o: WorkbookOptions, next: Int32Array, post: (m: XlsxWorkerMessage, transfer?: ArrayBuffer[]) => void,
  received: (put: (block: number, chunks: Uint8Array[]) => void) => void, csvNext?: Int32Array,
): Promise<Uint8Array> {
  const parts = sheetParts(sheets, o.maxRowsPerSheet);
  const plan = planWorkbook(sheets, true, parts);
  post({ plan: { headerIds: plan.headerIds, ids: plan.ids, widths: plan.widths } });
  const blocks = sheetBlocks(sheets, parts);
  const asm = new WorkbookAssembler(parts, blocks);
  let count = 0;
  let allIn: () => void = () => {};
  const all = new Promise<void>((r) => { allIn = r; });
  const put = (block: number, chunks: Uint8Array[]): void => {
    asm.put(block, chunks);
    if (++count === blocks.length) allIn();
  };
  received(put);
  const sst = sharedStringsEntry(plan);
  const writers = sheetWriters(sheets, plan);
  for (;;) {
    const i = Atomics.add(next, 0, 1);
    if (i >= blocks.length) break;
    const b = blocks[i]!;
    const p = parts[b.part]!;
    put(i, writers[p.sheet]!.write(p, b.from, b.to));
    await turn();
  }
  // then the CSV files of the sheets' tables that the main thread has not claimed yet
  if (csvNext) {
    for (;;) {
      const i = Atomics.add(csvNext, 0, 1);
      if (i >= sheets.length) break;
      const chunks = csvColumnsChunks(sheets[i]!.table);
      post({ csv: i, chunks }, chunks.map((c) => c.buffer as ArrayBuffer));
      await turn();
    }
  }
  await all;
  return asm.finish(o, sst);
}

/**
 * `writeXlsxAsync` (the same bytes) with a worker thread (./xlsx-worker.ts): the worker plans the
 * shared strings and writes the sheets' blocks while the main thread goes on with other work; once
 * the main thread awaits the workbook, it writes blocks too (claimed one at a time from a shared
 * counter, so the two threads share the work whatever their speed) and posts them to the worker,
 * which deflates the sheets in order and answers with the workbook's bytes.
 */
export function writeXlsxInWorker(sheets: ColumnSheet[], o: WorkbookOptions): Promise<Uint8Array> {
  return startXlsxWorker().write(sheets, o);
}

/** A workbook worker started ahead of its sheets (its start-up overlaps the caller's reading). */
export interface XlsxWorker {
  /** `writeXlsxInWorker`: once only (or `writeWithCsv`). */
  write(sheets: ColumnSheet[], o: WorkbookOptions): Promise<Uint8Array>;
  /**
   * `write`, and the CSV file (`csvColumnsChunks`) of each sheet's table, made by whichever thread
   * claims it first: the caller calls `takeCsv()` until it answers false (each call makes one file on
   * the calling thread); the worker takes the others once it has claimed every block of the workbook.
   */
  writeWithCsv(sheets: ColumnSheet[], o: WorkbookOptions): CsvAndWorkbook;
}

export interface CsvAndWorkbook {
  workbook: Promise<Uint8Array>;
  /** makes the CSV file of the next unclaimed sheet here; false when none is left */
  takeCsv(): boolean;
  /** every sheet's CSV file, in the sheets' order */
  csv: Promise<Uint8Array[][]>;
}

/** Starts the worker thread of `writeXlsxInWorker` now; until `write`, it does not keep the process alive. */
export function startXlsxWorker(): XlsxWorker {
  const worker = new Worker(new URL('./xlsx-worker.js', import.meta.url));
  worker.unref();
  let early: unknown;
  const noteEarly = (e: unknown): void => { early ??= e; };
  const exitedEarly = (code: number): void => noteEarly(new Error(`workbook worker exited with ${code}`));
  worker.once('error', noteEarly);
  worker.once('exit', exitedEarly);
  const begin = (sheets: ColumnSheet[]): Error | undefined => {
    worker.off('error', noteEarly);
    worker.off('exit', exitedEarly);
    worker.ref();
    if (early !== undefined) return early instanceof Error ? early : new Error(String(early));
    if (sheets.length === 0) { void worker.terminate(); return new Error('a workbook needs at least one sheet'); }
    return undefined;
  };
  return {
    write(sheets, o) {
      const e = begin(sheets);
      return e ? Promise.reject(e) : runXlsxWorker(worker, sheets, o).workbook;
    },
    writeWithCsv(sheets, o) {
      const e = begin(sheets);
      if (e) {
        const failed = Promise.reject(e);
        failed.catch(() => {});
        return { workbook: failed, takeCsv: () => false, csv: failed as Promise<never> };
      }
      return runXlsxWorker(worker, sheets, o, true);
    },
  };
}

function runXlsxWorker(worker: Worker, sheets: ColumnSheet[], o: WorkbookOptions, withCsv = false): CsvAndWorkbook {
  const parts = sheetParts(sheets, o.maxRowsPerSheet);
  const blocks = sheetBlocks(sheets, parts);
  const next = new Int32Array(new SharedArrayBuffer(4));
  const csvNext = withCsv ? new Int32Array(new SharedArrayBuffer(4)) : undefined;
  const csvFiles = new Array<Uint8Array[] | undefined>(sheets.length);
  let csvLeft = withCsv ? sheets.length : 0;
  let csvDone: (files: Uint8Array[][]) => void = () => {};
  let csvFailed: (e: Error) => void = () => {};
  const csv = new Promise<Uint8Array[][]>((res, rej) => { csvDone = res; csvFailed = rej; });
  csv.catch(() => {}); // awaited by the caller, or never (write)
  const gotCsv = (i: number, chunks: Uint8Array[]): void => {
    csvFiles[i] = chunks;
    if (--csvLeft === 0) csvDone(csvFiles as Uint8Array[][]);
  };
  const takeCsv = (): boolean => {
    if (!csvNext) return false;
    const i = Atomics.add(csvNext, 0, 1);
    if (i >= sheets.length) return false;
    gotCsv(i, csvColumnsChunks(sheets[i]!.table));
    return true;
  };
  const workbook = new Promise<Uint8Array>((resolve, reject) => {
    let settled = false;
    const fail = (e: unknown): void => {
      if (settled) return;
      settled = true;
      void worker.terminate();
      const err = e instanceof Error ? e : new Error(String(e));
      csvFailed(err);
      reject(err);
    };
    // The main thread's share: blocks claimed one by one, the event loop served between them.
    const help = async (plan: WorkerPlan): Promise<void> => {
      const writers = sheetWriters(sheets, plan);
      for (;;) {
        if (settled) return;
        const i = Atomics.add(next, 0, 1);
        if (i >= blocks.length) return;
        const b = blocks[i]!;
        const p = parts[b.part]!;
        const chunks = writers[p.sheet]!.write(p, b.from, b.to);
        worker.postMessage({ block: i, chunks } satisfies XlsxMainMessage, chunks.map((c) => c.buffer as ArrayBuffer));
        await turn();
      }
    };
    worker.on('message', (m: XlsxWorkerMessage) => {
      if ('error' in m) fail(new Error(`workbook worker: ${m.error}`));
      else if ('plan' in m) help(m.plan).catch(fail);
      else if ('csv' in m) gotCsv(m.csv, m.chunks.map((c) => new Uint8Array(c.buffer, c.byteOffset, c.byteLength)));
      else if (!settled) {
        settled = true;
        void worker.terminate();
        resolve(new Uint8Array(m.bytes.buffer, m.bytes.byteOffset, m.bytes.byteLength));
      }
    });
    worker.once('error', fail);
    worker.once('exit', (code) => fail(new Error(`workbook worker exited with ${code}`)));
    worker.postMessage({ sheets, options: o, next, ...(csvNext ? { csvNext } : {}) } satisfies XlsxMainMessage);
  });
  return { workbook, takeCsv, csv };
}
