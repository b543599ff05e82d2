/**
 * One CSV record of an import into one normalised standard row (or row problems): credit code,
 * standard number, dates, status, models and every indicator value checked; the content SHA-256
 * of the normalised row decides "unchanged" against the stored version. Pure (no fs, no db).
 */
import { createHash } from 'node:crypto';
import { checkUscc } from './uscc.js';
import { hasUsualShape, normaliseStandardNo } from './standard-number.js';
import { parseDate } from './dates.js';
import { nfkc, parseValue } from './values.js';
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
  /** compact JSON {"<id>":"<declared text>"} of the non-empty cells, scheme order */
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

/**
 * Validates one record. Every problem goes to `sink`; returns undefined when the row has an error.
 * Indicator values are keyed in scheme order, so the JSON does not depend on the file's column order.
 */
export function normaliseRow(record: string[], line: number, mapping: HeaderMapping, sink: ProblemSink): NormalisedRow | undefined {
  const f = mapping.fields;
  const headers = mapping.headers;
  let failed = false;
  const err = (field: number | undefined, value: string, code: RowProblemCode, params: Record<string, string | number> = {}) => {
    failed = true;
    sink.error({ line, column: field === undefined ? '' : headers[field]!, value, code, params: { value, ...params } });
  };
  const warn = (field: number | undefined, value: string, code: RowProblemCode, params: Record<string, string | number> = {}) => {
    sink.warn({ line, column: field === undefined ? '' : headers[field]!, value, code, params: { value, ...params } });
  };
  const required = (id: FieldId): string => {
    const v = cell(record, f[id]);
    if (v === '') err(f[id], v, 'E_ROW_REQUIRED');
    return v;
  };

  const standardNoRaw = required('standard_no');
  const standardName = required('standard_name');
  const enterpriseName = required('enterprise_name');
  const usccRaw = required('uscc');

  let uscc = '';
  if (usccRaw !== '') {
    const c = checkUscc(usccRaw);
    uscc = c.code;
    if (!c.ok) {
      if (c.problem === 'check') warn(f.uscc, usccRaw, 'W_USCC_CHECK', { expected: c.expected, found: c.code[17]! });
      else if (c.problem === 'length') err(f.uscc, usccRaw, 'E_ROW_USCC_LENGTH', { length: c.code.length });
      else err(f.uscc, usccRaw, 'E_ROW_USCC_CHAR', { position: c.position ?? 0, char: c.char ?? '' });
    }
  }
  let standardNo = '';
  if (standardNoRaw !== '') {
    standardNo = normaliseStandardNo(standardNoRaw);
    if (!hasUsualShape(standardNo)) warn(f.standard_no, standardNoRaw, 'W_STANDARD_NO_SHAPE', { normalised: standardNo });
  }

  const date = (id: FieldId): string | null => {
    const v = cell(record, f[id]);
    if (v === '') return null;
    const iso = parseDate(v);
    if (iso === undefined) { err(f[id], v, 'E_ROW_DATE'); return null; }
    return iso;
  };
  const publicDate = date('public_date');
  const issueDate = date('issue_date');
  const implementationDate = date('implementation_date');

  let status: '现行' | '废止' = '现行';
  const statusRaw = cell(record, f.status);
  if (statusRaw !== '') {
    const s = STATUS[nfkc(statusRaw).trim().toLowerCase()];
    if (s) status = s;
    else err(f.status, statusRaw, 'E_ROW_STATUS');
  }

  const opt = (id: FieldId): string | null => {
    const v = cell(record, f[id]);
    return v === '' ? null : v;
  };
  const product = opt('product');
  const brand = opt('brand');
  const region = opt('region');
  let models: string | null = null;
  const modelsRaw = cell(record, f.models);
  if (modelsRaw !== '') {
    const list = nfkc(modelsRaw).split(MODEL_SEP).map((m) => m.trim()).filter((m) => m !== '');
    if (list.length) models = JSON.stringify(list);
  }

  let valuesJson = '{';
  let rawJson = '{';
  for (const { index, indicator } of mapping.indicators) {
    const text = cell(record, index);
    if (text === '') continue;
    const p = parseValue(indicator, text);
    if (p.error) { err(index, text, p.error.code, p.error.params); continue; }
    if (p.warnings) for (const w of p.warnings) warn(index, text, w.code, w.params);
    if (p.value === null) continue;
    const key = JSON.stringify(indicator.id);
    if (valuesJson.length > 1) { valuesJson += ','; rawJson += ','; }
    valuesJson += key + ':' + JSON.stringify(p.value);
    rawJson += key + ':' + JSON.stringify(text);
  }
  valuesJson += '}';
  rawJson += '}';
  if (failed) return undefined;

  const h = createHash('sha256');
  h.update([standardName, enterpriseName, product ?? '\u0000', brand ?? '\u0000', models ?? '\u0000', publicDate ?? '\u0000',
    issueDate ?? '\u0000', implementationDate ?? '\u0000', status, region ?? '\u0000', valuesJson].join('\u001f'));
  return {
    line, uscc, standardNo, standardNoRaw, standardName, enterpriseName, product, brand, models,
    publicDate, issueDate, implementationDate, status, region, valuesJson, rawJson, contentSha256: h.digest('hex'),
  };
}
