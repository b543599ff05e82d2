/**
 * Plain data shared between areas: an imported standard as ranking reads it, a ranking run's
 * content, a shortlist. Pure types, no behaviour.
 */

/** 现行 (in force) or 废止 (abolished). */
export type StandardStatus = '现行' | '废止';

/** The current version of one imported enterprise standard, as `leader rank` reads it. */
export interface StandardRecord {
  standardId: number;
  versionId: number;
  version: number;
  /** normalised standard number */
  standardNo: string;
  /** normalised credit code */
  uscc: string;
  enterpriseName: string;
  standardName: string;
  product: string | null;
  brand: string | null;
  models: string[];
  publicDate: string | null;
  status: StandardStatus;
  region: string | null;
  /** parsed values by indicator id: decimal text ("0.80"), the canonical grade name, "true"/"false" */
  values: Record<string, string>;
  /** the declared text by indicator id */
  raw: Record<string, string>;
  /** the stored version's content SHA-256 (set when read from the store; feeds the run's input SHA-256) */
  contentSha256?: string;
}

/** One ranked (eligible) standard of a run. */
export interface RunEntry {
  rank: number;
  /** rounded half-even to scoring.decimals, as text with exactly that many decimals */
  total: string;
  standardNo: string;
  uscc: string;
  enterpriseName: string;
  standardName: string;
  product: string | null;
  models: string[];
  versionId: number;
  /** level id reached per core indicator (null: below the lowest level, only with missingCore zero) */
  levels: Record<string, string | null>;
  /** score per core indicator, as decimal text */
  scores: Record<string, string>;
  /** rounded value per core indicator, as decimal text or grade name */
  values: Record<string, string>;
  /** core indicators missing and scored 0 (missingCore: zero) */
  zeroScored?: string[];
}

/** One ineligible standard with every reason (`ABOLISHED`, `BELOW_BASE:energy_index`, …). */
export interface ExcludedEntry {
  standardNo: string;
  uscc: string;
  enterpriseName: string;
  standardName: string;
  versionId: number;
  reasons: string[];
}

/** A single-indicator ranking: eligible standards grouped by level reached, best level first. */
export interface IndicatorRanking {
  id: string;
  name: string;
  /** false when every eligible standard has the same rounded value: not published */
  discriminating: boolean;
  cohortDependent: boolean;
  groups: Array<{ level: string | null; standardNos: string[] }>;
  /** the scoring used: levels | anchored | cohort (grade indicators: levels) */
  method?: string;
  /** when not discriminating: the value every eligible standard has (null: all missing) */
  commonValue?: string | null;
}

export interface RunRecord {
  id: number;
  schemeId: string;
  schemeVersion: string;
  schemeSha256: string;
  inputSha256: string;
  contentSha256: string;
  asOf: string;
  engineVersion: string;
  method: string;
  createdAt: string;
}

export interface RunResult {
  /** ranked entries in display order: rank, then standard number, then credit code */
  entries: RunEntry[];
  excluded: ExcludedEntry[];
  indicators: IndicatorRanking[];
  /** true when some indicator uses cohort scoring */
  cohortDependent: boolean;
  /** weighted-sum | topsis */
  method?: string;
  /** decimals of `total` */
  decimals?: number;
  crossCheck?: { method: 'topsis'; spearmanRho: number; differing: Array<{ standardNo: string; uscc: string; rank: number; otherRank: number }> };
}

/** One entry of a leader shortlist (入围名单); `rank` is the run's rank, never renumbered. */
export interface ShortlistEntry {
  standardNo: string;
  uscc: string;
  enterpriseName: string;
  standardName: string;
  product: string | null;
  models: string[];
  rank: number;
  total: string;
}
