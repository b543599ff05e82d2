/**
 * Enterprise standard numbers (企业标准编号) such as `Q/SXDJX001-2021`, `Q/SF C0012S 6-2022`:
 * normalised (NFKC, upper case, full-width ／－ and dash variants to ASCII, spaces collapsed) for
 * identity, and an unusual shape warned about, never rejected. Pure.
 */

const DASHES = /[\u2010\u2011\u2012\u2013\u2014\u2015\u2212\uFE58\uFE63\uFF0D]/g;
const ASCII_PRINTABLE = /^[\x20-\x7e]*$/;

/** True when `raw` is printable ASCII without lower-case letters, outer spaces or double spaces (already normal). */
function isNormal(raw: string): boolean {
  const n = raw.length;
  if (n === 0 || raw.charCodeAt(0) === 32 || raw.charCodeAt(n - 1) === 32) return n === 0;
  let prevSpace = false;
  for (let i = 0; i < n; i++) {
    const c = raw.charCodeAt(i);
    if (c < 32 || c > 126 || (c >= 97 && c <= 122)) return false;
    const space = c === 32;
    if (space && prevSpace) return false;
    prevSpace = space;
  }
  return true;
}

export function normaliseStandardNo(raw: string): string {
  if (isNormal(raw)) return raw;
  let s = ASCII_PRINTABLE.test(raw) ? raw : raw.normalize('NFKC').replace(DASHES, '-').replace(/[\uFF0F\u2215\u2044]/g, '/');
  s = s.replace(/\s+/gu, ' ').trim();
  return s.toUpperCase();
}

/** The usual shape: `Q/` + enterprise code + sequence + `-` + a four-digit year. */
const USUAL = /^Q\/ ?[0-9A-Z][0-9A-Z .]*-(19|20)\d{2}$/;

/** True when a normalised number has the usual shape. */
export function hasUsualShape(normalised: string): boolean {
  return USUAL.test(normalised);
}
