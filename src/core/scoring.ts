/**
 * Indicator scores and totals under the weighted-sum method (scoring.md §4): values rounded
 * half-even to the indicator's decimals, the level reached, `levels` / `anchored` / `cohort` scores
 * and `grade` indicators on their ordinals, all as exact fractions; then totals as exact fractions
 * rounded half-even to `scoring.decimals`. Every distinct value is scored once (a memo per
 * indicator); totals use integers at a common denominator, in Numbers when provably exact and in
 * BigInt otherwise.
 */
import {
  bigLcm, compareDec, decFromNumber, divRoundHalfEven, divRoundHalfEvenNumber, formatDec, formatScaled, frac, fracAdd,
  fracFromDec, fracMul, fracSub, fracDiv, fracToFixed, isDecimalText, parseDecimal, pow10, rescale, roundHalfEven,
  type Dec, type Frac,
} from './decimal.js';
import { coreIndicators, coreScoring, normaliseKey, totalDecimals, type CoreIndicator, type Scheme } from './scheme-model.js';

/** Decimals of the per-indicator score texts in a run (display only: totals use exact scores). */
export const SCORE_TEXT_DECIMALS = 4;

/** One distinct declared value of one indicator, parsed and rounded once. */
export interface Cell {
  /** rounded value as text (decimal text at the indicator's decimals, or the scheme's grade name) */
  text: string;
  /** false when the text is neither a decimal nor a known grade: treated as missing */
  valid: boolean;
  /** rounded decimal value (numeric indicators) */
  dec?: Dec;
  /** integer at the indicator's scale (numeric) or the grade ordinal (len - index, higher is better) */
  v: bigint;
  /** index of the level reached; -1 below the lowest level; -2 when the indicator has no thresholds */
  level: number;
  /** exact score, set once the cohort is known */
  score?: Frac;
  /** score * denominator of the indicator (integer), set by the totals engine */
  m?: bigint;
  mNum?: number;
  scoreText?: string;
}

export type Method = 'levels' | 'anchored' | 'cohort';

export interface IndicatorPlan {
  id: string;
  name: string;
  type: 'higher' | 'lower' | 'grade';
  /** the scoring used (grade indicators are always scored as `levels` on their ordinals) */
  method: Method;
  weight: Dec;
  /** decimals values are rounded to; undefined: as declared */
  decimals: number | undefined;
  /** integer scale of `v` (numeric indicators), fixed once every value has been read */
  scale: number;
  /** thresholds per level (low -> high) as integers at `scale` (or grade ordinals); null: none (TOPSIS) */
  thresholds: bigint[] | null;
  thresholdDecs: Array<Dec | null>;
  grades: string[] | undefined;
  gradeIndex: Map<string, number> | undefined;
  memo: Map<string, Cell>;
}

export interface LevelPoints { ids: string[]; names: string[]; points: Frac[]; pointsText: string[] }

export function levelPoints(scheme: Scheme): LevelPoints {
  return {
    ids: scheme.levels.map((l) => l.id),
    names: scheme.levels.map((l) => l.name),
    points: scheme.levels.map((l) => fracFromDec(decFromNumber(l.points))),
    pointsText: scheme.levels.map((l) => String(l.points)),
  };
}

export function planIndicators(scheme: Scheme): IndicatorPlan[] {
  return coreIndicators(scheme).map((ind) => planIndicator(scheme, ind));
}

function planIndicator(scheme: Scheme, ind: CoreIndicator): IndicatorPlan {
  const grades = ind.type === 'grade' ? ind.grades ?? [] : undefined;
  const gradeIndex = grades ? new Map(grades.map((g, i) => [normaliseKey(g), i])) : undefined;
  let thresholdDecs: Array<Dec | null> = [];
  let scale = ind.decimals ?? 0;
  if (ind.thresholds) {
    thresholdDecs = scheme.levels.map((l) => {
      const t = ind.thresholds![l.id];
      if (t === undefined) return null;
      if (ind.type === 'grade') {
        const idx = gradeIndex!.get(normaliseKey(String(t)));
        return idx === undefined ? null : { int: BigInt(grades!.length - idx), scale: 0 };
      }
      const d = typeof t === 'number' ? decFromNumber(t) : parseDecimal(t);
      if (d.scale > scale) scale = d.scale;
      return d;
    });
  }
  return {
    id: ind.id,
    name: ind.name,
    type: ind.type,
    method: ind.type === 'grade' ? 'levels' : coreScoring(ind),
    weight: decFromNumber(ind.weight),
    decimals: ind.type === 'grade' ? 0 : ind.decimals,
    scale: ind.type === 'grade' ? 0 : scale,
    thresholds: null,
    thresholdDecs,
    grades,
    gradeIndex,
    memo: new Map(),
  };
}

/** The cell for a declared value text (memoised); undefined when the value is missing (absent or empty). */
export function readCell(p: IndicatorPlan, text: string | undefined): Cell | undefined {
  if (text === undefined) return undefined;
  let c = p.memo.get(text);
  if (c) return c;
  if (text.trim() === '') return undefined;
  if (p.type === 'grade') {
    const idx = p.gradeIndex!.get(normaliseKey(text));
    c = idx === undefined
      ? { text, valid: false, v: 0n, level: -2 }
      : { text: p.grades![idx]!, valid: true, v: BigInt(p.grades!.length - idx), level: -2 };
  } else if (isDecimalText(text)) {
    const raw = parseDecimal(text);
    const dec = p.decimals === undefined ? raw : roundHalfEven(raw, p.decimals);
    c = { text: formatDec(dec), valid: true, dec, v: 0n, level: -2 };
  } else {
    c = { text, valid: false, v: 0n, level: -2 };
  }
  p.memo.set(text, c);
  return c;
}

/**
 * Fixes the integer scale once every value has been read (values declared with more decimals than
 * any threshold widen it when `decimals` is not set), then computes each cell's integer and level.
 */
export function finalisePlan(p: IndicatorPlan): void {
  if (p.type !== 'grade') {
    let scale = p.scale;
    for (const c of p.memo.values()) if (c.valid && c.dec!.scale > scale) scale = c.dec!.scale;
    p.scale = scale;
  }
  p.thresholds = p.thresholdDecs.length && p.thresholdDecs.every((d) => d !== null)
    ? p.thresholdDecs.map((d) => (p.type === 'grade' ? d!.int : rescale(d!, p.scale).int))
    : null;
  for (const c of p.memo.values()) finaliseCell(p, c);
}

function finaliseCell(p: IndicatorPlan, c: Cell): void {
  if (!c.valid) return;
  if (p.type !== 'grade') c.v = rescale(c.dec!, p.scale).int;
  c.level = levelReached(p, c.v);
}

/** `meets(v, T)`: v >= T for higher (and grade ordinals), v <= T for lower; boundaries inclusive. */
export function meets(p: IndicatorPlan, v: bigint, t: bigint): boolean {
  return p.type === 'lower' ? v <= t : v >= t;
}

/** The highest level j with meets(v, Tj); -1 below the lowest; -2 without thresholds. */
export function levelReached(p: IndicatorPlan, v: bigint): number {
  const t = p.thresholds;
  if (!t) return -2;
  for (let j = t.length - 1; j >= 0; j--) if (meets(p, v, t[j]!)) return j;
  return -1;
}

/** A value integer as decimal text at the plan's scale (or the grade name). */
export function valueText(p: IndicatorPlan, v: bigint): string {
  if (p.type === 'grade') return p.grades![p.grades!.length - Number(v)] ?? String(v);
  return formatDec({ int: v, scale: p.scale });
}

/** A cell for a hypothetical value (explain's what-if), not memoised. */
export function cellForValue(p: IndicatorPlan, v: bigint): Cell {
  const c: Cell = p.type === 'grade'
    ? { text: valueText(p, v), valid: true, v, level: -2 }
    : { text: '', valid: true, dec: { int: v, scale: p.scale }, v, level: -2 };
  if (p.type !== 'grade') c.text = p.decimals === undefined ? formatDec(c.dec!) : formatDec(roundHalfEven(c.dec!, p.decimals));
  c.level = levelReached(p, v);
  return c;
}

/** Best and worst rounded values among the eligible standards, for a cohort indicator. */
export interface CohortBounds { best: bigint; worst: bigint }

export function cohortBounds(p: IndicatorPlan, values: Iterable<bigint>): CohortBounds | undefined {
  let best: bigint | undefined;
  let worst: bigint | undefined;
  const higher = p.type !== 'lower';
  for (const v of values) {
    if (best === undefined || (higher ? v > best : v < best)) best = v;
    if (worst === undefined || (higher ? v < worst : v > worst)) worst = v;
  }
  return best === undefined ? undefined : { best, worst: worst! };
}

/** How a score was obtained, for explanations. */
export interface ScoreWay {
  kind: 'level' | 'top' | 'interpolated' | 'cohort' | 'cohort-equal' | 'missing-zero';
  /** level indices interpolated between (anchored) */
  from?: number;
  to?: number;
}

/** The exact score of a value (scoring.md §4). `level` must be >= 0 unless there are no thresholds. */
export function exactScore(p: IndicatorPlan, lp: LevelPoints, c: Cell, cohort?: CohortBounds): { score: Frac; way: ScoreWay } {
  const k = lp.points.length;
  const P = lp.points;
  if (p.method === 'cohort') {
    if (!cohort || cohort.best === cohort.worst) return { score: P[k - 1]!, way: { kind: 'cohort-equal' } };
    // P0 + (Pk-1 - P0) * (v - w) / (b - w): the same in both directions
    const ratio = frac(c.v - cohort.worst, cohort.best - cohort.worst);
    return { score: fracAdd(P[0]!, fracMul(fracSub(P[k - 1]!, P[0]!), ratio)), way: { kind: 'cohort' } };
  }
  const j = c.level;
  if (j < 0) throw new RangeError(`no level reached for ${p.id}`);
  if (p.method === 'levels') return { score: P[j]!, way: { kind: 'level' } };
  if (j === k - 1) return { score: P[k - 1]!, way: { kind: 'top' } };
  const t = p.thresholds!;
  const ratio = frac(c.v - t[j]!, t[j + 1]! - t[j]!);
  return { score: fracAdd(P[j]!, fracMul(fracSub(P[j + 1]!, P[j]!), ratio)), way: { kind: 'interpolated', from: j, to: j + 1 } };
}

export function scoreText(score: Frac): string {
  return fracToFixed(score, SCORE_TEXT_DECIMALS);
}

export const ZERO: Frac = { num: 0n, den: 1n };

/**
 * Totals at a common denominator: total_r = Σ_i K_i * M_i(r) / den, where M_i = score_i * L_i is an
 * integer, L_i the lcm of the denominators of the scores that occur, K_i = w_i * Lall / L_i with
 * integer weights. `safe` says the whole sum (times 10^decimals) fits a double exactly.
 */
export interface TotalsEngine {
  decimals: number;
  L: bigint[];
  K: bigint[];
  den: bigint;
  KNum: number[];
  denNum: number;
  /** 10^decimals */
  scaleNum: number;
  safe: boolean;
}

/**
 * Builds the engine from the cells in use (their `score` set) and weights; sets each cell's `m`
 * (and `mNum` when safe). Weight texts may be decimals: they are scaled to integers.
 */
export function buildTotals(cellsInUse: Array<Iterable<Cell>>, weights: Dec[], decimals: number): TotalsEngine {
  const n = weights.length;
  const L: bigint[] = [];
  const lists = cellsInUse.map((it) => [...it]);
  for (let i = 0; i < n; i++) {
    let l = 1n;
    for (const c of lists[i]!) l = bigLcm(l, c.score!.den);
    L.push(l);
  }
  const ws = Math.max(0, ...weights.map((w) => w.scale));
  const wInt = weights.map((w) => rescale(w, ws).int);
  const W = wInt.reduce((a, b) => a + b, 0n);
  let Lall = 1n;
  for (const l of L) Lall = bigLcm(Lall, l);
  const K = L.map((l, i) => (wInt[i]! * Lall) / l);
  const den = Lall * W;
  let bound = 0n;
  for (let i = 0; i < n; i++) {
    let maxM = 0n;
    for (const c of lists[i]!) {
      c.m = (c.score!.num * L[i]!) / c.score!.den;
      const a = c.m < 0n ? -c.m : c.m;
      if (a > maxM) maxM = a;
    }
    bound += K[i]! * maxM;
  }
  const scale = pow10(decimals);
  const LIMIT = BigInt(Number.MAX_SAFE_INTEGER) / 4n;
  const safe = bound * scale < LIMIT && den < LIMIT && K.every((k) => k < LIMIT);
  if (safe) for (let i = 0; i < n; i++) for (const c of lists[i]!) c.mNum = Number(c.m);
  return { decimals, L, K, den, KNum: K.map(Number), denNum: Number(den), scaleNum: Number(scale), safe };
}

/** The rounded total (integer at `decimals`) of one row given its cells' m per indicator (missing: 0). */
export function roundedTotal(e: TotalsEngine, cells: ArrayLike<Cell | undefined>): bigint {
  let s = 0n;
  for (let i = 0; i < e.K.length; i++) {
    const c = cells[i];
    if (c && c.m !== undefined) s += e.K[i]! * c.m;
  }
  return divRoundHalfEven(s * pow10(e.decimals), e.den);
}

export function roundedTotalNumber(e: TotalsEngine, cells: ArrayLike<Cell | undefined>): number {
  let s = 0;
  const K = e.KNum;
  for (let i = 0; i < K.length; i++) {
    const c = cells[i];
    if (c && c.mNum !== undefined) s += K[i]! * c.mNum;
  }
  return divRoundHalfEvenNumber(s * e.scaleNum, e.denNum);
}

/** Exact total Σ w_i s_i / Σ w_i and the contributions w_i s_i / Σ w (which sum exactly to it). */
export function exactTotal(weights: Dec[], scores: Array<Frac | undefined>): { total: Frac; contributions: Frac[] } {
  const W = weights.reduce<Frac>((a, w) => fracAdd(a, fracFromDec(w)), ZERO);
  const contributions = weights.map((w, i) => fracDiv(fracMul(fracFromDec(w), scores[i] ?? ZERO), W));
  const total = contributions.reduce<Frac>((a, c) => fracAdd(a, c), ZERO);
  return { total, contributions };
}

export function formatTotal(rounded: bigint | number, decimals: number): string {
  return typeof rounded === 'number' ? formatScaled(rounded, decimals) : formatDec({ int: rounded, scale: decimals });
}

export { compareDec, totalDecimals };
