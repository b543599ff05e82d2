/**
 * The evaluation scheme as the engine reads it, without the validator: types (derived from the zod
 * schema in ./scheme.ts, imported as types only) and helpers. Commands that only read stored schemes
 * (rank, shortlist, export, ...) import this module, so they never load zod (~130 ms of start-up).
 */
import type { z } from 'zod';
import type { schemeSchema } from './scheme.js';

export type Scheme = z.output<typeof schemeSchema>;
export type SchemeInput = z.input<typeof schemeSchema>;
export type Level = Scheme['levels'][number];
export type Indicator = Scheme['indicators'][number];
export type CoreIndicator = Extract<Indicator, { role: 'core' }>;
export type BaselineIndicator = Extract<Indicator, { role: 'baseline' }>;

/** NFKC, trim, case-fold: how CSV headers and grade names are compared. */
export function normaliseKey(s: string): string {
  return s.normalize('NFKC').replace(/\s+/gu, ' ').trim().toLowerCase();
}

export function coreIndicators(s: Scheme): CoreIndicator[] {
  return s.indicators.filter((i): i is CoreIndicator => i.role === 'core');
}
export function baselineIndicators(s: Scheme): BaselineIndicator[] {
  return s.indicators.filter((i): i is BaselineIndicator => i.role === 'baseline');
}
/** Score decimals: scoring.decimals, default 2 for weighted-sum and 4 for TOPSIS (scoring.md §4-§5). */
export function totalDecimals(s: Scheme): number {
  return s.scoring.decimals ?? (s.scoring.method === 'topsis' ? 4 : 2);
}
export function coreScoring(ind: CoreIndicator): 'levels' | 'anchored' | 'cohort' {
  return ind.scoring ?? 'anchored';
}

/**
 * A scheme that was validated when it was stored (schemes are immutable), read back without the
 * validator: the parsed JSON with the schema's defaults filled in, the same values `validateScheme`
 * gives (key order inside an indicator may differ; nothing reads it). The defaults here must follow the `.default(...)` calls of `schemeSchema`; a test compares
 * both on every shipped and fixture scheme, and `leader db check` re-validates every stored scheme.
 */
export function storedScheme(raw: unknown): Scheme {
  const s = raw as Record<string, unknown>;
  const scoring = s.scoring as Record<string, unknown> | undefined;
  const shortlist = s.shortlist as Record<string, unknown> | undefined;
  const out: Record<string, unknown> = {};
  // key order of the schema's shape, as zod outputs it
  for (const k of ['$schema', 'id', 'version', 'name', 'category', 'year', 'cycleMonths', 'cutoffDate', 'body', 'basis', 'levels', 'indicators', 'scoring', 'shortlist']) {
    if (k === 'basis') out.basis = s.basis ?? [];
    else if (k === 'scoring') out.scoring = scoring === undefined ? { method: 'weighted-sum', missingCore: 'exclude' } : { ...scoring, method: scoring.method ?? 'weighted-sum', missingCore: scoring.missingCore ?? 'exclude' };
    else if (k === 'shortlist') out.shortlist = shortlist === undefined ? { tiePolicy: 'include-all' } : { ...shortlist, tiePolicy: shortlist.tiePolicy ?? 'include-all' };
    else if (s[k] !== undefined) out[k] = s[k];
  }
  return out as Scheme;
}
