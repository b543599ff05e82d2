/**
 * CSV header mapping for an import: the field names of shared/domain.md (Chinese and English) and
 * the scheme's indicator ids, names and aliases, compared after NFKC, trimming and case-folding.
 * Every unknown, duplicate and missing required header is reported at once, before any row. Pure.
 */
import { normaliseKey, type Indicator, type Scheme } from './scheme-model.js';

export type FieldId =
  | 'standard_no' | 'standard_name' | 'enterprise_name' | 'uscc' | 'product' | 'brand' | 'models'
  | 'public_date' | 'issue_date' | 'implementation_date' | 'status' | 'region';

/** Accepted headers per field (matched with normaliseKey). */
export const FIELD_HEADERS: Record<FieldId, string[]> = {
  standard_no: ['标准编号', '执行标准', '标准号', 'standard_no', 'standard no', 'standard number'],
  standard_name: ['标准名称', 'standard_name', 'standard name'],
  enterprise_name: ['企业名称', '机构名称', 'enterprise_name', 'enterprise name', 'enterprise'],
  uscc: ['统一社会信用代码', '信用代码', 'uscc', 'credit_code', 'credit code'],
  product: ['产品名称', '产品', 'product', 'product name'],
  brand: ['品牌', 'brand'],
  models: ['型号', '规格型号', '产品型号', 'model', 'models'],
  public_date: ['公开日期', '公开时间', 'public_date', 'public date'],
  issue_date: ['发布日期', 'issue_date', 'issue date'],
  implementation_date: ['实施日期', 'implementation_date', 'implementation date'],
  status: ['状态', '标准状态', 'status'],
  region: ['行政区划', '地区', '所在地区', 'region'],
};

export const REQUIRED_FIELDS: FieldId[] = ['standard_no', 'standard_name', 'enterprise_name', 'uscc'];

/** Columns spreadsheets commonly add that carry nothing to import: accepted and ignored. */
export const IGNORED_HEADERS = ['序号', '编号序号', '备注', 'no.', 'no', '#', 'remark', 'remarks', 'note', 'notes'];

export type HeaderProblemCode =
  | 'E_HEADER_UNKNOWN' | 'E_HEADER_DUPLICATE' | 'E_HEADER_MISSING' | 'E_HEADER_EMPTY' | 'W_INDICATOR_COLUMN_MISSING';

export interface HeaderProblem {
  /** the header as written (or the field / indicator name for missing ones) */
  column: string;
  code: HeaderProblemCode;
  params: Record<string, string | number>;
}

export interface HeaderMapping {
  /** column index per field */
  fields: Partial<Record<FieldId, number>>;
  /** indicator columns, in scheme order */
  indicators: Array<{ index: number; indicator: Indicator; /** JSON.stringify(indicator.id) */ key: string }>;
  /** the header text of every column, as written (trimmed) */
  headers: string[];
}

let fieldIndex: Map<string, FieldId> | undefined;
function fieldKeys(): Map<string, FieldId> {
  if (!fieldIndex) {
    fieldIndex = new Map();
    for (const [id, names] of Object.entries(FIELD_HEADERS) as Array<[FieldId, string[]]>) {
      for (const n of names) fieldIndex.set(normaliseKey(n), id);
    }
  }
  return fieldIndex;
}
const ignoredKeys = new Set(IGNORED_HEADERS.map(normaliseKey));

/** Maps a header row; `errors` non-empty means no row may be read. */
export function mapHeaders(headers: string[], scheme: Scheme): { mapping: HeaderMapping; errors: HeaderProblem[]; warnings: HeaderProblem[] } {
  const errors: HeaderProblem[] = [];
  const warnings: HeaderProblem[] = [];
  const indicatorKeys = new Map<string, Indicator>();
  for (const ind of scheme.indicators) {
    for (const n of [ind.id, ind.name, ...(ind.aliases ?? [])]) {
      const k = normaliseKey(n);
      if (!indicatorKeys.has(k)) indicatorKeys.set(k, ind);
    }
  }
  const mapping: HeaderMapping = { fields: {}, indicators: [], headers: headers.map((h) => h.trim()) };
  const seen = new Map<string, number>(); // field id or "ind:<id>" -> column index
  headers.forEach((raw, i) => {
    const h = raw.trim();
    const column = i + 1;
    if (h === '') {
      errors.push({ column: `#${column}`, code: 'E_HEADER_EMPTY', params: { index: column } });
      return;
    }
    const k = normaliseKey(h);
    const field = fieldKeys().get(k);
    const ind = field ? undefined : indicatorKeys.get(k);
    const key = field ?? (ind ? `ind:${ind.id}` : undefined);
    if (key === undefined) {
      if (ignoredKeys.has(k)) return;
      errors.push({ column: h, code: 'E_HEADER_UNKNOWN', params: { header: h, index: column } });
      return;
    }
    const first = seen.get(key);
    if (first !== undefined) {
      errors.push({ column: h, code: 'E_HEADER_DUPLICATE', params: { header: h, index: column, first: mapping.headers[first]!, firstIndex: first + 1 } });
      return;
    }
    seen.set(key, i);
    if (field) mapping.fields[field] = i;
    else mapping.indicators.push({ index: i, indicator: ind!, key: JSON.stringify(ind!.id) });
  });
  // scheme order, so stored JSON keys do not depend on the file's column order
  const order = new Map(scheme.indicators.map((ind, i) => [ind.id, i]));
  mapping.indicators.sort((a, b) => order.get(a.indicator.id)! - order.get(b.indicator.id)!);
  for (const f of REQUIRED_FIELDS) {
    if (mapping.fields[f] === undefined) {
      errors.push({ column: FIELD_HEADERS[f][0]!, code: 'E_HEADER_MISSING', params: { header: FIELD_HEADERS[f][0]!, accepted: FIELD_HEADERS[f].join(' / ') } });
    }
  }
  for (const ind of scheme.indicators) {
    if (!seen.has(`ind:${ind.id}`)) {
      warnings.push({ column: ind.name, code: 'W_INDICATOR_COLUMN_MISSING', params: { id: ind.id, name: ind.name } });
    }
  }
  return { mapping, errors, warnings };
}
