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
 * Display order of rows with integer totals (higher first), ties by standard number then credit
 * code. Returns the row indices in order. Totals are integers at the total decimals (exact).
 */
export function displayOrder(totals: ArrayLike<number | bigint>, standardNo: (i: number) => string, uscc: (i: number) => string, rows?: number[]): number[] {
  const idx = rows ? rows.slice() : Array.from({ length: totals.length }, (_, i) => i);
  const allNumbers = idx.every((i) => typeof totals[i] === 'number');
  if (allNumbers) idx.sort((a, b) => (totals[b] as number) - (totals[a] as number));
  else idx.sort((a, b) => { const x = BigInt(totals[a]!); const y = BigInt(totals[b]!); return x > y ? -1 : x < y ? 1 : 0; });
  // Ties: re-sort each run of equal totals by standard number, then credit code.
  let start = 0;
  for (let k = 1; k <= idx.length; k++) {
    if (k === idx.length || totals[idx[k]!] !== totals[idx[start]!]) {
      if (k - start > 1) {
        const group = idx.slice(start, k).sort((a, b) => cmpText(standardNo(a), standardNo(b)) || cmpText(uscc(a), uscc(b)));
        for (let j = 0; j < group.length; j++) idx[start + j] = group[j]!;
      }
      start = k;
    }
  }
  return idx;
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
 * for values scored zero), unordered inside a level (listed by standard number). `discriminating`
 * is false when every standard has the same rounded value (a missing value counts as a value).
 */
export function indicatorGroups(levelIds: string[], rows: Array<{ standardNo: string; level: number; value: string | undefined }>): { groups: LevelGroup[]; discriminating: boolean } {
  const byLevel = new Map<number, string[]>();
  let first: string | undefined | null = null;
  let discriminating = false;
  for (const r of rows) {
    const list = byLevel.get(r.level);
    if (list) list.push(r.standardNo);
    else byLevel.set(r.level, [r.standardNo]);
    if (first === null) first = r.value;
    else if (r.value !== first) discriminating = true;
  }
  const levels = [...byLevel.keys()].sort((a, b) => b - a);
  return {
    groups: levels.map((l) => ({ level: l >= 0 ? levelIds[l]! : null, standardNos: byLevel.get(l)!.sort(cmpText) })),
    discriminating,
  };
}
