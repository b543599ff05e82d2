/**
 * Declared indicator values (scoring.md §2): text in, canonical text out. Numbers become canonical
 * decimal TEXT (never a binary float), grades the scheme's grade name, booleans "true"/"false";
 * empty text is missing. Comparators are dropped (the value is scored at the bound), a unit after
 * the number must be the scheme's unit, a range is scored at its weaker end. Pure.
 */
import { normaliseKey, type Indicator } from './scheme-model.js';

export type ValueProblemCode =
  | 'E_VALUE_NUMBER' | 'E_VALUE_UNIT' | 'E_VALUE_GRADE' | 'E_VALUE_BOOLEAN'
  | 'W_VALUE_RANGE' | 'W_VALUE_COMPARATOR' | 'W_VALUE_UNIT_UNCHECKED';

export interface ValueProblem {
  code: ValueProblemCode;
  params: Record<string, string>;
}

export interface ParsedValue {
  /** canonical text, or null when the cell is empty (missing) */
  value: string | null;
  /** an error (the row is rejected) */
  error?: ValueProblem;
  /** warnings (the value is still used) */
  warnings?: ValueProblem[];
}

/**
 * Text NFKC leaves as it is: printable ASCII, CJK unified ideographs, ≤ ≥ 、 。 (no decomposition and
 * nothing they could compose with).
 */
const NFKC_STABLE = /^[\x20-\x7e\u4e00-\u9fff\u2264\u2265\u3001\u3002]*$/;

/** NFKC, only when the text may change (NFKC is the identity on NFKC_STABLE text). */
export function nfkc(s: string): string {
  return NFKC_STABLE.test(s) ? s : s.normalize('NFKC');
}

type Bound = 'le' | 'ge';
/** Longest first. `le`: the value is an upper bound (≤); `ge`: a lower bound (≥). */
const COMPARATORS: Array<[string, Bound]> = [
  ['不大于', 'le'], ['不高于', 'le'], ['不超过', 'le'], ['不多于', 'le'],
  ['不小于', 'ge'], ['不低于', 'ge'], ['不少于', 'ge'],
  ['小于', 'le'], ['大于', 'ge'],
  ['<=', 'le'], ['>=', 'ge'], ['≤', 'le'], ['≥', 'ge'], ['≦', 'le'], ['≧', 'ge'], ['<', 'le'], ['>', 'ge'],
];

const NUMBER = /^([+-])?(?:(\d+)(?:\.(\d*))?|\.(\d+))(?:[eE]([+-]?\d{1,3}))?/;
const RANGE_SEP = /^(.*?)\s*(?:~|〜|至|–|—|-)\s*(?=[+-]?\.?\d)/;

/**
 * Canonical decimal text of a number written as sign, integer digits, fraction digits and a decimal
 * exponent: no leading zeros, the declared fraction digits kept ("6.50" stays "6.50"), no "-0".
 */
export function canonicalDecimal(sign: string, int: string, frac: string, exp: number): string {
  let digits = int + frac;
  let point = int.length + exp; // position of the decimal point in `digits`
  if (point < 0) { digits = '0'.repeat(-point) + digits; point = 0; }
  if (point > digits.length) { digits = digits + '0'.repeat(point - digits.length); }
  let ip = digits.slice(0, point).replace(/^0+/, '');
  const fp = digits.slice(point);
  if (ip === '') ip = '0';
  const zero = /^0*$/.test(ip + fp);
  return (sign === '-' && !zero ? '-' : '') + ip + (fp.length ? '.' + fp : '');
}

interface NumberMatch { text: string; length: number }

function matchNumber(s: string): NumberMatch | undefined {
  const m = NUMBER.exec(s);
  if (!m) return undefined;
  const sign = m[1] ?? '';
  const int = m[2] ?? (m[4] !== undefined ? '0' : '');
  const frac = m[3] ?? m[4] ?? '';
  const exp = m[5] ? Number(m[5]) : 0;
  return { text: canonicalDecimal(sign, int, frac, exp), length: m[0].length };
}

/** Compares two canonical decimals exactly: -1, 0, 1. */
export function compareDecimal(a: string, b: string): number {
  const na = a.startsWith('-'), nb = b.startsWith('-');
  if (na !== nb) return na ? -1 : 1;
  const [ai, af = ''] = (na ? a.slice(1) : a).split('.');
  const [bi, bf = ''] = (nb ? b.slice(1) : b).split('.');
  let c = ai!.length !== bi!.length ? (ai!.length < bi!.length ? -1 : 1) : ai! < bi! ? -1 : ai! > bi! ? 1 : 0;
  if (c === 0) {
    const len = Math.max(af.length, bf.length);
    const x = af.padEnd(len, '0'), y = bf.padEnd(len, '0');
    c = x < y ? -1 : x > y ? 1 : 0;
  }
  return na ? -c : c;
}

function unitKey(u: string): string {
  return u.replace(/\s+/gu, '').toLowerCase();
}

const TRUE_WORDS = new Set(['是', '符合', '有', 'yes', 'y', 'true', '1', '通过', '√']);
const FALSE_WORDS = new Set(['否', '不符合', '无', 'no', 'n', 'false', '0', '不通过', '×']);

/** `^(?:0|[1-9]\d*)(?:\.\d+)?$`: a plain number with no sign, unit or comparator, already canonical. */
export function isPlainNumber(s: string): boolean {
  const n = s.length;
  if (n === 0) return false;
  let c = s.charCodeAt(0);
  let i = 1;
  if (c !== 48) {
    if (c < 49 || c > 57) return false;
    while (i < n && (c = s.charCodeAt(i)) >= 48 && c <= 57) i++;
  }
  if (i === n) return true;
  if (s.charCodeAt(i) !== 46 || i + 1 === n) return false;
  for (i++; i < n; i++) {
    c = s.charCodeAt(i);
    if (c < 48 || c > 57) return false;
  }
  return true;
}

const gradeIndex = new WeakMap<Indicator, Map<string, string>>();

/** Parses one indicator's cells: `text` as read (already trimmed) -> canonical value or problems. */
export type ValueParser = (text: string) => ParsedValue;

/**
 * Results per indicator and cell text: declared values repeat (the same `≥7.8`, `54.3dB`, `1级` on
 * many rows) and parsing is pure, so a text is parsed once. Bounded: cleared when full. The results
 * are shared: callers never change them.
 */
const MEMO_MAX = 1024;
const parsers = new WeakMap<Indicator, ValueParser>();

/** The parser of one indicator's values (memoised per text). */
export function valueParser(ind: Indicator): ValueParser {
  let parser = parsers.get(ind);
  if (parser === undefined) {
    const numeric = ind.type === 'higher' || ind.type === 'lower';
    const memo = new Map<string, ParsedValue>();
    parser = (text) => {
      if (text === '') return { value: null };
      // fast path: a plain number with no sign, unit or comparator is already canonical
      if (numeric && isPlainNumber(text)) return { value: text };
      let r = memo.get(text);
      if (r === undefined) {
        r = parseValueText(ind, text);
        if (memo.size >= MEMO_MAX) memo.clear();
        memo.set(text, r);
      }
      return r;
    };
    parsers.set(ind, parser);
  }
  return parser;
}

/** Parses one declared value for an indicator. `text` is the cell as read (already trimmed). */
export function parseValue(ind: Indicator, text: string): ParsedValue {
  return valueParser(ind)(text);
}

function parseValueText(ind: Indicator, text: string): ParsedValue {
  let s = nfkc(text).trim();
  if (s === '') return { value: null };
  if (ind.type === 'boolean') {
    const k = s.toLowerCase();
    if (TRUE_WORDS.has(k)) return { value: 'true' };
    if (FALSE_WORDS.has(k)) return { value: 'false' };
    return { value: null, error: { code: 'E_VALUE_BOOLEAN', params: { value: text } } };
  }
  if (ind.type === 'grade') {
    const grades = ind.role === 'core' ? ind.grades ?? [] : [];
    let index = gradeIndex.get(ind);
    if (!index) {
      index = new Map();
      for (const g of grades) { index.set(g, g); index.set(normaliseKey(g), g); }
      gradeIndex.set(ind, index);
    }
    const hit = index.get(s) ?? index.get(normaliseKey(s));
    if (hit !== undefined) return { value: hit };
    return { value: null, error: { code: 'E_VALUE_GRADE', params: { value: text, grades: grades.join(' / ') } } };
  }
  // higher / lower: [comparator] number [unit] [sep number [unit]]
  const warnings: ValueProblem[] = [];
  s = s.replace(/\u2212/g, '-');
  let bound: Bound | undefined;
  for (const [word, b] of COMPARATORS) {
    if (s.startsWith(word)) { bound = b; s = s.slice(word.length).trimStart(); break; }
  }
  const n1 = matchNumber(s);
  if (!n1) return { value: null, error: { code: 'E_VALUE_NUMBER', params: { value: text } } };
  let rest = s.slice(n1.length).trim();
  let value = n1.text;
  const units: string[] = [];
  if (rest !== '') {
    const r = RANGE_SEP.exec(rest);
    if (r && !bound) {
      const afterSep = rest.slice(r[0].length);
      const n2 = matchNumber(afterSep);
      if (!n2) return { value: null, error: { code: 'E_VALUE_NUMBER', params: { value: text } } };
      if (r[1]) units.push(r[1]);
      const tail = afterSep.slice(n2.length).trim();
      if (tail) units.push(tail);
      const lo = compareDecimal(n1.text, n2.text) <= 0 ? n1.text : n2.text;
      const hi = lo === n1.text ? n2.text : n1.text;
      value = ind.type === 'higher' ? lo : hi;
      warnings.push({ code: 'W_VALUE_RANGE', params: { value: text, used: value } });
      rest = '';
    } else {
      units.push(rest);
    }
  }
  for (const u of units) {
    if (ind.unit !== undefined) {
      if (unitKey(u) !== unitKey(nfkc(ind.unit))) {
        return { value: null, error: { code: 'E_VALUE_UNIT', params: { value: text, unit: u, expected: ind.unit } } };
      }
    } else {
      warnings.push({ code: 'W_VALUE_UNIT_UNCHECKED', params: { value: text, unit: u } });
    }
  }
  if (bound && ((bound === 'ge' && ind.type === 'lower') || (bound === 'le' && ind.type === 'higher'))) {
    warnings.push({ code: 'W_VALUE_COMPARATOR', params: { value: text, direction: ind.type } });
  }
  return warnings.length ? { value, warnings } : { value };
}
