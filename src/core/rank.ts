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
  const no = new Array<string>(n);
  for (let i = 0; i < n; i++) no[i] = standardNo(i);
  const order = LITTLE_ENDIAN && n > 1 && n < 2 ** 30 ? prefixSort(no) : undefined;
  const idx = order ?? Array.from({ length: n }, (_, i) => i);
  const cmp = (a: number, b: number) => cmpText(no[a]!, no[b]!) || cmpText(uscc(a), uscc(b)) || a - b;
  if (order) {
    // runs of equal prefix keys: the full comparison decides inside them
    let s = 0;
    while (s < n) {
      let e = s + 1;
      while (e < n && order.key(e) === order.key(s)) e++;
      if (e - s > 1) { const run = idx.slice(s, e).sort(cmp); for (let k = s; k < e; k++) idx[k] = run[k - s]!; }
      s = e;
    }
  } else idx.sort(cmp);
  const pos = new Int32Array(n);
  for (let k = 0; k < n; k++) pos[idx[k]!] = k;
  return pos;
}


const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

/**
 * Rows sorted by an order-preserving numeric key of the first characters after the common prefix
 * (7 bits a character: end of text 0, code units 0..125 as 1..126, anything above as 127 and the key
 * stops there), packed with the row index in one 64-bit integer and sorted natively. Rows with
 * equal keys are adjacent and still need the full comparison (`key(k)` tells the runs).
 */
function prefixSort(no: string[]): (number[] & { key(k: number): number }) {
  const n = no.length;
  let cp = no[0]!.length;
  for (let i = 1; i < n && cp > 0; i++) {
    const s = no[i]!;
    let j = 0;
    while (j < cp && j < s.length && s.charCodeAt(j) === no[0]!.charCodeAt(j)) j++;
    cp = j;
  }
  const b = Math.max(1, Math.ceil(Math.log2(n)));
  const chars = Math.min(7, Math.floor((64 - b) / 7)); // p < 2^49: exact in a double
  const loSpan = 2 ** (32 - b);
  const keys = new BigUint64Array(n);
  const w = new Uint32Array(keys.buffer);
  for (let i = 0; i < n; i++) {
    const s = no[i]!;
    let p = 0;
    let stop = false;
    for (let c = 0; c < chars; c++) {
      let v = 0;
      if (!stop) {
        const code = s.charCodeAt(cp + c);
        if (Number.isNaN(code)) stop = true;
        else if (code < 126) v = code + 1;
        else { v = 127; stop = true; }
      }
      p = p * 128 + v;
    }
    // p * 2^b + i as two 32-bit words
    const hi = Math.floor(p / loSpan);
    w[2 * i] = (p - hi * loSpan) * 2 ** b + i;
    w[2 * i + 1] = hi;
  }
  keys.sort();
  const mask = 2 ** b;
  const out = new Array<number>(n) as number[] & { key(k: number): number };
  for (let k = 0; k < n; k++) out[k] = w[2 * k]! % mask;
  out.key = (k: number) => w[2 * k + 1]! * loSpan + Math.floor(w[2 * k]! / mask);
  return out;
}

/** Rows in display order, their competition ranks and (from the counting sort) their totals in that order. */
export interface DisplayRanking { order: Int32Array; ranks: Int32Array; sortedTotals?: Float64Array }

/**
 * Display order of `rows` by integer total (higher first), ties by `noPos` (the standard-number
 * order), with competition ranks. Totals are integers at the total decimals (exact); a counting sort
 * when they span few values (which gives the ranks and the totals in order from its buckets), else a
 * typed-array sort on a packed key when it fits a double exactly, else a comparator.
 */
export function displayRanking(totals: Float64Array | readonly bigint[], noPos: Int32Array, rows: ArrayLike<number>): DisplayRanking {
  const counted = countingOrder(totals, noPos, rows);
  if (counted) return counted;
  const order = sortedOrder(totals, noPos, rows);
  return { order, ranks: competitionRanksInOrder(totals, order) };
}

/**
 * The counting sort, when the totals are integer Numbers spanning fewer than 2n + 4096 values (totals
 * at two decimals span at most 10,001): stable by total over the rows taken in standard-number order,
 * no comparisons. Each total's bucket gives its rows' rank (1 + the rows before it) and total.
 */
function countingOrder(totals: ArrayLike<number | bigint>, noPos: Int32Array, rows: ArrayLike<number>): DisplayRanking | undefined {
  const n = noPos.length;
  const m = rows.length;
  const { numbers, integers, min, max } = span(totals, rows);
  if (!(numbers && integers && m && max - min < 2 * n + 4096)) return undefined;
  const t = totals as ArrayLike<number>;
  const range = max - min + 1;
  const rowAt = new Int32Array(n).fill(-1);
  for (let j = 0; j < m; j++) rowAt[noPos[rows[j]!]!] = rows[j]!;
  // start of each total's place, highest total first
  const start = new Int32Array(range + 1);
  for (let j = 0; j < m; j++) start[max - t[rows[j]!]! + 1]++;
  for (let v = 1; v <= range; v++) start[v] += start[v - 1]!;
  const ranks = new Int32Array(m);
  const sortedTotals = new Float64Array(m);
  bucketRanks(start, max, ranks, sortedTotals);
  const order = new Int32Array(m);
  for (let q = 0; q < n; q++) { const r = rowAt[q]!; if (r >= 0) order[start[max - t[r]!]!++] = r; }
  return { order, ranks, sortedTotals };
}

/** The rows' lowest and highest totals, whether all are Numbers and all integers. */
function span(totals: ArrayLike<number | bigint>, rows: ArrayLike<number>): { numbers: boolean; integers: boolean; min: number; max: number } {
  let min = Infinity;
  let max = -Infinity;
  let integers = true;
  for (let j = 0; j < rows.length; j++) {
    const t = totals[rows[j]!]!;
    if (typeof t !== 'number') return { numbers: false, integers: false, min, max };
    if (t < min) min = t;
    if (t > max) max = t;
    if (t !== Math.floor(t)) integers = false;
  }
  return { numbers: true, integers, min, max };
}

/** Places start[v] .. start[v + 1] hold total max - v, ranked start[v] + 1. */
function bucketRanks(start: Int32Array, max: number, ranks: Int32Array, sortedTotals: Float64Array): void {
  for (let v = 0; v + 1 < start.length; v++) {
    const a = start[v]!, b = start[v + 1]!;
    if (a < b) { ranks.fill(a + 1, a, b); sortedTotals.fill(max - v, a, b); }
  }
}

/** The packed-key sort, else the comparator. */
function sortedOrder(totals: ArrayLike<number | bigint>, noPos: Int32Array, rows: ArrayLike<number>): Int32Array {
  const n = noPos.length;
  const m = rows.length;
  const { numbers, min, max } = span(totals, rows);
  if (LITTLE_ENDIAN && numbers && m && (max - min + 1) * n < Number.MAX_SAFE_INTEGER) {
    // keys below 2^53 as two 32-bit words of a BigUint64Array: its native sort is about twice as fast as a Float64Array's
    const keys = new BigUint64Array(m);
    const w = new Uint32Array(keys.buffer);
    const t = totals as ArrayLike<number>;
    for (let j = 0; j < m; j++) {
      const key = (max - t[rows[j]!]!) * n + noPos[rows[j]!]!;
      const hi = Math.floor(key / 4294967296);
      w[2 * j] = key - hi * 4294967296;
      w[2 * j + 1] = hi;
    }
    keys.sort();
    const rowAt = new Int32Array(n);
    for (let j = 0; j < m; j++) rowAt[noPos[rows[j]!]!] = rows[j]!;
    const out = new Int32Array(m);
    for (let j = 0; j < m; j++) out[j] = rowAt[(w[2 * j + 1]! * 4294967296 + w[2 * j]!) % n]!;
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

/** Competition ranks of the rows `order` lists in descending display order, reading their totals in place. */
export function competitionRanksInOrder(totals: Float64Array | readonly bigint[], order: Int32Array): Int32Array {
  const ranks = new Int32Array(order.length);
  if (totals instanceof Float64Array) {
    for (let k = 0; k < order.length; k++) ranks[k] = k > 0 && totals[order[k]!] === totals[order[k - 1]!] ? ranks[k - 1]! : k + 1;
  } else {
    for (let k = 0; k < order.length; k++) ranks[k] = k > 0 && totals[order[k]!] === totals[order[k - 1]!] ? ranks[k - 1]! : k + 1;
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
