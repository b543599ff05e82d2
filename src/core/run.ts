/**
 * A ranking run, pure: scheme + standards + bans + as-of date -> the run's content (gates, scores,
 * totals, ranks, single-indicator rankings, optional TOPSIS cross-check). Deterministic and
 * independent of the order of the input rows. Works on columns (one array per field, declared value
 * texts dictionary-encoded per indicator) so that a million standards need no object per row;
 * `computeRun` gives the same content as plain `RunResult` objects. Hashing and storage happen
 * outside (command and store layers).
 */
import { divRoundHalfEvenNumber, formatDec, parseDecimal, roundHalfEvenText } from './decimal.js';
import { bansCovering, baselineOutcome, planBaselines, type Bans } from './eligibility.js';
import { displayRanking, numberOrder } from './rank.js';
import { baselineIndicators, totalDecimals, type Scheme } from './scheme-model.js';
import {
  buildTotals, cohortBounds, exactScore, finalisePlan, formatTotal, levelPoints, planIndicators, readCell, roundedTotal,
  scoreText, type Cell, type CohortBounds, type IndicatorPlan, type LevelPoints, type TotalsEngine,
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

/** Declared value texts of one indicator: the distinct texts and each row's index into them (-1: absent). */
export interface ValueColumn { dict: string[]; codes: Int32Array }

/** The standards of a scheme as columns: row r is the r-th standard. */
export interface InputColumns {
  n: number;
  versionId: ArrayLike<number>;
  standardNo: ArrayLike<string>;
  uscc: ArrayLike<string>;
  /** 1 when the status is 废止 */
  abolished: Uint8Array;
  /** public dates (YYYY-MM-DD): the distinct dates and each row's index into them (-1: none) */
  publicDate: ValueColumn;
  /** by indicator id (core and baseline); a missing id means every row lacks the value */
  values: ReadonlyMap<string, ValueColumn>;
  /** each row's position in standard number, credit code order, when the reader knows it */
  noPos?: Int32Array;
}

/** Interns value texts into a `ValueColumn`. */
export class ValueColumnBuilder {
  readonly dict: string[] = [];
  readonly codes: Int32Array;
  private readonly index = new Map<string, number>();
  constructor(n: number) { this.codes = new Int32Array(n).fill(-1); }
  set(row: number, text: string): void {
    let c = this.index.get(text);
    if (c === undefined) { c = this.dict.length; this.dict.push(text); this.index.set(text, c); }
    this.codes[row] = c;
  }
  column(): ValueColumn { return { dict: this.dict, codes: this.codes }; }
}

/** Indicator ids whose values a run reads: core then baseline. */
export function valueIds(scheme: Scheme): string[] {
  return [...planIndicators(scheme).map((p) => p.id), ...baselineIndicators(scheme).map((b) => b.id)];
}

export function columnsFromRecords(records: readonly StandardRecord[], ids: readonly string[]): InputColumns {
  const n = records.length;
  const builders = ids.map(() => new ValueColumnBuilder(n));
  const dates = new ValueColumnBuilder(n);
  const abolished = new Uint8Array(n);
  for (let r = 0; r < n; r++) {
    const rec = records[r]!;
    if (rec.status === '废止') abolished[r] = 1;
    if (rec.publicDate !== null) dates.set(r, rec.publicDate);
    for (let i = 0; i < ids.length; i++) { const v = rec.values[ids[i]!]; if (v !== undefined) builders[i]!.set(r, v); }
  }
  return {
    n, abolished,
    versionId: records.map((r) => r.versionId), standardNo: records.map((r) => r.standardNo), uscc: records.map((r) => r.uscc),
    publicDate: dates.column(),
    values: new Map(ids.map((id, i) => [id, builders[i]!.column()])),
  };
}

/** Everything computed on the way to a run's content, on columns. */
export interface ScoredColumns {
  scheme: Scheme;
  plans: IndicatorPlan[];
  lp: LevelPoints;
  decimals: number;
  method: 'weighted-sum' | 'topsis';
  input: InputColumns;
  /** per core indicator: each row's value code (-1: absent) */
  codes: Int32Array[];
  /** per core indicator, per value code: the cell (undefined: missing, or invalid and so treated as missing) */
  cellOf: Array<Array<Cell | undefined>>;
  /** reasons of each ineligible row (undefined: eligible) */
  reasons: Array<string[] | undefined>;
  /** eligible rows, in input order */
  eligible: Int32Array;
  cohort: Array<CohortBounds | undefined>;
  engine?: TotalsEngine;
  /** rounded total per row (integer at `decimals`); only eligible rows are set */
  totals: Float64Array | bigint[];
  noPos: Int32Array;
  /** eligible rows in display order, with their ranks */
  order: Int32Array;
  ranks: Int32Array;
  /** the totals in display order, when the sort gave them */
  sortedTotals?: Float64Array;
}

const BASE_OK = 0;
const BASE_FAILED = 1;
const BASE_MISSING = 2;
const CORE_OK = 0;
const CORE_MISSING = 1;
const CORE_BELOW = 2;

/**
 * Reads and gates every row, scores the eligible ones, totals, orders and ranks them.
 * `skipGates`: every row is taken as eligible (explain re-scores a run's ranked entries).
 */
export function scoreColumns(scheme: Scheme, input: InputColumns, bans: Bans, asOf: string, skipGates = false): ScoredColumns {
  const plans = planIndicators(scheme);
  const lp = levelPoints(scheme);
  const k = plans.length;
  const n = input.n;
  let absent: Int32Array | undefined;
  const noCodes = () => (absent ??= new Int32Array(n).fill(-1));
  const codes = plans.map((p) => input.values.get(p.id)?.codes ?? noCodes());
  const cellOf = plans.map((p) => (input.values.get(p.id)?.dict ?? []).map((t) => readCell(p, t)));
  for (const p of plans) finalisePlan(p);

  // Gate state per distinct value.
  const exclude = scheme.scoring.missingCore === 'exclude';
  const coreState = cellOf.map((cells) => {
    const s = new Uint8Array(cells.length);
    cells.forEach((c, j) => { s[j] = !c || !c.valid ? CORE_MISSING : c.level === -1 ? CORE_BELOW : CORE_OK; });
    return s;
  });
  const baselines = planBaselines(scheme);
  const baseCodes = baselines.map((b) => input.values.get(b.ind.id)?.codes ?? noCodes());
  const baseState = baselines.map((b) => {
    const dict = input.values.get(b.ind.id)?.dict ?? [];
    const s = new Uint8Array(dict.length);
    dict.forEach((t, j) => { const o = baselineOutcome(b, t); s[j] = o === 'ok' ? BASE_OK : o === 'failed' ? BASE_FAILED : BASE_MISSING; });
    return s;
  });
  const cutoff = scheme.cutoffDate;
  const reasons: Array<string[] | undefined> = new Array(n);
  const eligibleList = new Int32Array(n);
  // All possible reasons in the contract's order (reason codes made once, not a string per excluded
  // standard); rows with the same reasons share one list (treat the lists as read-only).
  const catalogue = ['ABOLISHED', 'AFTER_CUTOFF', 'ENTERPRISE_BANNED', ...baselines.map((b) => `BASELINE_FAILED:${b.ind.id}`),
    ...baselines.map((b) => `BASELINE_MISSING:${b.ind.id}`), ...plans.map((p) => `CORE_MISSING:${p.id}`), ...plans.map((p) => `BELOW_BASE:${p.id}`)];
  const gates: Gates = { input, cutoff, bans, asOf, baseCodes, baseState, codes, coreState, exclude };
  let ne: number;
  if (skipGates) ne = fillAll(eligibleList);
  else ne = keyedReasons(gateKeys(gates, catalogue.length), catalogue, reasons, eligibleList);
  const eligible = eligibleList.slice(0, ne);
  // Invalid cells (unknown grade, not a number) count as missing from here on.
  for (const cells of cellOf) for (let j = 0; j < cells.length; j++) if (cells[j] && !cells[j]!.valid) cells[j] = undefined;

  // The distinct cells the eligible rows use, per indicator.
  const inUse = plans.map((_, i) => {
    const cells = cellOf[i]!;
    const mark = markUsed(codes[i]!, eligible, cells.length);
    const set = new Set<Cell>();
    for (let c = 0; c < cells.length; c++) if (mark[c] && cells[c]) set.add(cells[c]!);
    return set;
  });

  const method = scheme.scoring.method;
  const decimals = totalDecimals(scheme);
  const cohort = plans.map((p, i) => (p.method === 'cohort' ? cohortBounds(p, [...inUse[i]!].map((c) => c.v)) : undefined));
  let totals: Float64Array | bigint[] = new Float64Array(n);
  let engine: TotalsEngine | undefined;

  if (method === 'weighted-sum') {
    plans.forEach((p, i) => {
      for (const c of inUse[i]!) { const s = exactScore(p, lp, c, cohort[i]); c.score = s.score; c.scoreText = scoreText(s.score); }
    });
    engine = buildTotals(inUse, plans.map((p) => p.weight), decimals);
    if (engine.safe) {
      // m per value code, shifted by one so that code -1 (absent) reads 0
      const m = cellOf.map((cells) => { const a = new Float64Array(cells.length + 1); cells.forEach((c, j) => { a[j + 1] = c?.mNum ?? 0; }); return a; });
      sumTotals(totals as Float64Array, eligible, codes, m, engine.KNum, engine.scaleNum, engine.denNum);
    } else {
      const big: bigint[] = new Array(n);
      const row: Array<Cell | undefined> = new Array(k);
      for (let j = 0; j < ne; j++) {
        const r = eligible[j]!;
        for (let i = 0; i < k; i++) { const c = codes[i]![r]!; row[i] = c < 0 ? undefined : cellOf[i]![c]; }
        big[r] = roundedTotal(engine, row);
      }
      totals = big;
    }
  } else {
    const c = topsisOf(plans, (i, r) => { const x = codes[i]![r]!; return x < 0 ? undefined : cellOf[i]![x]; }, eligible, scheme.scoring.normalization ?? 'vector');
    const t = totals as Float64Array;
    for (let j = 0; j < ne; j++) t[eligible[j]!] = Number(parseDecimal(roundCloseness(c[j]!, decimals)).int);
  }

  const noPos = input.noPos ?? numberOrder(n, (r) => input.standardNo[r]!, (r) => input.uscc[r]!);
  const { order, ranks, sortedTotals } = displayRanking(totals, noPos, eligible);
  return { scheme, plans, lp, decimals, method, input, codes, cellOf, reasons, eligible, cohort, engine, totals, noPos, order, ranks, sortedTotals };
}

function fillAll(out: Int32Array): number {
  for (let r = 0; r < out.length; r++) out[r] = r;
  return out.length;
}

// Hot loops live in small functions of their own: the JIT compiles a loop running in a long function
// by compiling the whole function, and leaves that code again at the first line after the loop.

/** 1 for each value code the rows `rows` use. */
function markUsed(col: Int32Array, rows: Int32Array, size: number): Uint8Array {
  const mark = new Uint8Array(size);
  for (let j = 0; j < rows.length; j++) { const c = col[rows[j]!]!; if (c >= 0) mark[c] = 1; }
  return mark;
}

/** What the gates read: the rows' columns, and per distinct value whether it passes. */
interface Gates {
  input: InputColumns; cutoff: string | undefined; bans: Bans; asOf: string;
  baseCodes: Int32Array[]; baseState: Uint8Array[]; codes: Int32Array[]; coreState: Uint8Array[]; exclude: boolean;
}

/** Reason bits per key word: a double holds integers below 2^53 exactly. */
const WORD_BITS = 52;

/**
 * Each row's reasons as bits (0 everywhere: eligible): bit c of the catalogue is bit c % 52 of word
 * c / 52 (one word unless a scheme has more than 52 possible reasons). Column by column: a tight pass
 * over each gate's column adds, through a per-value table, the one bit its value fails with (each
 * column owns its bits, so the sums are exact). Catalogue order: abolished, after the cut-off,
 * banned, baselines failed, baselines missing, core missing (under `exclude`), core below base.
 */
function gateKeys(g: Gates, reasonCount: number): Float64Array[] {
  const n = g.input.n;
  const nb = g.baseCodes.length;
  const k = g.codes.length;
  const B0 = 3, B1 = B0 + nb, C0 = B1 + nb, C1 = C0 + k;
  const keys = Array.from({ length: Math.ceil(reasonCount / WORD_BITS) }, () => new Float64Array(n));
  keys[0]!.set(g.input.abolished.subarray(0, n));
  if (g.bans.size) flagBanned(keys[0]!, g.input.uscc, g.bans, g.asOf);
  /** Adds to every row the bit its code selects: `bitOf(code)` for code -1 (absent) and each value code, -1 for none. */
  const addColumn = (col: Int32Array, size: number, bitOf: (code: number) => number): void => {
    // per key word, per value code + 1 (0: absent): what the value adds
    const adds = new Map<number, Float64Array>();
    for (let c = -1; c < size; c++) {
      const bit = bitOf(c);
      if (bit < 0) continue;
      const w = Math.floor(bit / WORD_BITS);
      let add = adds.get(w);
      if (!add) { add = new Float64Array(size + 1); adds.set(w, add); }
      add[c + 1] = 2 ** (bit % WORD_BITS);
    }
    for (const [w, add] of adds) addBits(keys[w]!, col, add);
  };
  if (g.cutoff) {
    const { dict, codes } = g.input.publicDate;
    addColumn(codes, dict.length, (c) => { const d = c < 0 ? null : dict[c]!; return d && d > g.cutoff! ? 1 : -1; });
  }
  for (let b = 0; b < nb; b++) {
    const st = g.baseState[b]!;
    addColumn(g.baseCodes[b]!, st.length, (c) => (c < 0 || st[c] === BASE_MISSING ? B1 + b : st[c] === BASE_FAILED ? B0 + b : -1));
  }
  for (let i = 0; i < k; i++) {
    const st = g.coreState[i]!;
    addColumn(g.codes[i]!, st.length, (c) => (c < 0 || st[c] === CORE_MISSING ? (g.exclude ? C0 + i : -1) : st[c] === CORE_BELOW ? C1 + i : -1));
  }
  return keys;
}

function flagBanned(key: Float64Array, uscc: ArrayLike<string>, bans: Bans, asOf: string): void {
  for (let r = 0; r < key.length; r++) { const u = uscc[r]!; if (bans.has(u) && bansCovering(bans, u, asOf).length > 0) key[r] += 4; }
}

function addBits(key: Float64Array, col: Int32Array, add: Float64Array): void {
  for (let r = 0; r < key.length; r++) key[r] += add[col[r]! + 1]!;
}

/**
 * The rows whose key words are all 0 written to `out` (their count returned); every other row's
 * reasons, in catalogue order, one shared list per distinct key.
 */
function keyedReasons(keys: Float64Array[], catalogue: readonly string[], reasons: Array<string[] | undefined>, out: Int32Array): number {
  const listOf = (words: number[]): string[] => {
    const rs: string[] = [];
    for (let c = 0; c < catalogue.length; c++) if (Math.floor(words[Math.floor(c / WORD_BITS)]! / 2 ** (c % WORD_BITS)) % 2 === 1) rs.push(catalogue[c]!);
    return rs;
  };
  let ne = 0;
  if (keys.length === 1) {
    const key = keys[0]!;
    const lists = new Map<number, string[]>();
    for (let r = 0; r < key.length; r++) {
      const x = key[r]!;
      if (x === 0) { out[ne++] = r; continue; }
      let rs = lists.get(x);
      if (rs === undefined) { rs = listOf([x]); lists.set(x, rs); }
      reasons[r] = rs;
    }
    return ne;
  }
  // past 52 possible reasons (very wide schemes): the words joined as the lists' key
  const lists = new Map<string, string[]>();
  for (let r = 0; r < keys[0]!.length; r++) {
    const words = keys.map((k) => k[r]!);
    if (words.every((x) => x === 0)) { out[ne++] = r; continue; }
    const id = words.join(',');
    let rs = lists.get(id);
    if (rs === undefined) { rs = listOf(words); lists.set(id, rs); }
    reasons[r] = rs;
  }
  return ne;
}

/**
 * Rounded totals of the eligible rows: Σ K_i * m_i(value code) at a common denominator, exact in
 * doubles (`engine.safe`: every partial sum is an integer below 2^53, so the order of the additions
 * does not matter). Indicator by indicator, then one rounding per row.
 */
function sumTotals(t: Float64Array, eligible: Int32Array, codes: Int32Array[], m: Float64Array[], K: number[], scale: number, den: number): void {
  const ne = eligible.length;
  const acc = new Float64Array(ne);
  for (let i = 0; i < codes.length; i++) addColumn(acc, eligible, codes[i]!, m[i]!, K[i]!);
  for (let j = 0; j < ne; j++) t[eligible[j]!] = divRoundHalfEvenNumber(acc[j]! * scale, den);
}

function addColumn(acc: Float64Array, eligible: Int32Array, col: Int32Array, m: Float64Array, k: number): void {
  for (let j = 0; j < eligible.length; j++) acc[j] += k * m[col[eligible[j]!]! + 1]!;
}

/** Closeness per row of `rows` (in that order); a missing value (missingCore zero) takes the column's worst value. */
function topsisOf(plans: IndicatorPlan[], cell: (i: number, r: number) => Cell | undefined, rows: ArrayLike<number>, normalization: 'vector' | 'minmax'): number[] {
  const k = plans.length;
  const worst = plans.map((p, i) => {
    let w: number | undefined;
    for (let j = 0; j < rows.length; j++) {
      const c = cell(i, rows[j]!);
      if (!c) continue;
      const x = num(p, c);
      if (w === undefined || (p.type === 'lower' ? x > w : x < w)) w = x;
    }
    return w ?? 0;
  });
  const matrix: Float64Array[] = new Array(rows.length);
  for (let j = 0; j < rows.length; j++) {
    const row = new Float64Array(k);
    for (let i = 0; i < k; i++) { const c = cell(i, rows[j]!); row[i] = c ? num(plans[i]!, c) : worst[i]!; }
    matrix[j] = row;
  }
  return topsisCloseness(matrix, plans.map((p) => ({ type: p.type === 'lower' ? 'lower' : 'higher', weight: Number(formatDec(p.weight)) })), normalization);
}

function num(p: IndicatorPlan, c: Cell): number {
  return p.type === 'grade' ? Number(c.v) : Number(c.v) / 10 ** p.scale;
}

// ------------------------------------------------------------------ the run's content, as columns

/** One distinct rounded value of an indicator in a run: its text, level index (-1: none) and score text (null under TOPSIS). */
export interface OutCell { text: string; level: number; score: string | null }

export interface IndicatorColumn extends Omit<IndicatorRanking, 'groups'> {
  cells: OutCell[];
  /** per entry (display order): index into `cells`, -1 when missing (scored zero under weighted-sum) */
  codes: Int32Array;
}

/**
 * A run's content as columns: entries in display order (input row, total, rank, cell per indicator),
 * excluded rows in standard number order with their reasons. Row fields (standard number, credit
 * code, version id) are in `input`; names are looked up by version id when needed.
 */
export interface RunColumns {
  method: 'weighted-sum' | 'topsis';
  decimals: number;
  cohortDependent: boolean;
  levelIds: string[];
  indicators: IndicatorColumn[];
  input: InputColumns;
  /** entries: input row, rounded total (integer at `decimals`) and rank, in display order */
  rows: Int32Array;
  totals: Float64Array | bigint[];
  ranks: Int32Array;
  /** ineligible rows in standard number order and their reasons */
  excludedRows: Int32Array;
  reasons: string[][];
  crossCheck?: NonNullable<RunResult['crossCheck']>;
  /** entry indices in standard number, credit code order (derived when absent) */
  byNumber?: Int32Array;
}

/** Up to this many value codes (rows x core indicators) are laid out row by row (below ~8 MB: in cache). */
const ROW_MAJOR_CELLS = 1 << 21;

/**
 * A run's content as columns. `layout` forces how the entries' value codes are gathered (tests;
 * by default row by row for small runs, scattered per indicator for large ones: the same result).
 */
export function runColumns(s: ScoredColumns, crossCheckMethod?: 'topsis', layout?: 'rows' | 'scatter'): RunColumns {
  const { plans, input, order } = s;
  const ne = order.length;
  const n = input.n;
  const totals = s.sortedTotals ?? (s.totals instanceof Float64Array ? gatherNumbers(s.totals, order) : Array.from(order, (r) => (s.totals as bigint[])[r]!));
  // each input row's entry (display position), -1 for an ineligible row
  const entryOf = entryPositions(order, n);
  // Each entry's value code per indicator, in display order, then numbered into output cells (cells in
  // order of first appearance in display order).
  const k = plans.length;
  const outs: Int32Array[] = plans.map(() => new Int32Array(ne));
  // Few enough to stay in cache: the codes laid out row by row in one sequential pass, then read entry
  // by entry (one pass over the entries for all indicators). A million rows read at random would miss
  // the cache on every read: then, indicator by indicator, the rows in input order (sequential reads)
  // are scattered to their display positions.
  if (layout === 'rows' || (layout === undefined && n * k <= ROW_MAJOR_CELLS)) gatherRowMajor(s.codes, order, outs, n);
  else for (let i = 0; i < k; i++) scatterColumn(s.codes[i]!, entryOf, outs[i]!);
  const indicators: IndicatorColumn[] = plans.map((p, i) => {
    const out = outs[i]!;
    const cells = numberCells(s.cellOf[i]!, out);
    const seen = new Set<string | undefined>(cells.map((c) => c.text));
    if (out.includes(-1)) seen.add(undefined);
    const discriminating = seen.size > 1;
    const meta: IndicatorColumn = { id: p.id, name: p.name, discriminating, cohortDependent: p.method === 'cohort', method: p.method, cells, codes: out };
    if (!discriminating && ne > 0) meta.commonValue = [...seen][0] ?? null;
    return meta;
  });
  const { excluded, reasons, byNumber } = numberOrdered(s.noPos, s.reasons, entryOf, ne);
  const rc: RunColumns = {
    method: s.method, decimals: s.decimals, cohortDependent: s.method === 'topsis' || plans.some((p) => p.method === 'cohort'),
    levelIds: s.lp.ids, indicators, input, rows: order, totals, ranks: s.ranks, excludedRows: excluded, reasons, byNumber,
  };
  if (crossCheckMethod === 'topsis' && s.method === 'weighted-sum') rc.crossCheck = crossCheck(s);
  return rc;
}

function gatherNumbers(values: Float64Array, at: Int32Array): Float64Array {
  const out = new Float64Array(at.length);
  for (let j = 0; j < at.length; j++) out[j] = values[at[j]!]!;
  return out;
}

function entryPositions(order: Int32Array, n: number): Int32Array {
  const entryOf = new Int32Array(n).fill(-1);
  for (let j = 0; j < order.length; j++) entryOf[order[j]!] = j;
  return entryOf;
}

/** outs[i][j] = codes[i][order[j]], through a row-major copy of the codes. */
function gatherRowMajor(codes: Int32Array[], order: Int32Array, outs: Int32Array[], n: number): void {
  const k = codes.length;
  const rowMajor = new Int32Array(n * k);
  for (let r = 0, p = 0; r < n; r++) for (let i = 0; i < k; i++) rowMajor[p++] = codes[i]![r]!;
  for (let j = 0; j < order.length; j++) { const b = order[j]! * k; for (let i = 0; i < k; i++) outs[i]![j] = rowMajor[b + i]!; }
}

/** out[entryOf[r]] = col[r] for the rows that are entries. */
function scatterColumn(col: Int32Array, entryOf: Int32Array, out: Int32Array): void {
  for (let r = 0; r < col.length; r++) { const e = entryOf[r]!; if (e >= 0) out[e] = col[r]!; }
}

/**
 * Replaces each entry's value code in `out` by its output cell (-1: missing), the cells numbered in
 * order of first appearance; returns the cells. Distinct value codes can share a cell (texts rounding alike).
 */
function numberCells(src: ReadonlyArray<Cell | undefined>, out: Int32Array): OutCell[] {
  // per value code + 1 (0: absent): the output cell, -1 for missing, -2 not met yet
  const t = new Int32Array(src.length + 1).fill(-2);
  t[0] = -1;
  for (let c = 0; c < src.length; c++) if (!src[c]) t[c + 1] = -1;
  const cells: OutCell[] = [];
  const byCell = new Map<Cell, number>();
  for (let j = 0; j < out.length; j++) {
    const c = out[j]! + 1;
    let o = t[c]!;
    if (o === -2) {
      const cell = src[c - 1]!;
      o = byCell.get(cell) ?? -1;
      if (o < 0) { o = cells.length; cells.push({ text: cell.text, level: cell.level >= 0 ? cell.level : -1, score: cell.scoreText ?? null }); byCell.set(cell, o); }
      t[c] = o;
    }
    out[j] = o;
  }
  return cells;
}

/** In standard-number order: the excluded rows with their reasons, and the entries. */
function numberOrdered(noPos: Int32Array, rowReasons: ReadonlyArray<string[] | undefined>, entryOf: Int32Array, ne: number): { excluded: Int32Array; reasons: string[][]; byNumber: Int32Array } {
  const n = noPos.length;
  // at each standard-number position: the row's entry, or ~row for a row that is not an entry
  const at = new Int32Array(n);
  for (let r = 0; r < n; r++) { const e = entryOf[r]!; at[noPos[r]!] = e >= 0 ? e : ~r; }
  const excluded = new Int32Array(n - ne);
  const reasons: string[][] = [];
  const byNumber = new Int32Array(ne);
  let b = 0;
  let x = 0;
  for (let q = 0; q < n; q++) {
    const e = at[q]!;
    if (e >= 0) { byNumber[b++] = e; continue; }
    const rs = rowReasons[~e];
    if (rs) { excluded[x++] = ~e; reasons.push(rs); }
  }
  return { excluded: excluded.slice(0, x), reasons, byNumber };
}

/** TOPSIS (vector) beside the weighted sum: Spearman's rho and every standard whose rank differs by more than 1. */
function crossCheck(s: ScoredColumns): NonNullable<RunResult['crossCheck']> {
  const c = topsisOf(s.plans, (i, r) => { const x = s.codes[i]![r]!; return x < 0 ? undefined : s.cellOf[i]![x]; }, s.order, 'vector');
  const rounded = c.map((x) => Number(parseDecimal(roundCloseness(x, 4)).int));
  const sorted = rounded.slice().sort((a, b) => b - a);
  const first = new Map<number, number>();
  sorted.forEach((v, i) => { if (!first.has(v)) first.set(v, i + 1); });
  const totals = Array.from(s.order, (r) => Number(s.totals[r]!));
  const rho = spearmanRho(totals, rounded);
  const differing: NonNullable<RunResult['crossCheck']>['differing'] = [];
  for (let j = 0; j < s.order.length; j++) {
    const other = first.get(rounded[j]!)!;
    const rank = s.ranks[j]!;
    const r = s.order[j]!;
    if (Math.abs(other - rank) > 1) differing.push({ standardNo: s.input.standardNo[r]!, uscc: s.input.uscc[r]!, rank, otherRank: other });
  }
  return { method: 'topsis', spearmanRho: Number.isNaN(rho) ? NaN : Number(roundHalfEvenText(rho.toFixed(12), 4)), differing };
}

/** The total of entry j as text with exactly `decimals` decimals. */
export function entryTotal(rc: RunColumns, j: number): string {
  return formatTotal(rc.totals[j]!, rc.decimals);
}

/** What a run's entries carry beside the columns: names of the stored version. */
export interface RowNames { enterpriseName: string; standardName: string; product: string | null; models: string[] }

const ZERO_SCORE = scoreText({ num: 0n, den: 1n });

/** Entry j as a `RunEntry`. */
export function entryAt(rc: RunColumns, j: number, names: RowNames): RunEntry {
  const r = rc.rows[j]!;
  const levels: Record<string, string | null> = {};
  const scores: Record<string, string> = {};
  const values: Record<string, string> = {};
  let zero: string[] | undefined;
  for (const ind of rc.indicators) {
    const o = ind.codes[j]!;
    if (o >= 0) {
      const c = ind.cells[o]!;
      levels[ind.id] = c.level >= 0 ? rc.levelIds[c.level]! : null;
      if (c.score !== null) scores[ind.id] = c.score;
      values[ind.id] = c.text;
    } else {
      levels[ind.id] = null;
      if (rc.method === 'weighted-sum') scores[ind.id] = ZERO_SCORE;
      (zero ??= []).push(ind.id);
    }
  }
  const e: RunEntry = {
    rank: rc.ranks[j]!, total: entryTotal(rc, j), standardNo: rc.input.standardNo[r]!, uscc: rc.input.uscc[r]!,
    enterpriseName: names.enterpriseName, standardName: names.standardName, product: names.product, models: names.models,
    versionId: rc.input.versionId[r]!, levels, scores, values,
  };
  if (zero) e.zeroScored = zero;
  return e;
}

export function excludedAt(rc: RunColumns, q: number, names: RowNames): ExcludedEntry {
  const r = rc.excludedRows[q]!;
  return { standardNo: rc.input.standardNo[r]!, uscc: rc.input.uscc[r]!, enterpriseName: names.enterpriseName, standardName: names.standardName, versionId: rc.input.versionId[r]!, reasons: rc.reasons[q]! };
}

/** Entry indices in standard number, credit code order. */
export function entriesByNumber(rc: RunColumns): Int32Array {
  if (rc.byNumber) return rc.byNumber;
  const ne = rc.rows.length;
  const no = rc.input.standardNo;
  const us = rc.input.uscc;
  const pos = numberOrder(ne, (j) => no[rc.rows[j]!]!, (j) => us[rc.rows[j]!]!);
  const out = new Int32Array(ne);
  for (let j = 0; j < ne; j++) out[pos[j]!] = j;
  return (rc.byNumber = out);
}

/** A single-indicator ranking's groups: level index (best first, -1 last) and the entries in standard number order. */
export function indicatorLevelGroups(rc: RunColumns, i: number, byNumber: Int32Array): Array<{ level: number; entries: number[] }> {
  const ind = rc.indicators[i]!;
  const buckets = new Map<number, number[]>();
  for (let q = 0; q < byNumber.length; q++) {
    const j = byNumber[q]!;
    const o = ind.codes[j]!;
    const level = o >= 0 ? ind.cells[o]!.level : -1;
    const list = buckets.get(level);
    if (list) list.push(j);
    else buckets.set(level, [j]);
  }
  return [...buckets.keys()].sort((a, b) => b - a).map((l) => ({ level: l, entries: buckets.get(l)! }));
}

/** The whole content as a `RunResult`, names by input row. */
export function runResultOf(rc: RunColumns, names: (row: number) => RowNames): RunResult {
  const ne = rc.rows.length;
  const entries: RunEntry[] = new Array(ne);
  for (let j = 0; j < ne; j++) entries[j] = entryAt(rc, j, names(rc.rows[j]!));
  const excluded: ExcludedEntry[] = new Array(rc.excludedRows.length);
  for (let q = 0; q < excluded.length; q++) excluded[q] = excludedAt(rc, q, names(rc.excludedRows[q]!));
  const byNumber = entriesByNumber(rc);
  const nos: string[] = new Array(ne);
  for (let q = 0; q < ne; q++) nos[q] = entries[byNumber[q]!]!.standardNo;
  const indicators: IndicatorRanking[] = rc.indicators.map((ind) => {
    // level + 1 -> standard numbers, in standard number order
    const buckets: string[][] = [];
    for (let q = 0; q < ne; q++) {
      const o = ind.codes[byNumber[q]!]!;
      const b = (o >= 0 ? ind.cells[o]!.level : -1) + 1;
      (buckets[b] ??= []).push(nos[q]!);
    }
    const groups: IndicatorRanking['groups'] = [];
    for (let b = buckets.length - 1; b >= 0; b--) if (buckets[b]) groups.push({ level: b > 0 ? rc.levelIds[b - 1]! : null, standardNos: buckets[b]! });
    const r: IndicatorRanking = { id: ind.id, name: ind.name, discriminating: ind.discriminating, cohortDependent: ind.cohortDependent, groups, method: ind.method };
    if (ind.commonValue !== undefined) r.commonValue = ind.commonValue;
    return r;
  });
  const result: RunResult = { entries, excluded, indicators, cohortDependent: rc.cohortDependent, method: rc.method, decimals: rc.decimals };
  if (rc.crossCheck) result.crossCheck = rc.crossCheck;
  return result;
}

// ------------------------------------------------------------------ on StandardRecord objects

/** `ScoredColumns` with the records and a cell per indicator and row (explain's view). */
export interface Scored extends ScoredColumns {
  records: readonly StandardRecord[];
  /** cells[i][row]: indicator i of record row (undefined: missing) */
  cells: Array<Array<Cell | undefined>>;
}

/**
 * Gates, scores, totals, orders and ranks records. `skipGates`: every record is taken as eligible
 * (explain re-scores a run's ranked entries).
 */
export function scoreRecords(input: Omit<RunInput, 'crossCheck'> & { skipGates?: boolean }): Scored {
  const cols = columnsFromRecords(input.records, valueIds(input.scheme));
  const s = scoreColumns(input.scheme, cols, input.bans, input.asOf, input.skipGates);
  const cells = s.codes.map((col, i) => Array.from(col, (c) => (c < 0 ? undefined : s.cellOf[i]![c])));
  return { ...s, records: input.records, cells };
}

/**
 * Re-scores the rows of `s` (scored with every row taken as eligible, as explain does) with the value
 * of indicator `id` in row `row` replaced by `text`: the same rows and number order, only that column
 * changed (no columns rebuilt from records).
 */
export function rescoreWithValue(s: ScoredColumns, id: string, row: number, text: string, asOf: string): ScoredColumns {
  const input = s.input;
  const values = new Map(input.values);
  const col = values.get(id);
  const dict = col ? col.dict.slice() : [];
  let code = dict.indexOf(text);
  if (code < 0) { code = dict.length; dict.push(text); }
  const codes = col ? Int32Array.from(col.codes) : new Int32Array(input.n).fill(-1);
  codes[row] = code;
  values.set(id, { dict, codes });
  return scoreColumns(s.scheme, { ...input, values, noPos: s.noPos }, new Map(), asOf, true);
}

/** Computes a run's content. */
export function computeRun(input: RunInput): RunResult {
  const cols = columnsFromRecords(input.records, valueIds(input.scheme));
  const s = scoreColumns(input.scheme, cols, input.bans, input.asOf);
  const rc = runColumns(s, input.crossCheck);
  return runResultOf(rc, (r) => input.records[r]!);
}

// ------------------------------------------------------------------ light views of the entries (shortlist, export)

/** What the shortlist rules read of entry j (no names): rank, total, standard number, credit code, level per indicator. */
export interface RankedAt {
  entry: number;
  rank: number;
  total: string;
  standardNo: string;
  uscc: string;
  levels: Record<string, string | null>;
}

/** Every entry as a `RankedAt`, in display order. */
export function rankedEntries(rc: RunColumns): RankedAt[] {
  const ne = rc.rows.length;
  const out = new Array<RankedAt>(ne);
  const inds = rc.indicators;
  // level id per indicator and cell, null for none or missing
  const levelOf = inds.map((ind) => ind.cells.map((c) => (c.level >= 0 ? rc.levelIds[c.level]! : null)));
  for (let j = 0; j < ne; j++) {
    const levels: Record<string, string | null> = {};
    for (let i = 0; i < inds.length; i++) { const o = inds[i]!.codes[j]!; levels[inds[i]!.id] = o >= 0 ? levelOf[i]![o]! : null; }
    const r = rc.rows[j]!;
    out[j] = { entry: j, rank: rc.ranks[j]!, total: entryTotal(rc, j), standardNo: rc.input.standardNo[r]!, uscc: rc.input.uscc[r]!, levels };
  }
  return out;
}

/** An indicator's value, level id and score as an entry shows them (`entryAt`); null where the entry has none. */
export interface EntryCell { value: string | null; level: string | null; score: string | null }

/** Indicator `id` of every entry: its distinct `EntryCell`s and each entry's index into them (display order). */
export function entryCells(rc: RunColumns, id: string): { cells: EntryCell[]; codes: Int32Array } {
  const ne = rc.rows.length;
  const ind = rc.indicators.find((x) => x.id === id);
  if (!ind) return { cells: [{ value: null, level: null, score: null }], codes: new Int32Array(ne) };
  const cells: EntryCell[] = ind.cells.map((c) => ({ value: c.text, level: c.level >= 0 ? rc.levelIds[c.level]! : null, score: c.score }));
  const missing = cells.length;
  cells.push({ value: null, level: null, score: rc.method === 'weighted-sum' ? ZERO_SCORE : null });
  const codes = new Int32Array(ne);
  for (let j = 0; j < ne; j++) { const o = ind.codes[j]!; codes[j] = o >= 0 ? o : missing; }
  return { cells, codes };
}
