/**
 * The explanation of one standard in a run (`leader explain`): every gate, per core indicator the
 * declared and rounded value, level, interpolation, exact score, weight and contribution (summing
 * exactly to the unrounded total), rank and ties, distances to the neighbours and to an approximate
 * shortlist cut, the smallest single-indicator improvement that raises the rank, and the rank range
 * under ±10% / ±20% weight moves. Re-scores the run's ranked entries from their stored rounded values.
 */
import {
  decFromNumber, formatDec, fracDiv, fracFromDec, fracMul, fracSub, fracAdd, fracText, fracToDecimalText, fracToFixed, mulDec,
  parseDecimal, pow10, divRoundHalfEven, divRoundHalfEvenNumber, type Dec, type Frac,
} from './decimal.js';
import { gateDetails, planBaselines, type Bans, type GateResult } from './eligibility.js';
import { rescoreWithValue, scoreRecords, type Scored } from './run.js';
import type { Scheme } from './scheme.js';
import {
  cellForValue, exactScore, exactTotal, finalisePlan, planIndicators, readCell, valueText, ZERO,
  type Cell, type ScoreWay,
} from './scoring.js';
import type { RunEntry, RunResult, StandardRecord } from './types.js';

export interface ExplainInput {
  scheme: Scheme;
  result: RunResult;
  asOf: string;
  /** the stored version of the standard (with its declared texts) */
  target: StandardRecord;
  bans: Bans;
}

export interface IndicatorExplanation {
  id: string;
  name: string;
  type: string;
  method: string;
  raw: string | null;
  value: string | null;
  rounded: string | null;
  decimals: number | null;
  level: { id: string; name: string } | null;
  way: ScoreWay['kind'] | null;
  interpolation: null | { from: { level: string; threshold: string; points: string }; to: { level: string; threshold: string; points: string } }
    | { cohort: { best: string; worst: string; lowPoints: string; highPoints: string } };
  score: { exact: string; decimal: string };
  weight: string;
  weightShare: string;
  contribution: { exact: string; decimal: string };
}

export interface Improvement {
  indicator: string;
  from: string;
  to: string;
  newTotal: string;
  newRank: number;
  /** the change relative to the indicator's base-to-top threshold span (how "small" it is) */
  relative: string;
}

export interface Explanation {
  standardNo: string;
  uscc: string;
  enterpriseName: string;
  standardName: string;
  versionId: number;
  eligible: boolean;
  reasons: string[];
  gates: GateResult[];
  indicators?: IndicatorExplanation[];
  total?: { exact: string; decimal: string; rounded: string; contributionsSum: string };
  /** false when re-scoring the stored values does not give the stored total (another engine made the run) */
  consistent?: boolean;
  rank?: number;
  of?: number;
  tiedWith?: Array<{ standardNo: string; uscc: string }>;
  above?: { standardNo: string; uscc: string; rank: number; total: string; distance: string } | null;
  below?: { standardNo: string; uscc: string; rank: number; total: string; distance: string } | null;
  shortlistCut?: { cap: number; rank: number; total: string; distance: string; approximate: true } | null;
  improvements?: Improvement[];
  smallestImprovement?: Improvement | null;
  sensitivity?: { moves: Array<{ indicator: string; delta: string; rank: number }>; range10: { min: number; max: number }; range20: { min: number; max: number } };
  cohortDependent?: boolean;
}

function entryRecord(e: RunEntry): StandardRecord {
  return {
    standardId: 0, versionId: e.versionId, version: 0, standardNo: e.standardNo, uscc: e.uscc, enterpriseName: e.enterpriseName,
    standardName: e.standardName, product: e.product, brand: null, models: e.models, publicDate: null, status: '现行', region: null,
    values: e.values, raw: {},
  };
}

function totalText(t: bigint, decimals: number): string {
  return formatDec({ int: t, scale: decimals });
}

export function explain(input: ExplainInput): Explanation {
  const { scheme, result, target } = input;
  const decimals = result.decimals ?? (scheme.scoring.method === 'topsis' ? 4 : 2);
  // Gates on the stored version itself.
  const plans = planIndicators(scheme);
  const cells = plans.map((p) => readCell(p, target.values[p.id]));
  plans.forEach(finalisePlan);
  const gates = gateDetails({ scheme, asOf: input.asOf, bans: input.bans, baselines: planBaselines(scheme), core: plans }, target,
    cells.map((c) => (c && c.valid ? c : undefined)));
  const base = { standardNo: target.standardNo, uscc: target.uscc, enterpriseName: target.enterpriseName, standardName: target.standardName, versionId: target.versionId };
  const idx = result.entries.findIndex((e) => e.uscc === target.uscc && e.standardNo === target.standardNo);
  if (idx < 0) {
    const ex = result.excluded.find((e) => e.uscc === target.uscc && e.standardNo === target.standardNo);
    return { ...base, eligible: false, reasons: ex?.reasons ?? [], gates };
  }

  const entries = result.entries;
  const s = scoreRecords({ scheme, records: entries.map(entryRecord), bans: new Map(), asOf: input.asOf, skipGates: true });
  const me = entries[idx]!;
  const weights = s.plans.map((p) => p.weight);
  const W = weights.reduce<Frac>((a, w) => fracAdd(a, fracFromDec(w)), ZERO);
  const myScores = s.plans.map((p, i) => s.cells[i]![idx]?.score);
  const exact = exactTotal(weights, myScores);
  const myTotal = BigInt(s.totals[idx]!);
  const stored = parseDecimal(me.total).int;
  const n = entries.length;
  const totals = entries.map((e) => parseDecimal(e.total).int);

  const indicators: IndicatorExplanation[] = s.plans.map((p, i) => {
    const c = s.cells[i]![idx];
    const sc = myScores[i] ?? ZERO;
    let way: ScoreWay | null = null;
    if (c && s.method === 'weighted-sum') way = exactScore(p, s.lp, c, s.cohort[i]).way;
    const th = (j: number) => (p.thresholds ? valueText(p, p.thresholds[j]!) : '');
    const cb = s.cohort[i];
    return {
      id: p.id, name: p.name, type: p.type, method: p.method,
      raw: target.raw[p.id] ?? null, value: target.values[p.id] ?? null, rounded: c ? c.text : null, decimals: p.decimals ?? null,
      level: c && c.level >= 0 ? { id: s.lp.ids[c.level]!, name: s.lp.names[c.level]! } : null,
      way: c ? way?.kind ?? null : 'missing-zero',
      interpolation: way?.kind === 'interpolated'
        ? { from: { level: s.lp.ids[way.from!]!, threshold: th(way.from!), points: s.lp.pointsText[way.from!]! }, to: { level: s.lp.ids[way.to!]!, threshold: th(way.to!), points: s.lp.pointsText[way.to!]! } }
        : way?.kind === 'cohort' && cb
          ? { cohort: { best: valueText(p, cb.best), worst: valueText(p, cb.worst), lowPoints: s.lp.pointsText[0]!, highPoints: s.lp.pointsText[s.lp.pointsText.length - 1]! } }
          : null,
      score: { exact: fracText(sc), decimal: fracToDecimalText(sc) },
      weight: formatDec(p.weight),
      weightShare: fracToDecimalText(fracDiv(fracFromDec(p.weight), W)),
      contribution: { exact: fracText(exact.contributions[i]!), decimal: fracToDecimalText(exact.contributions[i]!) },
    };
  });
  const sum = exact.contributions.reduce<Frac>((a, c) => fracAdd(a, c), ZERO);

  const tiedWith = entries.filter((e, j) => j !== idx && totals[j] === totals[idx]).map((e) => ({ standardNo: e.standardNo, uscc: e.uscc }));
  let aboveIdx = -1;
  for (let j = idx - 1; j >= 0; j--) if (totals[j]! > totals[idx]!) { aboveIdx = j; break; }
  let belowIdx = -1;
  for (let j = idx + 1; j < n; j++) if (totals[j]! < totals[idx]!) { belowIdx = j; break; }
  const neighbour = (j: number) => (j < 0 ? null : {
    standardNo: entries[j]!.standardNo, uscc: entries[j]!.uscc, rank: entries[j]!.rank, total: entries[j]!.total,
    distance: totalText(totals[j]! - totals[idx]!, decimals),
  });

  const out: Explanation = {
    ...base, eligible: true, reasons: [], gates, indicators,
    total: {
      exact: s.method === 'weighted-sum' ? fracText(exact.total) : me.total,
      decimal: s.method === 'weighted-sum' ? fracToDecimalText(exact.total, 8) : me.total,
      rounded: me.total,
      contributionsSum: fracText(sum),
    },
    consistent: myTotal === stored,
    rank: me.rank, of: n, tiedWith,
    above: neighbour(aboveIdx), below: neighbour(belowIdx),
    shortlistCut: shortlistCut(scheme, entries, totals, idx, decimals),
    cohortDependent: result.cohortDependent,
  };
  if (s.method === 'weighted-sum') {
    const improvements = improvementsFor(s, idx, totals, exact.total, me.rank, decimals, input.asOf);
    out.improvements = improvements;
    out.smallestImprovement = improvements.slice().sort((a, b) => Number(a.relative) - Number(b.relative) || (a.indicator < b.indicator ? -1 : 1))[0] ?? null;
    out.sensitivity = sensitivity(s, idx, decimals);
  }
  return out;
}

/** cap = min(maxLeaders, max(1, floor(maxShare * |E|))), each when set; the cut is the cap-th entry's total. */
function shortlistCut(scheme: Scheme, entries: RunEntry[], totals: bigint[], idx: number, decimals: number): Explanation['shortlistCut'] {
  const sl = scheme.shortlist;
  const n = entries.length;
  let cap: number | undefined;
  if (sl.maxLeaders !== undefined) cap = sl.maxLeaders;
  if (sl.maxShare !== undefined) {
    const share = mulDec(decFromNumber(sl.maxShare), { int: BigInt(n), scale: 0 });
    const byShare = Math.max(1, Number(share.int / pow10(share.scale)));
    cap = cap === undefined ? byShare : Math.min(cap, byShare);
  }
  if (cap === undefined || n === 0) return null;
  const j = Math.min(cap, n) - 1;
  return { cap, rank: entries[j]!.rank, total: entries[j]!.total, distance: totalText(totals[idx]! - totals[j]!, decimals), approximate: true };
}

/** Rounded total of one row from exact scores, with one indicator's score replaced. */
function roundedWith(total: Frac, oldScore: Frac, newScore: Frac, weight: Dec, W: Frac, decimals: number): bigint {
  const t = fracAdd(total, fracDiv(fracMul(fracFromDec(weight), fracSub(newScore, oldScore)), W));
  return divRoundHalfEven(t.num * pow10(decimals), t.den);
}

function improvementsFor(s: Scored, idx: number, totals: bigint[], total: Frac, rank: number, decimals: number, asOf: string): Improvement[] {
  if (rank === 1) return [];
  const W = s.plans.reduce<Frac>((a, p) => fracAdd(a, fracFromDec(p.weight)), ZERO);
  const others = totals.filter((_, j) => j !== idx);
  const rankOf = (t: bigint) => 1 + others.filter((x) => x > t).length;
  const out: Improvement[] = [];
  s.plans.forEach((p, i) => {
    const c = s.cells[i]![idx];
    if (!c || !p.thresholds) return;
    const dir = p.type === 'lower' ? -1n : 1n;
    const step = p.type === 'grade' ? 1n : pow10(p.scale - (p.decimals ?? p.scale));
    const top = p.thresholds[p.thresholds.length - 1]!;
    let limit: bigint;
    if (p.method === 'cohort') {
      const cb = s.cohort[i]!;
      const span = (cb.best - cb.worst) * dir;
      limit = cb.best + dir * (span > 0n ? span : top > cb.best ? (top - cb.best) * dir : step);
      if ((limit - c.v) * dir < (top - c.v) * dir) limit = top;
    } else limit = top;
    const maxK = (limit - c.v) * dir / step;
    if (maxK <= 0n) return;
    const rankAt = (k: bigint): { rank: number; total: bigint } => {
      const v = c.v + dir * k * step;
      if (p.method === 'cohort') {
        // the value moves the cohort's bounds, and so every row's score: the whole run re-scored
        const again = rescoreWithValue(s, p.id, idx, valueText(p, v), asOf);
        const pos = again.order.indexOf(idx);
        return { rank: again.ranks[pos]!, total: BigInt(again.totals[idx]!) };
      }
      const nc: Cell = cellForValue(p, v);
      const ns = exactScore(p, s.lp, nc).score;
      const t = roundedWith(total, c.score!, ns, p.weight, W, decimals);
      return { rank: rankOf(t), total: t };
    };
    if (rankAt(maxK).rank >= rank) return;
    let lo = 1n;
    let hi = maxK;
    while (lo < hi) {
      const mid = (lo + hi) / 2n;
      if (rankAt(mid).rank < rank) hi = mid;
      else lo = mid + 1n;
    }
    const r = rankAt(lo);
    const v = c.v + dir * lo * step;
    const spanT = (top - p.thresholds[0]!) * dir;
    const rel = spanT > 0n ? fracToFixed({ num: lo * step, den: spanT }, 6) : formatDec({ int: lo * step, scale: 0 });
    out.push({ indicator: p.id, from: c.text, to: cellForValue(p, v).text, newTotal: totalText(r.total, decimals), newRank: r.rank, relative: rel });
  });
  return out;
}

const SAFE = BigInt(Number.MAX_SAFE_INTEGER) / 4n;

const MOVES: Array<[string, Dec]> = [['-20%', parseDecimal('0.8')], ['-10%', parseDecimal('0.9')], ['+10%', parseDecimal('1.1')], ['+20%', parseDecimal('1.2')]];

/** Rank of the row when one weight moves by ±10% / ±20% and the weights are renormalised. */
function sensitivity(s: Scored, idx: number, decimals: number): NonNullable<Explanation['sensitivity']> {
  const k = s.plans.length;
  const n = s.records.length;
  // Exact scores per row as fractions at a common denominator per indicator (scaled integers).
  const L = s.plans.map((_, i) => {
    let l = 1n;
    for (let r = 0; r < n; r++) { const c = s.cells[i]![r]; if (c) l = lcmB(l, c.score!.den); }
    return l;
  });
  const M = s.plans.map((_, i) => {
    const col = new Array<bigint>(n);
    for (let r = 0; r < n; r++) { const c = s.cells[i]![r]; col[r] = c ? (c.score!.num * L[i]!) / c.score!.den : 0n; }
    return col;
  });
  const maxAbs = M.map((col) => col.reduce((a, m) => (m < 0n ? (-m > a ? -m : a) : m > a ? m : a), 0n));
  const Mn = M.map((col) => Float64Array.from(col, (m) => Number(m)));
  const moves: Array<{ indicator: string; delta: string; rank: number }> = [];
  for (let i = 0; i < k; i++) {
    for (const [label, factor] of MOVES) {
      const w = s.plans.map((p, j) => (j === i ? mulDec(p.weight, factor) : p.weight));
      const scale = Math.max(...w.map((x) => x.scale));
      const wi = w.map((x) => x.int * pow10(scale - x.scale));
      const Wsum = wi.reduce((a, b) => a + b, 0n);
      let Lall = 1n;
      for (const l of L) Lall = lcmB(Lall, l);
      const K = wi.map((x, j) => (x * Lall) / L[j]!);
      const den = Lall * Wsum;
      const p10 = pow10(decimals);
      let greater = 0;
      // Exact in doubles when every sum (times 10^decimals) stays far below 2^53; BigInt otherwise.
      let bound = 0n;
      for (let j = 0; j < k; j++) bound += K[j]! * maxAbs[j]!;
      if (bound * p10 < SAFE && den < SAFE) {
        const Kn = K.map(Number);
        const p10n = Number(p10);
        const denN = Number(den);
        const tot = (r: number) => { let sum = 0; for (let j = 0; j < k; j++) sum += Kn[j]! * Mn[j]![r]!; return divRoundHalfEvenNumber(sum * p10n, denN); };
        const mine = tot(idx);
        for (let r = 0; r < n; r++) if (r !== idx && tot(r) > mine) greater++;
      } else {
        const tot = (r: number) => { let sum = 0n; for (let j = 0; j < k; j++) sum += K[j]! * M[j]![r]!; return divRoundHalfEven(sum * p10, den); };
        const mine = tot(idx);
        for (let r = 0; r < n; r++) if (r !== idx && tot(r) > mine) greater++;
      }
      moves.push({ indicator: s.plans[i]!.id, delta: label, rank: greater + 1 });
    }
  }
  const current = 1 + s.records.reduce((a, _, r) => a + (r !== idx && BigInt(s.totals[r]!) > BigInt(s.totals[idx]!) ? 1 : 0), 0);
  const range = (labels: string[]) => {
    const rs = [current, ...moves.filter((m) => labels.includes(m.delta)).map((m) => m.rank)];
    return { min: Math.min(...rs), max: Math.max(...rs) };
  };
  return { moves, range10: range(['-10%', '+10%']), range20: range(['-20%', '-10%', '+10%', '+20%']) };
}

function lcmB(a: bigint, b: bigint): bigint {
  let x = a;
  let y = b;
  while (y) [x, y] = [y, x % y];
  return (a / x) * b;
}
