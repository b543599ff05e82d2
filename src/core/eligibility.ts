/**
 * Eligibility gates (scoring.md §3): status, cut-off date, the enterprise's three-year ban, baseline
 * indicators, missing core values and values below the lowest level. Every reason is collected, in
 * the contract's table order, indicators in scheme order.
 */
import { compareDec, decFromNumber, isDecimalText, parseDecimal, roundHalfEven, type Dec } from './decimal.js';
import { baselineIndicators, type BaselineIndicator, type Scheme } from './scheme-model.js';
import type { Cell, IndicatorPlan } from './scoring.js';
import type { StandardRecord } from './types.js';

/** A revocation's ban as the gates need it (structurally the store's `Ban`). */
export interface BanInfo { revocationId: number; uscc: string; reason: string; date: string; banUntil: string }

export type Bans = ReadonlyMap<string, readonly BanInfo[]>;

export const REASON_ORDER = ['ABOLISHED', 'AFTER_CUTOFF', 'ENTERPRISE_BANNED', 'BASELINE_FAILED', 'BASELINE_MISSING', 'CORE_MISSING', 'BELOW_BASE'] as const;
export type ReasonCode = (typeof REASON_ORDER)[number];

/** "BELOW_BASE:energy_index" -> ["BELOW_BASE", "energy_index"] */
export function splitReason(reason: string): { code: ReasonCode; indicator?: string } {
  const i = reason.indexOf(':');
  return i < 0 ? { code: reason as ReasonCode } : { code: reason.slice(0, i) as ReasonCode, indicator: reason.slice(i + 1) };
}

/** Bans whose period covers `asOf`: date <= asOf < banUntil (scoring.md §7). */
export function bansCovering(bans: Bans, uscc: string, asOf: string): BanInfo[] {
  return (bans.get(uscc) ?? []).filter((b) => b.date <= asOf && asOf < b.banUntil);
}

export type BaselineOutcome = 'ok' | 'failed' | 'missing';

export interface BaselinePlan {
  ind: BaselineIndicator;
  limit: Dec | undefined;
  memo: Map<string, BaselineOutcome>;
}

export function planBaselines(scheme: Scheme): BaselinePlan[] {
  return baselineIndicators(scheme).map((ind) => ({ ind, limit: ind.limit === undefined ? undefined : decFromNumber(ind.limit), memo: new Map() }));
}

const TRUE_TEXTS = new Set(['true', '是', 'yes', 'y', '1', '有', '✓', '√']);

/** A baseline value against its limit: `higher` v >= limit, `lower` v <= limit, `boolean` true. */
export function baselineOutcome(p: BaselinePlan, text: string | undefined): BaselineOutcome {
  if (text === undefined) return 'missing';
  const hit = p.memo.get(text);
  if (hit) return hit;
  let out: BaselineOutcome;
  const t = text.trim();
  if (t === '') out = 'missing';
  else if (p.ind.type === 'boolean') out = TRUE_TEXTS.has(t.normalize('NFKC').toLowerCase()) ? 'ok' : 'failed';
  else if (!isDecimalText(t) || !p.limit) out = 'missing';
  else {
    const raw = parseDecimal(t);
    const v = p.ind.decimals === undefined ? raw : roundHalfEven(raw, p.ind.decimals);
    const c = compareDec(v, p.limit);
    out = (p.ind.type === 'higher' ? c >= 0 : c <= 0) ? 'ok' : 'failed';
  }
  p.memo.set(text, out);
  return out;
}

export interface GateContext {
  scheme: Scheme;
  asOf: string;
  bans: Bans;
  baselines: BaselinePlan[];
  core: IndicatorPlan[];
}

/**
 * All reasons a standard is ineligible (empty: eligible). `cells` are the record's core cells in plan
 * order (undefined or invalid: missing). Under `missingCore: zero` a missing core value is no reason.
 */
export function gateReasons(g: GateContext, r: StandardRecord, cells: ArrayLike<Cell | undefined>): string[] {
  const reasons: string[] = [];
  if (r.status === '废止') reasons.push('ABOLISHED');
  if (g.scheme.cutoffDate && r.publicDate && r.publicDate > g.scheme.cutoffDate) reasons.push('AFTER_CUTOFF');
  if (g.bans.size && bansCovering(g.bans, r.uscc, g.asOf).length) reasons.push('ENTERPRISE_BANNED');
  let failed: string[] | undefined;
  let missing: string[] | undefined;
  for (const b of g.baselines) {
    const o = baselineOutcome(b, r.values[b.ind.id]);
    if (o === 'failed') (failed ??= []).push(`BASELINE_FAILED:${b.ind.id}`);
    else if (o === 'missing') (missing ??= []).push(`BASELINE_MISSING:${b.ind.id}`);
  }
  if (failed) reasons.push(...failed);
  if (missing) reasons.push(...missing);
  const exclude = g.scheme.scoring.missingCore === 'exclude';
  let below: string[] | undefined;
  for (let i = 0; i < g.core.length; i++) {
    const c = cells[i];
    if (!c || !c.valid) {
      if (exclude) reasons.push(`CORE_MISSING:${g.core[i]!.id}`);
    } else if (c.level === -1) (below ??= []).push(`BELOW_BASE:${g.core[i]!.id}`);
  }
  if (below) reasons.push(...below);
  return reasons;
}

/** One gate as `leader explain` shows it. */
export interface GateResult {
  gate: 'status' | 'cutoff' | 'ban' | 'baseline' | 'core';
  indicator?: string;
  passed: boolean;
  /** the reason code when not passed */
  reason?: string;
  detail: Record<string, string | number | boolean | null>;
  bans?: BanInfo[];
}

/** Every gate with its outcome, for one standard (explain). */
export function gateDetails(g: GateContext, r: StandardRecord, cells: ArrayLike<Cell | undefined>): GateResult[] {
  const out: GateResult[] = [];
  out.push({ gate: 'status', passed: r.status !== '废止', ...(r.status === '废止' ? { reason: 'ABOLISHED' } : {}), detail: { status: r.status } });
  const after = Boolean(g.scheme.cutoffDate && r.publicDate && r.publicDate > g.scheme.cutoffDate);
  out.push({ gate: 'cutoff', passed: !after, ...(after ? { reason: 'AFTER_CUTOFF' } : {}), detail: { publicDate: r.publicDate, cutoffDate: g.scheme.cutoffDate ?? null } });
  const bans = bansCovering(g.bans, r.uscc, g.asOf);
  out.push({ gate: 'ban', passed: bans.length === 0, ...(bans.length ? { reason: 'ENTERPRISE_BANNED', bans } : {}), detail: { asOf: g.asOf } });
  for (const b of g.baselines) {
    const o = baselineOutcome(b, r.values[b.ind.id]);
    out.push({
      gate: 'baseline', indicator: b.ind.id, passed: o === 'ok',
      ...(o === 'failed' ? { reason: `BASELINE_FAILED:${b.ind.id}` } : o === 'missing' ? { reason: `BASELINE_MISSING:${b.ind.id}` } : {}),
      detail: { type: b.ind.type, value: r.values[b.ind.id] ?? null, raw: r.raw[b.ind.id] ?? null, limit: b.ind.limit ?? null },
    });
  }
  const exclude = g.scheme.scoring.missingCore === 'exclude';
  g.core.forEach((p, i) => {
    const c = cells[i];
    const missing = !c || !c.valid;
    const below = !missing && c!.level === -1;
    out.push({
      gate: 'core', indicator: p.id, passed: missing ? !exclude : !below,
      ...(missing && exclude ? { reason: `CORE_MISSING:${p.id}` } : below ? { reason: `BELOW_BASE:${p.id}` } : {}),
      detail: { value: missing ? null : c!.text, raw: r.raw[p.id] ?? null, missingScoredZero: missing && !exclude },
    });
  });
  return out;
}
