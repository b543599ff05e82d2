/**
 * Dates as Chinese offices write them: `2026-03-15`, `2026/3/15`, `2026.3.15`, `2026年3月15日`
 * (full-width digits allowed; an Excel time of day such as ` 0:00` is ignored) to ISO `YYYY-MM-DD`.
 * Pure; an impossible date (2026-02-30) is rejected.
 */
import { nfkc } from './values.js';

const DATE = /^(\d{4})\s*(?:[-/.]|年)\s*(\d{1,2})\s*(?:[-/.]|月)\s*(\d{1,2})\s*日?(?:\s+\d{1,2}:\d{2}(?::\d{2})?)?$/;
const COMPACT = /^(\d{4})(\d{2})(\d{2})$/;

const DIGITS_AT = [0, 1, 2, 3, 5, 6, 8, 9];

/** `^\d{4}-(?:0[1-9]|1[0-2])-(?:0[1-9]|1\d|2[0-8])$` by character codes: an ISO date that is always real. */
function isSafeIso(t: string): boolean {
  if (t.length !== 10 || t.charCodeAt(4) !== 45 || t.charCodeAt(7) !== 45) return false;
  for (const i of DIGITS_AT) {
    const c = t.charCodeAt(i);
    if (c < 48 || c > 57) return false;
  }
  const mo = (t.charCodeAt(5) - 48) * 10 + t.charCodeAt(6) - 48;
  const d = (t.charCodeAt(8) - 48) * 10 + t.charCodeAt(9) - 48;
  return mo >= 1 && mo <= 12 && d >= 1 && d <= 28;
}

/** Results per text (dates repeat across rows); bounded, cleared when full. */
const MEMO_MAX = 1024;
const memo = new Map<string, string | undefined>();

/** ISO date, or undefined when the text is not a date. Empty text is the caller's business. */
export function parseDate(text: string): string | undefined {
  if (isSafeIso(text)) return text; // always a real date (day <= 28)
  let r = memo.get(text);
  if (r === undefined && !memo.has(text)) {
    r = parseDateText(text);
    if (memo.size >= MEMO_MAX) memo.clear();
    memo.set(text, r);
  }
  return r;
}

function parseDateText(text: string): string | undefined {
  const s = nfkc(text).trim();
  const m = DATE.exec(s) ?? COMPACT.exec(s);
  if (!m) return undefined;
  const y = Number(m[1]), mo = Number(m[2]), d = Number(m[3]);
  if (mo < 1 || mo > 12 || d < 1) return undefined;
  const days = [31, (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0 ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][mo - 1]!;
  if (d > days) return undefined;
  return `${m[1]}-${String(mo).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}
