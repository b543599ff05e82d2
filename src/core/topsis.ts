/**
 * TOPSIS (scoring.md §5): vector or min-max normalisation, weights normalised to sum 1, Euclidean
 * distances to the ideal and anti-ideal, closeness C = S- / (S+ + S-). Irrational by nature, so it is
 * computed in doubles (same operations in the same order on every machine) and then rounded
 * half-even on the decimal text of C. Also the cross-check statistics: Spearman's rho.
 */
import { roundHalfEvenText } from './decimal.js';

export interface Criterion { type: 'higher' | 'lower'; weight: number }
export type Normalization = 'vector' | 'minmax';

/**
 * Closeness of each alternative (rows of `matrix`, one column per criterion). A constant column
 * contributes nothing; when an alternative is both ideal and anti-ideal (all columns constant), C = 1.
 */
export function topsisCloseness(matrix: ArrayLike<ArrayLike<number>>, criteria: Criterion[], normalization: Normalization = 'vector'): number[] {
  const n = matrix.length;
  const k = criteria.length;
  const wSum = criteria.reduce((a, c) => a + c.weight, 0);
  const w = criteria.map((c) => c.weight / wSum);
  const colA = new Float64Array(k); // vector: norm; minmax: min
  const colB = new Float64Array(k); // minmax: max
  for (let j = 0; j < k; j++) { colA[j] = normalization === 'vector' ? 0 : Infinity; colB[j] = -Infinity; }
  for (let i = 0; i < n; i++) {
    const row = matrix[i]!;
    for (let j = 0; j < k; j++) {
      const x = row[j]!;
      if (normalization === 'vector') colA[j]! += x * x;
      else { if (x < colA[j]!) colA[j] = x; if (x > colB[j]!) colB[j] = x; }
    }
  }
  if (normalization === 'vector') for (let j = 0; j < k; j++) colA[j] = Math.sqrt(colA[j]!);
  // weighted normalised value v_ij; ideal (best) and anti-ideal (worst) per column
  const norm = (x: number, j: number): number => {
    if (normalization === 'vector') return colA[j]! === 0 ? 0 : (w[j]! * x) / colA[j]!;
    const span = colB[j]! - colA[j]!;
    if (span === 0) return w[j]!;
    const r = criteria[j]!.type === 'lower' ? (colB[j]! - x) / span : (x - colA[j]!) / span;
    return w[j]! * r;
  };
  const best = new Float64Array(k);
  const worst = new Float64Array(k);
  for (let j = 0; j < k; j++) {
    if (normalization === 'minmax') { best[j] = w[j]!; worst[j] = colB[j]! === colA[j]! ? w[j]! : 0; continue; }
    let hi = -Infinity;
    let lo = Infinity;
    for (let i = 0; i < n; i++) { const v = norm(matrix[i]![j]!, j); if (v > hi) hi = v; if (v < lo) lo = v; }
    const higher = criteria[j]!.type !== 'lower';
    best[j] = higher ? hi : lo;
    worst[j] = higher ? lo : hi;
  }
  const out = new Array<number>(n);
  for (let i = 0; i < n; i++) {
    let sp = 0;
    let sm = 0;
    for (let j = 0; j < k; j++) {
      const v = norm(matrix[i]![j]!, j);
      sp += (v - best[j]!) ** 2;
      sm += (v - worst[j]!) ** 2;
    }
    const dp = Math.sqrt(sp);
    const dm = Math.sqrt(sm);
    out[i] = dp + dm === 0 ? 1 : dm / (dp + dm);
  }
  return out;
}

/**
 * A closeness rounded half-even to `decimals` as text: first to 12 decimals (the double's correctly
 * rounded decimal text, which absorbs last-bit float noise), then half-even on that decimal text.
 */
export function roundCloseness(c: number, decimals: number): string {
  return roundHalfEvenText(c.toFixed(12), decimals);
}

/** Average ranks (1 = best) of scores, ties sharing the mean of their positions. */
export function averageRanks(scores: ArrayLike<number>): number[] {
  const n = scores.length;
  const idx = Array.from({ length: n }, (_, i) => i).sort((a, b) => scores[b]! - scores[a]!);
  const r = new Array<number>(n);
  let s = 0;
  while (s < n) {
    let e = s + 1;
    while (e < n && scores[idx[e]!] === scores[idx[s]!]) e++;
    const avg = (s + 1 + e) / 2;
    for (let k = s; k < e; k++) r[idx[k]!] = avg;
    s = e;
  }
  return r;
}

/** Spearman's rho: Pearson correlation of the average ranks of two score lists (NaN if undefined). */
export function spearmanRho(a: ArrayLike<number>, b: ArrayLike<number>): number {
  const ra = averageRanks(a);
  const rb = averageRanks(b);
  const n = ra.length;
  if (n < 2) return NaN;
  const ma = ra.reduce((x, y) => x + y, 0) / n;
  const mb = rb.reduce((x, y) => x + y, 0) / n;
  let num = 0;
  let da = 0;
  let db = 0;
  for (let i = 0; i < n; i++) {
    num += (ra[i]! - ma) * (rb[i]! - mb);
    da += (ra[i]! - ma) ** 2;
    db += (rb[i]! - mb) ** 2;
  }
  return da === 0 || db === 0 ? NaN : num / Math.sqrt(da * db);
}
