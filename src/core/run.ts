/**
 * A ranking run, pure: scheme + standards + bans + as-of date -> RunResult (gates, scores, totals,
 * ranks, single-indicator rankings, optional TOPSIS cross-check). Deterministic and independent of
 * the order of the input rows. Hashing and storage happen outside (command and store layers).
 */
import { formatDec, parseDecimal, roundHalfEvenText } from './decimal.js';
import { gateReasons, planBaselines, type Bans, type GateContext } from './eligibility.js';
import { competitionRanksSorted, displayOrder, numberOrder } from './rank.js';
import { totalDecimals, type Scheme } from './scheme.js';
import {
  buildTotals, cohortBounds, exactScore, finalisePlan, formatTotal, levelPoints, planIndicators, readCell, roundedTotal,
  roundedTotalNumber, scoreText, type Cell, type CohortBounds, type IndicatorPlan, type LevelPoints, type TotalsEngine,
} from './scoring.js';
import { roundCloseness, spearmanRho, topsisCloseness } from './topsis.js';
import type { ExcludedEntry, IndicatorRanking, RunEntry, RunResult, StandardRecord } from './types.js';

/** The scoring contract this engine implements (part of a run's engine version). */
export const CONTRACT_VERSION = 'v1';

export interface RunInput {
  scheme: Scheme;
  records: readonly StandardRecord[];
  bans: Bans;
  /** evaluation date YYYY-MM-DD */
  asOf: string;
  crossCheck?: 'topsis';
}

/** Everything computed on the way to a RunResult (explain reuses it). */
export interface Scored {
  scheme: Scheme;
  plans: IndicatorPlan[];
  lp: LevelPoints;
  decimals: number;
  method: 'weighted-sum' | 'topsis';
  records: readonly StandardRecord[];
  /** cells[i][row]: indicator i of record row (undefined: missing) */
  cells: Array<Array<Cell | undefined>>;
  reasons: string[][];
  /** eligible row indices, in input order */
  eligible: number[];
  cohort: Array<CohortBounds | undefined>;
  engine?: TotalsEngine;
  /** rounded total per row (integer at `decimals`); only eligible rows are set */
  totals: Array<number | bigint>;
  /** each row's position in standard number, credit code order */
  noPos: Int32Array;
  /** eligible rows in display order, with their ranks */
  order: number[];
  ranks: number[];
}

/**
 * Reads and gates every record, scores the eligible ones, totals, orders and ranks them.
 * `skipGates`: every record is taken as eligible (explain re-scores a run's ranked entries).
 */
export function scoreRecords(input: Omit<RunInput, 'crossCheck'> & { skipGates?: boolean }): Scored {
  const { scheme, records } = input;
  const plans = planIndicators(scheme);
  const lp = levelPoints(scheme);
  const k = plans.length;
  const n = records.length;
  const cells: Array<Array<Cell | undefined>> = plans.map(() => new Array(n));
  for (let i = 0; i < k; i++) {
    const p = plans[i]!;
    const col = cells[i]!;
    const id = p.id;
    for (let r = 0; r < n; r++) col[r] = readCell(p, records[r]!.values[id]);
  }
  for (const p of plans) finalisePlan(p);

  const gate: GateContext = { scheme, asOf: input.asOf, bans: input.bans, baselines: planBaselines(scheme), core: plans };
  const reasons: string[][] = new Array(n);
  const eligible: number[] = [];
  const rowCells: Array<Cell | undefined> = new Array(k);
  for (let r = 0; r < n; r++) {
    for (let i = 0; i < k; i++) { const c = cells[i]![r]; rowCells[i] = c && c.valid ? c : undefined; }
    const rs = input.skipGates ? [] : gateReasons(gate, records[r]!, rowCells);
    reasons[r] = rs;
    if (rs.length === 0) eligible.push(r);
  }
  // Invalid cells (unknown grade, not a number) count as missing from here on.
  for (let i = 0; i < k; i++) { const col = cells[i]!; for (let r = 0; r < n; r++) if (col[r] && !col[r]!.valid) col[r] = undefined; }

  const method = scheme.scoring.method;
  const decimals = totalDecimals(scheme);
  const cohort = plans.map((p, i) => (p.method === 'cohort' ? cohortBounds(p, valuesOf(cells[i]!, eligible)) : undefined));
  const totals: Array<number | bigint> = new Array(n);
  let engine: TotalsEngine | undefined;

  if (method === 'weighted-sum') {
    const inUse = plans.map((p, i) => {
      const set = new Set<Cell>();
      const col = cells[i]!;
      for (const r of eligible) { const c = col[r]; if (c) set.add(c); }
      for (const c of set) {
        const s = exactScore(p, lp, c, cohort[i]);
        c.score = s.score;
        c.scoreText = scoreText(s.score);
      }
      return set;
    });
    engine = buildTotals(inUse, plans.map((p) => p.weight), decimals);
    const row: Array<Cell | undefined> = new Array(k);
    for (const r of eligible) {
      for (let i = 0; i < k; i++) row[i] = cells[i]![r];
      totals[r] = engine.safe ? roundedTotalNumber(engine, row) : roundedTotal(engine, row);
    }
  } else {
    const c = topsisOf(plans, cells, eligible, scheme.scoring.normalization ?? 'vector');
    eligible.forEach((r, j) => { totals[r] = Number(parseDecimal(roundCloseness(c[j]!, decimals)).int); });
  }

  const noPos = numberOrder(n, (r) => records[r]!.standardNo, (r) => records[r]!.uscc);
  const order = displayOrder(totals, noPos, eligible);
  const ranks = competitionRanksSorted(order.map((r) => totals[r]!));
  return { scheme, plans, lp, decimals, method, records, cells, reasons, eligible, cohort, engine, totals, noPos, order, ranks };
}

function* valuesOf(col: Array<Cell | undefined>, rows: number[]): Iterable<bigint> {
  for (const r of rows) { const c = col[r]; if (c) yield c.v; }
}

/** Closeness per eligible row (in `eligible` order); a missing value (missingCore zero) takes the column's worst value. */
function topsisOf(plans: IndicatorPlan[], cells: Array<Array<Cell | undefined>>, eligible: number[], normalization: 'vector' | 'minmax'): number[] {
  const k = plans.length;
  const worst = plans.map((p, i) => {
    let w: number | undefined;
    for (const r of eligible) {
      const c = cells[i]![r];
      if (!c) continue;
      const x = num(p, c);
      if (w === undefined || (p.type === 'lower' ? x > w : x < w)) w = x;
    }
    return w ?? 0;
  });
  const matrix = eligible.map((r) => {
    const row = new Float64Array(k);
    for (let i = 0; i < k; i++) { const c = cells[i]![r]; row[i] = c ? num(plans[i]!, c) : worst[i]!; }
    return row;
  });
  return topsisCloseness(matrix, plans.map((p) => ({ type: p.type === 'lower' ? 'lower' : 'higher', weight: Number(formatDec(p.weight)) })), normalization);
}

function num(p: IndicatorPlan, c: Cell): number {
  return p.type === 'grade' ? Number(c.v) : Number(c.v) / 10 ** p.scale;
}

/** Computes a run's content. */
export function computeRun(input: RunInput): RunResult {
  const s = scoreRecords(input);
  const { plans, records, cells, decimals, lp } = s;
  const k = plans.length;
  const ids = plans.map((p) => p.id);
  const entries: RunEntry[] = new Array(s.order.length);
  for (let j = 0; j < s.order.length; j++) {
    const r = s.order[j]!;
    const rec = records[r]!;
    const levels: Record<string, string | null> = {};
    const scores: Record<string, string> = {};
    const values: Record<string, string> = {};
    let zero: string[] | undefined;
    for (let i = 0; i < k; i++) {
      const c = cells[i]![r];
      const id = ids[i]!;
      if (c) {
        levels[id] = c.level >= 0 ? lp.ids[c.level]! : null;
        if (c.scoreText !== undefined) scores[id] = c.scoreText;
        values[id] = c.text;
      } else {
        levels[id] = null;
        if (s.method === 'weighted-sum') scores[id] = ZERO_SCORE;
        (zero ??= []).push(id);
      }
    }
    const e: RunEntry = {
      rank: s.ranks[j]!, total: formatTotal(s.totals[r]!, decimals), standardNo: rec.standardNo, uscc: rec.uscc,
      enterpriseName: rec.enterpriseName, standardName: rec.standardName, product: rec.product, models: rec.models,
      versionId: rec.versionId, levels, scores, values,
    };
    if (zero) e.zeroScored = zero;
    entries[j] = e;
  }

  // Rows in standard number order: the excluded list and the single-indicator groups follow it.
  const byNo = new Int32Array(records.length);
  for (let r = 0; r < records.length; r++) byNo[s.noPos[r]!] = r;
  const excluded: ExcludedEntry[] = [];
  const eligibleByNo: number[] = [];
  for (const r of byNo) {
    if (s.reasons[r]!.length === 0) { eligibleByNo.push(r); continue; }
    const rec = records[r]!;
    excluded.push({ standardNo: rec.standardNo, uscc: rec.uscc, enterpriseName: rec.enterpriseName, standardName: rec.standardName, versionId: rec.versionId, reasons: s.reasons[r]! });
  }

  const indicators: IndicatorRanking[] = plans.map((p, i) => {
    const col = cells[i]!;
    // levels high -> low, then "no level" (missing, scored zero)
    const buckets = new Map<number, string[]>();
    let first: string | undefined | null = null;
    let discriminating = false;
    for (const r of eligibleByNo) {
      const c = col[r];
      const level = c ? (c.level >= 0 ? c.level : -1) : -1;
      const list = buckets.get(level);
      if (list) list.push(records[r]!.standardNo);
      else buckets.set(level, [records[r]!.standardNo]);
      const v = c?.text;
      if (first === null) first = v;
      else if (v !== first) discriminating = true;
    }
    const groups = [...buckets.keys()].sort((a, b) => b - a).map((l) => ({ level: l >= 0 ? lp.ids[l]! : null, standardNos: buckets.get(l)! }));
    const ranking: IndicatorRanking = { id: p.id, name: p.name, discriminating, cohortDependent: p.method === 'cohort', groups, method: p.method };
    if (!discriminating && eligibleByNo.length > 0) ranking.commonValue = first ?? null;
    return ranking;
  });

  const result: RunResult = {
    entries, excluded, indicators,
    cohortDependent: s.method === 'topsis' || plans.some((p) => p.method === 'cohort'),
    method: s.method,
    decimals,
  };
  if (input.crossCheck === 'topsis' && s.method === 'weighted-sum') result.crossCheck = crossCheck(s, entries);
  return result;
}

const ZERO_SCORE = scoreText({ num: 0n, den: 1n });

/** TOPSIS (vector) beside the weighted sum: Spearman's rho and every standard whose rank differs by more than 1. */
function crossCheck(s: Scored, entries: RunEntry[]): NonNullable<RunResult['crossCheck']> {
  const c = topsisOf(s.plans, s.cells, s.order, 'vector');
  const rounded = c.map((x) => Number(parseDecimal(roundCloseness(x, 4)).int));
  const sorted = rounded.slice().sort((a, b) => b - a);
  const first = new Map<number, number>();
  sorted.forEach((v, i) => { if (!first.has(v)) first.set(v, i + 1); });
  const totals = s.order.map((r) => Number(s.totals[r]!));
  const rho = spearmanRho(totals, rounded);
  const differing: NonNullable<RunResult['crossCheck']>['differing'] = [];
  entries.forEach((e, j) => {
    const other = first.get(rounded[j]!)!;
    if (Math.abs(other - e.rank) > 1) differing.push({ standardNo: e.standardNo, uscc: e.uscc, rank: e.rank, otherRank: other });
  });
  return { method: 'topsis', spearmanRho: Number.isNaN(rho) ? NaN : Number(roundHalfEvenText(rho.toFixed(12), 4)), differing };
}
