/**
 * Ranks (scoring.md §5): standard competition ranking ("1224", RANK.EQ) on rounded totals, display
 * order inside a tie by standard number then credit code, and single-indicator rankings grouped by
 * level with non-discriminating indicators marked.
 */

/** Code-unit order: deterministic on every machine (never locale-dependent). */
export function cmpText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * Rows ordered by standard number, then credit code (code-unit order): the order inside a tie, of
 * the excluded list and inside a level of a single-indicator ranking. Returns, for each row, its
 * position in that order.
 */
export function numberOrder(n: number, standardNo: (i: number) => string, uscc: (i: number) => string): Int32Array {
  const pos = new Int32Array(n);
  // Fast path: the built-in sort (code-unit order) of "number NUL code NUL index" keys, when no field holds a
  // NUL and the index is fixed-width; the same order as the comparator below.
  const width = String(n).length;
  const keys = new Array<string>(n);
  let plain = true;
  for (let i = 0; i < n && plain; i++) {
    const a = standardNo(i);
    const b = uscc(i);
    if (a.includes('\0') || b.includes('\0')) plain = false;
    keys[i] = `${a}\0${b}\0${String(i).padStart(width, '0')}`;
  }
  if (plain) {
    keys.sort();
    for (let k = 0; k < n; k++) { const key = keys[k]!; pos[Number(key.slice(key.length - width))] = k; }
    return pos;
  }
  const idx = Array.from({ length: n }, (_, i) => i);
  const no = idx.map(standardNo);
  idx.sort((a, b) => cmpText(no[a]!, no[b]!) || cmpText(uscc(a), uscc(b)));
  for (let k = 0; k < n; k++) pos[idx[k]!] = k;
  return pos;
}

/**
 * Display order of `rows` by integer total (higher first), ties by `noPos` (the standard-number
 * order). Totals are integers at the total decimals (exact); a typed-array sort on a packed key
 * when it fits a double exactly, a comparator otherwise.
 */
export function displayOrder(totals: ArrayLike<number | bigint>, noPos: Int32Array, rows: ArrayLike<number>): Int32Array {
  const n = noPos.length;
  const m = rows.length;
  let min = Infinity;
  let max = -Infinity;
  let numbers = true;
  for (let j = 0; j < m; j++) {
    const t = totals[rows[j]!]!;
    if (typeof t !== 'number') { numbers = false; break; }
    if (t < min) min = t;
    if (t > max) max = t;
  }
  if (numbers && m && (max - min + 1) * n < Number.MAX_SAFE_INTEGER) {
    const keys = new Float64Array(m);
    for (let j = 0; j < m; j++) keys[j] = (max - (totals[rows[j]!] as number)) * n + noPos[rows[j]!]!;
    keys.sort();
    const rowAt = new Int32Array(n);
    for (let j = 0; j < m; j++) rowAt[noPos[rows[j]!]!] = rows[j]!;
    const out = new Int32Array(m);
    for (let j = 0; j < m; j++) out[j] = rowAt[keys[j]! % n]!;
    return out;
  }
  return Int32Array.from(Array.from(rows).sort((a, b) => {
    const x = BigInt(totals[a]!);
    const y = BigInt(totals[b]!);
    return x > y ? -1 : x < y ? 1 : noPos[a]! - noPos[b]!;
  }));
}

/** Competition ranks for totals already in descending display order. */
export function competitionRanksSorted(sortedTotals: ArrayLike<number | bigint>): number[] {
  const ranks = new Array<number>(sortedTotals.length);
  for (let k = 0; k < sortedTotals.length; k++) {
    ranks[k] = k > 0 && sortedTotals[k] === sortedTotals[k - 1] ? ranks[k - 1]! : k + 1;
  }
  return ranks;
}

/** rank = 1 + the number of entries with a strictly greater score, for scores in any order. */
export function competitionRanks(scores: ReadonlyArray<number | bigint>): number[] {
  const sorted = scores.slice().sort((a, b) => (a > b ? -1 : a < b ? 1 : 0));
  const firstIndex = new Map<number | bigint, number>();
  sorted.forEach((s, k) => { if (!firstIndex.has(s)) firstIndex.set(s, k); });
  return scores.map((s) => firstIndex.get(s)! + 1);
}

/** Rank a hypothetical total would get among `sortedDesc` (other entries' totals, descending). */
export function rankAmong(sortedDesc: ArrayLike<number>, total: number): number {
  // number of entries strictly greater than `total`
  let lo = 0;
  let hi = sortedDesc.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sortedDesc[mid]! > total) lo = mid + 1;
    else hi = mid;
  }
  return lo + 1;
}

export interface LevelGroup { level: string | null; standardNos: string[] }

/**
 * A single-indicator ranking: standards grouped by level reached (best level first, then "no level"
 * for values scored zero), unordered inside a level (listed by standard number, then credit code).
 * `discriminating` is false when every standard has the same rounded value (missing counts as a value).
 */
export function indicatorGroups(levelIds: string[], rows: Array<{ standardNo: string; uscc: string; level: number; value: string | undefined }>): { groups: LevelGroup[]; discriminating: boolean } {
  const sorted = rows.slice().sort((a, b) => cmpText(a.standardNo, b.standardNo) || cmpText(a.uscc, b.uscc));
  const byLevel = new Map<number, string[]>();
  let first: string | undefined | null = null;
  let discriminating = false;
  for (const r of sorted) {
    const level = r.level >= 0 ? r.level : -1;
    const list = byLevel.get(level);
    if (list) list.push(r.standardNo);
    else byLevel.set(level, [r.standardNo]);
    if (first === null) first = r.value;
    else if (r.value !== first) discriminating = true;
  }
  const levels = [...byLevel.keys()].sort((a, b) => b - a);
  return { groups: levels.map((l) => ({ level: l >= 0 ? levelIds[l]! : null, standardNos: byLevel.get(l)! })), discriminating };
}
