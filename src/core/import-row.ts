/**
 * One CSV record of an import into one normalised standard row (or row problems): credit code,
 * standard number, dates, status, models and every indicator value checked; the content SHA-256
 * of the normalised row decides "unchanged" against the stored version. Pure (no fs, no db).
 */
import * as crypto from 'node:crypto';
import { checkUscc } from './uscc.js';
import { hasUsualShape, normaliseStandardNo } from './standard-number.js';
import { parseDate } from './dates.js';
import { nfkc, valueParser, type ValueParser } from './values.js';
import type { FieldId, HeaderMapping } from './headers.js';

export type RowProblemCode =
  | 'E_ROW_REQUIRED' | 'E_ROW_USCC_LENGTH' | 'E_ROW_USCC_CHAR' | 'E_ROW_DATE' | 'E_ROW_STATUS' | 'E_ROW_DUPLICATE'
  | 'E_VALUE_NUMBER' | 'E_VALUE_UNIT' | 'E_VALUE_GRADE' | 'E_VALUE_BOOLEAN'
  | 'W_USCC_CHECK' | 'W_STANDARD_NO_SHAPE' | 'W_VALUE_RANGE' | 'W_VALUE_COMPARATOR' | 'W_VALUE_UNIT_UNCHECKED'
  | 'E_CSV_COLUMNS' | 'E_CSV_QUOTE' | 'E_CSV_PARSE'
  | 'E_HEADER_UNKNOWN' | 'E_HEADER_DUPLICATE' | 'E_HEADER_MISSING' | 'E_HEADER_EMPTY' | 'W_INDICATOR_COLUMN_MISSING';

/** A problem found while importing: where (line, column header), what was there, and a message code. */
export interface ImportProblem {
  line: number;
  /** the column's header as written in the file ('' when the whole row is concerned) */
  column: string;
  value: string;
  code: RowProblemCode;
  params: Record<string, string | number>;
}

export interface ProblemSink {
  error(p: ImportProblem): void;
  warn(p: ImportProblem): void;
}

export interface NormalisedRow {
  line: number;
  uscc: string;
  standardNo: string;
  standardNoRaw: string;
  standardName: string;
  enterpriseName: string;
  product: string | null;
  brand: string | null;
  /** JSON array text, or null */
  models: string | null;
  publicDate: string | null;
  issueDate: string | null;
  implementationDate: string | null;
  status: '现行' | '废止';
  region: string | null;
  /** compact JSON {"<id>":"<canonical value>"} of the non-empty values, scheme order */
  valuesJson: string;
  /** the same values as [id, value, id, value, …] (what the store's columnar copy reads, without parsing the JSON) */
  valuePairs: string[];
  /**
   * compact JSON {"<id>":"<declared text>"} of the cells whose text differs from the parsed value,
   * scheme order (a stored version's declared texts are its values overlaid with these)
   */
  rawJson: string;
  contentSha256: string;
}

const STATUS: Record<string, '现行' | '废止'> = {
  现行: '现行', 有效: '现行', current: '现行', 'in force': '现行', active: '现行',
  废止: '废止', 作废: '废止', abolished: '废止', withdrawn: '废止', repealed: '废止',
};

const MODEL_SEP = /[;、,\n\r]+/;

function cell(record: string[], index: number | undefined): string {
  if (index === undefined) return '';
  const v = record[index];
  return v === undefined ? '' : v.trim();
}

const NUL = '\u0000';

/** JSON.stringify of a string, without the call when nothing needs escaping (the usual cell). */
export function jsonString(s: string): string {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x20 || c === 0x22 || c === 0x5c || (c >= 0xd800 && c <= 0xdfff)) return JSON.stringify(s);
  }
  return '"' + s + '"';
}

/**
 * True when `raw` holds a single model name as it stands: printable ASCII or CJK ideographs (NFKC
 * leaves them), no separator, no blank at either end.
 */
function isSingleModel(raw: string): boolean {
  const n = raw.length;
  if (n === 0 || raw.charCodeAt(0) === 32 || raw.charCodeAt(n - 1) === 32) return false;
  for (let i = 0; i < n; i++) {
    const c = raw.charCodeAt(i);
    if (c < 0x20 || c === 0x3b || c === 0x2c || (c > 0x7e && (c < 0x4e00 || c > 0x9fff))) return false;
  }
  return true;
}

/** `A1；A2、A3` -> `["A1","A2","A3"]` (null when no name is left). */
function modelsJson(raw: string): string | null {
  if (isSingleModel(raw)) return '[' + jsonString(raw) + ']';
  const parts = nfkc(raw).split(MODEL_SEP);
  let out = '';
  for (const p of parts) {
    const m = p.trim();
    if (m === '') continue;
    out += (out === '' ? '[' : ',') + jsonString(m);
  }
  return out === '' ? null : out + ']';
}

/** Per-row state, reused: avoids a closure per field on million-row files. */
class RowCheck {
  failed = false;
  constructor(readonly record: string[], readonly line: number, readonly headers: string[], readonly sink: ProblemSink) {}
  err(field: number | undefined, value: string, code: RowProblemCode, params?: Record<string, string | number>): void {
    this.failed = true;
    this.sink.error({ line: this.line, column: field === undefined ? '' : this.headers[field]!, value, code, params: { value, ...params } });
  }
  warn(field: number | undefined, value: string, code: RowProblemCode, params?: Record<string, string | number>): void {
    this.sink.warn({ line: this.line, column: field === undefined ? '' : this.headers[field]!, value, code, params: { value, ...params } });
  }
  required(index: number | undefined): string {
    const v = cell(this.record, index);
    if (v === '') this.err(index, v, 'E_ROW_REQUIRED');
    return v;
  }
  optional(index: number | undefined): string | null {
    const v = cell(this.record, index);
    return v === '' ? null : v;
  }
  date(index: number | undefined): string | null {
    const v = cell(this.record, index);
    if (v === '') return null;
    const iso = parseDate(v);
    if (iso === undefined) { this.err(index, v, 'E_ROW_DATE'); return null; }
    return iso;
  }
}

/**
 * Validates one record. Every problem goes to `sink`; returns undefined when the row has an error.
 * Indicator values are keyed in scheme order, so the JSON does not depend on the file's column order.
 */
export function normaliseRow(record: string[], line: number, mapping: HeaderMapping, sink: ProblemSink): NormalisedRow | undefined {
  const f = mapping.fields;
  const c = new RowCheck(record, line, mapping.headers, sink);

  const standardNoRaw = c.required(f.standard_no);
  const standardName = c.required(f.standard_name);
  const enterpriseName = c.required(f.enterprise_name);
  const usccRaw = c.required(f.uscc);

  let uscc = '';
  if (usccRaw !== '') {
    const u = checkUscc(usccRaw);
    uscc = u.code;
    if (!u.ok) {
      if (u.problem === 'check') c.warn(f.uscc, usccRaw, 'W_USCC_CHECK', { expected: u.expected, found: u.code[17]! });
      else if (u.problem === 'length') c.err(f.uscc, usccRaw, 'E_ROW_USCC_LENGTH', { length: u.code.length });
      else c.err(f.uscc, usccRaw, 'E_ROW_USCC_CHAR', { position: u.position ?? 0, char: u.char ?? '' });
    }
  }
  let standardNo = '';
  if (standardNoRaw !== '') {
    standardNo = normaliseStandardNo(standardNoRaw);
    if (!hasUsualShape(standardNo)) c.warn(f.standard_no, standardNoRaw, 'W_STANDARD_NO_SHAPE', { normalised: standardNo });
  }

  const publicDate = c.date(f.public_date);
  const issueDate = c.date(f.issue_date);
  const implementationDate = c.date(f.implementation_date);

  let status: '现行' | '废止' = '现行';
  const statusRaw = cell(record, f.status);
  if (statusRaw !== '' && statusRaw !== '现行') {
    const st = STATUS[nfkc(statusRaw).trim().toLowerCase()];
    if (st) status = st;
    else c.err(f.status, statusRaw, 'E_ROW_STATUS');
  }

  const product = c.optional(f.product);
  const brand = c.optional(f.brand);
  const region = c.optional(f.region);
  let models: string | null = null;
  const modelsRaw = cell(record, f.models);
  if (modelsRaw !== '') models = modelsJson(modelsRaw);

  let valuesJson = '{';
  let rawJson = '{';
  const valuePairs: string[] = [];
  const inds = mapping.indicators;
  const parse = parsersOf(mapping);
  for (let i = 0; i < inds.length; i++) {
    const { index, indicator, key } = inds[i]!;
    const text = cell(record, index);
    if (text === '') continue;
    const p = parse[i]!(text);
    if (p.error) { c.err(index, text, p.error.code, p.error.params); continue; }
    if (p.warnings) for (const w of p.warnings) c.warn(index, text, w.code, w.params);
    if (p.value === null) continue;
    if (valuesJson.length > 1) valuesJson += ',';
    const t = indicator.type;
    // canonical decimals and true/false never need escaping
    const v = t === 'higher' || t === 'lower' || t === 'boolean' ? '"' + p.value + '"' : jsonString(p.value);
    valuesJson += key + ':' + v;
    valuePairs.push(indicator.id, p.value);
    // declared texts only where they differ from the parsed value (readers take the value otherwise)
    if (text !== p.value) rawJson += (rawJson.length > 1 ? ',' : '') + key + ':' + jsonString(text);
  }
  valuesJson += '}';
  rawJson += '}';
  if (c.failed) return undefined;

  const contentSha256 = sha256Hex(standardName + '\u001f' + enterpriseName + '\u001f' + (product ?? NUL) + '\u001f' + (brand ?? NUL) + '\u001f' +
    (models ?? NUL) + '\u001f' + (publicDate ?? NUL) + '\u001f' + (issueDate ?? NUL) + '\u001f' + (implementationDate ?? NUL) + '\u001f' +
    status + '\u001f' + (region ?? NUL) + '\u001f' + valuesJson);
  return {
    line, uscc, standardNo, standardNoRaw, standardName, enterpriseName, product, brand, models,
    publicDate, issueDate, implementationDate, status, region, valuesJson, valuePairs, rawJson, contentSha256,
  };
}

const parsersByMapping = new WeakMap<HeaderMapping, ValueParser[]>();
/** The value parser of each indicator column, in mapping order. */
function parsersOf(mapping: HeaderMapping): ValueParser[] {
  let p = parsersByMapping.get(mapping);
  if (p === undefined) {
    p = mapping.indicators.map((c) => valueParser(c.indicator));
    parsersByMapping.set(mapping, p);
  }
  return p;
}

/**
 * SHA-256 (hex) of the UTF-8 bytes of `s`. One-shot crypto.hash where the runtime has it (faster than
 * createHash per row), fed a Buffer: in isolation, encoding a concatenated CJK string into a reused
 * buffer first is 2-3x faster than handing crypto.hash the string (in a whole import the gain is
 * within the noise of a shared machine). Same bytes, same digest.
 */
const oneShot = (crypto as unknown as { hash?: (alg: string, data: string | Uint8Array, enc: 'hex') => string }).hash;
let scratch = Buffer.allocUnsafe(1 << 16);
function sha256Hex(s: string): string {
  if (!oneShot) return crypto.createHash('sha256').update(s).digest('hex');
  if (s.length * 3 > scratch.length) scratch = Buffer.allocUnsafe(s.length * 3); // UTF-8: <= 3 bytes a UTF-16 unit
  const n = scratch.write(s, 0, 'utf8');
  return oneShot('sha256', scratch.subarray(0, n), 'hex');
}
