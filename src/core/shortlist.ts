/**
 * The leader shortlist (领跑者入围名单) from a ranking, scoring.md §6: participants, minimum score,
 * every core indicator at a level, best entries per enterprise, the cap and the tie at the cut. Pure:
 * the run's entries and the scheme in, the list plus every decision that shaped it out, as data.
 */
import { createHash } from 'node:crypto';
import type { Scheme } from './scheme.js';
import type { RunEntry, ShortlistEntry } from './types.js';

export type TiePolicy = 'include-all' | 'exclude-all';

/** Why a ranked standard is not on the list. */
/** The drop rules, in the order scoring.md §6 applies them. */
export const DROP_RULES = ['min-score', 'core-below-level', 'max-per-enterprise', 'cap', 'tie-exclude-all'] as const;
export type DropRule = typeof DROP_RULES[number];

/** Why there is no list (or an empty one). */
export type ShortlistReason = 'TOO_FEW_PARTICIPANTS' | 'NO_QUALIFYING_ENTRIES' | 'TIE_EXCLUDED_ALL';

export interface DroppedEntry {
  standardNo: string;
  uscc: string;
  /** when the entries carry names (never stored) */
  enterpriseName?: string;
  rank: number;
  total: string;
  /** the first rule that dropped it, in the order of scoring.md §6 */
  rule: DropRule;
  /** the rule's numbers: `{ total, minScore }`, `{ below: [{indicator, level}], required }`, `{ kept: [standardNo] }`, `{ cap, cutRank }` */
  detail: Record<string, unknown>;
}

/** A tie across the cut and how it was settled. */
export interface TieAtCut {
  /** r: the rank of the cap-th entry, shared by the next one */
  rank: number;
  policy: TiePolicy;
  cap: number;
  /** every candidate with rank r, by standard number */
  tied: Array<{ standardNo: string; uscc: string }>;
  /** how many entries the list holds after settling the tie */
  taken: number;
  /** include-all: the list exceeds the cap by this many; exclude-all: it is short of it by this many (negative) */
  overCap: number;
}

export interface ShortlistRule {
  maxLeaders?: number;
  maxShare?: number;
  minScore?: number;
  requireAllCoreAtLeast?: string;
  minParticipants?: number;
  maxPerEnterprise?: number;
  tiePolicy: TiePolicy;
}

export interface ShortlistOutcome {
  /** |E| */
  participants: number;
  rule: ShortlistRule;
  /** the cap of step 4, null when neither maxLeaders nor maxShare is set */
  cap: number | null;
  /** floor(maxShare * |E|) before max(1, …), when maxShare is set */
  shareCap: number | null;
  /** |C| after minScore, requireAllCoreAtLeast and maxPerEnterprise */
  candidates: number;
  tieAtCut: TieAtCut | null;
  reason: ShortlistReason | null;
  /** publication order: standard number, then credit code (排名不分先后) */
  entries: ShortlistEntry[];
  /** in rank order */
  dropped: DroppedEntry[];
}

/** Code-point order of strings (never locale-dependent). */
function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** A finite JS number as exact decimal text (String() may give an exponent). */
function numberText(n: number): string {
  const s = String(n);
  const m = /^(-?)(\d+)(?:\.(\d+))?e([+-]\d+)$/.exec(s);
  if (!m) return s;
  const sign = m[1]!;
  let digits = m[2]! + (m[3] ?? '');
  let point = m[2]!.length + Number(m[4]);
  if (point <= 0) { digits = '0'.repeat(1 - point) + digits; point = 1; }
  if (point > digits.length) digits += '0'.repeat(point - digits.length);
  return `${sign}${digits.slice(0, point)}${point < digits.length ? '.' + digits.slice(point) : ''}`;
}

/** Decimal text as a scaled integer: "70.5" -> { n: 705n, scale: 1 }. */
function toScaled(text: string): { n: bigint; scale: number } {
  const m = /^([+-]?)(\d*)(?:\.(\d*))?$/.exec(text.trim());
  if (!m || (m[2] === '' && (m[3] ?? '') === '')) throw new Error(`not a decimal: ${text}`);
  const frac = m[3] ?? '';
  const n = BigInt((m[2] || '0') + frac);
  return { n: m[1] === '-' ? -n : n, scale: frac.length };
}

function compareScaled(x: { n: bigint; scale: number }, y: { n: bigint; scale: number }): number {
  if (x.scale === y.scale) return x.n < y.n ? -1 : x.n > y.n ? 1 : 0;
  const s = Math.max(x.scale, y.scale);
  const xn = x.n * 10n ** BigInt(s - x.scale);
  const yn = y.n * 10n ** BigInt(s - y.scale);
  return xn < yn ? -1 : xn > yn ? 1 : 0;
}

/** Exact comparison of two decimal texts: -1, 0, 1. */
export function compareDecimal(a: string, b: string): number {
  return compareScaled(toScaled(a), toScaled(b));
}

/** floor(share * count), exactly: the share is read as the decimal it was written as (0.3 * 10 = 3). */
export function floorShare(share: number, count: number): number {
  const { n, scale } = toScaled(numberText(share));
  const num = n * BigInt(count);
  const den = 10n ** BigInt(scale);
  let q = num / den;
  if (num % den !== 0n && num < 0n) q -= 1n;
  return Number(q);
}

/** The cap of scoring.md §6 step 4. */
export function shortlistCap(rule: Pick<ShortlistRule, 'maxLeaders' | 'maxShare'>, participants: number): { cap: number | null; shareCap: number | null } {
  const shareCap = rule.maxShare !== undefined ? floorShare(rule.maxShare, participants) : null;
  const caps: number[] = [];
  if (rule.maxLeaders !== undefined) caps.push(rule.maxLeaders);
  if (shareCap !== null) caps.push(Math.max(1, shareCap));
  return { cap: caps.length ? Math.min(...caps) : null, shareCap };
}

/**
 * What the rules read of a ranked standard: a `RunEntry`, or a lighter object made from a stored
 * run's columns (names are then read only for the standards that make the list, through `toEntry`).
 */
export interface Ranked {
  rank: number;
  total: string;
  standardNo: string;
  uscc: string;
  /** level id reached per core indicator (null: none) */
  levels: Readonly<Record<string, string | null>>;
  enterpriseName?: string;
}

function toEntry(e: RunEntry): ShortlistEntry {
  return {
    standardNo: e.standardNo, uscc: e.uscc, enterpriseName: e.enterpriseName, standardName: e.standardName,
    product: e.product, models: [...e.models], rank: e.rank, total: e.total,
  };
}

function byRank(a: Ranked, b: Ranked): number {
  return a.rank - b.rank || cmp(a.standardNo, b.standardNo) || cmp(a.uscc, b.uscc);
}

/** True when `byRank` would leave the entries as they are (a run's display order is). */
function isSortedByRank(entries: readonly Ranked[]): boolean {
  for (let i = 1; i < entries.length; i++) if (byRank(entries[i - 1]!, entries[i]!) > 0) return false;
  return true;
}

/** Publication order: standard number, then credit code. */
export function publicationOrder<T extends { standardNo: string; uscc: string }>(a: T, b: T): number {
  return cmp(a.standardNo, b.standardNo) || cmp(a.uscc, b.uscc);
}

/**
 * Build the shortlist of scoring.md §6 from the ranked eligible entries E of a run.
 * `levelOrder` is the scheme's level ids, low -> high; `coreIds` the scheme's core indicator ids.
 * Entries other than `RunEntry` objects need `entryOf`, which gives the list entry (with names) of
 * each standard taken.
 */
export function buildShortlist(entries: readonly RunEntry[], rule: ShortlistRule, levelOrder: string[], coreIds: string[]): ShortlistOutcome;
export function buildShortlist<E extends Ranked>(entries: readonly E[], rule: ShortlistRule, levelOrder: string[], coreIds: string[], entryOf: (e: E) => ShortlistEntry): ShortlistOutcome;
export function buildShortlist<E extends Ranked>(entries: readonly E[], rule: ShortlistRule, levelOrder: string[], coreIds: string[],
  entryOf: (e: E) => ShortlistEntry = toEntry as unknown as (e: E) => ShortlistEntry): ShortlistOutcome {
  const E = isSortedByRank(entries) ? entries.slice() : [...entries].sort(byRank);
  const participants = E.length;
  const { cap, shareCap } = shortlistCap(rule, participants);
  const base = { participants, rule, cap, shareCap };
  const dropped: DroppedEntry[] = [];
  const drop = (e: E, r: DropRule, detail: Record<string, unknown>) =>
    dropped.push({ standardNo: e.standardNo, uscc: e.uscc, enterpriseName: e.enterpriseName, rank: e.rank, total: e.total, rule: r, detail });

  // 1. Too few participants: no list.
  if (rule.minParticipants !== undefined && participants < rule.minParticipants) {
    return { ...base, candidates: 0, tieAtCut: null, reason: 'TOO_FEW_PARTICIPANTS', entries: [], dropped: [] };
  }

  // 2. Minimum score, every core indicator at a level.
  const required = rule.requireAllCoreAtLeast;
  const requiredIdx = required !== undefined ? levelOrder.indexOf(required) : -1;
  const minScore = rule.minScore !== undefined ? toScaled(numberText(rule.minScore)) : undefined;
  // Level id -> position in levelOrder (indexOf semantics: the first position, -1 when unknown).
  const levelIdx = new Map<string, number>();
  levelOrder.forEach((l, i) => { if (!levelIdx.has(l)) levelIdx.set(l, i); });
  const isBelow = (level: string | null): boolean => level === null || (levelIdx.get(level) ?? -1) < requiredIdx;
  // Details are shared between the entries they describe alike (never changed once made).
  const minScoreDetails = new Map<string, Record<string, unknown>>();
  let C: E[] = [];
  for (const e of E) {
    if (minScore !== undefined && compareScaled(toScaled(e.total), minScore) < 0) {
      let detail = minScoreDetails.get(e.total);
      if (!detail) minScoreDetails.set(e.total, detail = { total: e.total, minScore: rule.minScore });
      drop(e, 'min-score', detail);
      continue;
    }
    if (required !== undefined && coreIds.some((id) => isBelow(e.levels[id] ?? null))) {
      const below = coreIds
        .map((id) => ({ indicator: id, level: e.levels[id] ?? null }))
        .filter((x) => isBelow(x.level));
      drop(e, 'core-below-level', { required, below });
      continue;
    }
    C.push(e);
  }

  // 3. Best-ranked entries per enterprise (credit code); ties inside one enterprise by standard number.
  if (rule.maxPerEnterprise !== undefined) {
    const kept = new Map<string, E[]>();
    // an enterprise's detail once its quota is full (its kept list no longer changes)
    const fullDetails = new Map<string, Record<string, unknown>>();
    const next: E[] = [];
    for (const e of C) { // C is in rank, standard number order
      const k = kept.get(e.uscc) ?? [];
      if (k.length < rule.maxPerEnterprise) {
        k.push(e);
        kept.set(e.uscc, k);
        next.push(e);
      } else {
        let detail = fullDetails.get(e.uscc);
        if (!detail) fullDetails.set(e.uscc, detail = { maxPerEnterprise: rule.maxPerEnterprise, kept: k.map((x) => x.standardNo) });
        drop(e, 'max-per-enterprise', detail);
      }
    }
    C = next;
  }
  const candidates = C.length;

  // 4-5. The cap and the tie at the cut.
  let taken: E[] = C;
  let tieAtCut: TieAtCut | null = null;
  if (cap !== null && C.length > cap) {
    const r = C[cap - 1]!.rank;
    const capDetail = { cap, cutRank: r };
    if (C[cap]!.rank !== r) {
      taken = C.slice(0, cap);
      for (let i = cap; i < C.length; i++) drop(C[i]!, 'cap', capDetail);
    } else {
      const tied = C.filter((e) => e.rank === r);
      if (rule.tiePolicy === 'include-all') {
        taken = C.filter((e) => e.rank <= r);
        for (const e of C) if (e.rank > r) drop(e, 'cap', capDetail);
      } else {
        taken = C.filter((e) => e.rank < r);
        const tieDetail = { cap, tieRank: r };
        for (const e of C) {
          if (e.rank === r) drop(e, 'tie-exclude-all', tieDetail);
          else if (e.rank > r) drop(e, 'cap', capDetail);
        }
      }
      tieAtCut = {
        rank: r, policy: rule.tiePolicy, cap,
        tied: tied.map((e) => ({ standardNo: e.standardNo, uscc: e.uscc })).sort(publicationOrder),
        taken: taken.length, overCap: taken.length - cap,
      };
    }
  }

  // 6. Ranks never renumbered; publication order by standard number.
  const list = taken.map(entryOf).sort(publicationOrder);
  dropped.sort((a, b) => a.rank - b.rank || publicationOrder(a, b));
  const reason: ShortlistReason | null = list.length > 0 ? null
    : candidates === 0 ? 'NO_QUALIFYING_ENTRIES' : 'TIE_EXCLUDED_ALL';
  return { ...base, candidates, tieAtCut, reason, entries: list, dropped };
}

/** The rule of a scheme, with its level order and core indicator ids, ready for `buildShortlist`. */
export function shortlistInputs(scheme: Scheme): { rule: ShortlistRule; levelOrder: string[]; coreIds: string[] } {
  const s = scheme.shortlist;
  const rule: ShortlistRule = { tiePolicy: s.tiePolicy };
  for (const k of ['maxLeaders', 'maxShare', 'minScore', 'requireAllCoreAtLeast', 'minParticipants', 'maxPerEnterprise'] as const) {
    if (s[k] !== undefined) (rule as unknown as Record<string, unknown>)[k] = s[k];
  }
  return {
    rule,
    levelOrder: scheme.levels.map((l) => l.id),
    coreIds: scheme.indicators.filter((i) => i.role === 'core').map((i) => i.id),
  };
}

/**
 * The canonical JSON (keys sorted, as the audit log writes it) of the drops' `{ standardNo, rule }`
 * list, in their order: what the `shortlist.created` audit event hashes instead of listing them.
 */
export function droppedListJson(dropped: ReadonlyArray<Pick<DroppedEntry, 'standardNo' | 'rule'>>): string {
  let s = '[';
  for (let i = 0; i < dropped.length; i++) {
    const d = dropped[i]!;
    s += (i ? ',{"rule":' : '{"rule":') + JSON.stringify(d.rule) + ',"standardNo":' + JSON.stringify(d.standardNo) + '}';
  }
  return s + ']';
}

/** The drops in the `shortlist.created` audit event: how many, per rule, and the SHA-256 of `droppedListJson`. */
export function droppedSummary(dropped: ReadonlyArray<Pick<DroppedEntry, 'standardNo' | 'rule'>>): { count: number; byRule: Record<string, number>; sha256: string } {
  const byRule: Record<string, number> = {};
  for (const d of dropped) byRule[d.rule] = (byRule[d.rule] ?? 0) + 1;
  return { count: dropped.length, byRule, sha256: createHash('sha256').update(droppedListJson(dropped)).digest('hex') };
}
