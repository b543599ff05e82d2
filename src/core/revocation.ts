/**
 * Revocation of leader titles (取消"领跑者"称号), pure rules: the reason codes with the guide's wording,
 * the three-year ban (三年内不得参与评估, scoring.md §7) and the proposals of `leader revoke check`
 * (dynamic management, 动态管理: an abolished standard, a core indicator whose level went down).
 */
import { compareDec, decFromNumber, isDecimalText, parseDecimal, roundHalfEven } from './decimal.js';

/** The reasons of the 2024 Work Guide (seven) plus the two of dynamic management. */
export const REASON_CODES = [
  'process-change',
  'indicator-lowered',
  'accident',
  'sampling-failed',
  'ip-infringement',
  'fraud',
  'other',
  'standard-abolished',
  'discontinued',
] as const;
export type ReasonCode = (typeof REASON_CODES)[number];

export interface ReasonInfo {
  code: ReasonCode;
  /** the guide's wording (seed/000_860c81da4f0705d5.txt, 四（四）and 三（三）) */
  zh: string;
  en: string;
  /** integrity problem (诚信问题): reported to the regulators and entered into the credit system */
  integrity: boolean;
  /** where the reason comes from: the seven reasons of 监督管理, or 动态管理 */
  source: 'supervision' | 'dynamic';
}

export const REASONS: Record<ReasonCode, ReasonInfo> = {
  'process-change': {
    code: 'process-change', source: 'supervision', integrity: false,
    zh: '企业生产装备、工艺等发生重大变化且严重影响产品性能',
    en: 'production equipment or process changed so much that product performance is seriously affected',
  },
  'indicator-lowered': {
    code: 'indicator-lowered', source: 'supervision', integrity: false,
    zh: '企业标准发生更新且核心指标水平出现降低',
    en: 'the enterprise standard was updated and the level of a core indicator went down',
  },
  accident: {
    code: 'accident', source: 'supervision', integrity: false,
    zh: '出现重大环保安全事故和产品质量问题',
    en: 'a major environmental or safety accident, or a product quality problem',
  },
  'sampling-failed': {
    code: 'sampling-failed', source: 'supervision', integrity: false,
    zh: '产品抽检发现达不到公开标准水平',
    en: 'sampling inspection found the product below the level of its published standard',
  },
  'ip-infringement': {
    code: 'ip-infringement', source: 'supervision', integrity: false,
    zh: '发生侵犯知识产权行为',
    en: 'infringement of intellectual property rights',
  },
  fraud: {
    code: 'fraud', source: 'supervision', integrity: true,
    zh: '通过弄虚作假入选企业标准“领跑者”或存在其他诚信问题',
    en: 'selected as an enterprise standard "leader" through fraud, or another integrity problem',
  },
  other: {
    code: 'other', source: 'supervision', integrity: false,
    zh: '由于其他原因须退出领跑者榜单',
    en: 'must leave the leader list for another reason',
  },
  'standard-abolished': {
    code: 'standard-abolished', source: 'dynamic', integrity: false,
    zh: '企业标准废止',
    en: 'the enterprise standard was abolished',
  },
  discontinued: {
    code: 'discontinued', source: 'dynamic', integrity: false,
    zh: '产品在市场停售',
    en: 'the product is no longer sold on the market',
  },
};

export function isReasonCode(s: string): s is ReasonCode {
  return (REASON_CODES as readonly string[]).includes(s);
}

/** True for a real calendar date written YYYY-MM-DD. */
export function isIsoDate(s: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s);
  if (!m) return false;
  const y = Number(m[1]), mo = Number(m[2]), d = Number(m[3]);
  if (mo < 1 || mo > 12 || d < 1) return false;
  return d <= daysInMonth(y, mo);
}

function isLeap(y: number): boolean {
  return (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
}

function daysInMonth(y: number, m: number): number {
  return [31, isLeap(y) ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][m - 1]!;
}

/** Length of the ban in years (三年内不得参与评估). */
export const BAN_YEARS = 3;

/**
 * The first day after the ban (exclusive end): the same calendar date three years later. A
 * revocation on 29 February bans up to and including 28 February three years later (never a leap
 * year), so the exclusive end is 1 March: 2024-02-29 -> 2027-03-01. The ban never ends before three
 * full years.
 */
export function banUntil(date: string): string {
  if (!isIsoDate(date)) throw new RangeError(`not a date: ${date}`);
  const y = Number(date.slice(0, 4)) + BAN_YEARS;
  let md = date.slice(5);
  if (md === '02-29' && !isLeap(y)) md = '03-01';
  return `${String(y).padStart(4, '0')}-${md}`;
}

/** A revocation as the ban rules see it. */
export interface BanSpan { date: string; banUntil: string; rescinded: boolean }

/** Does this revocation ban its enterprise from an evaluation dated `asOf`? From `date` inclusive to `banUntil` exclusive, unless rescinded. */
export function banCovers(r: BanSpan, asOf: string): boolean {
  return !r.rescinded && r.date <= asOf && asOf < r.banUntil;
}

// ---------------------------------------------------------------------------------------------
// `leader revoke check`: proposals after new imports

/** The parts of a core indicator the level rule needs (structurally a scheme's CoreIndicator). */
export interface LevelIndicator {
  id: string;
  name: string;
  type: 'higher' | 'lower' | 'grade';
  decimals?: number;
  grades?: string[];
  thresholds?: Record<string, number | string>;
}

/**
 * The index (0 = lowest) of the highest level whose threshold the value meets, or null when it meets
 * none or is missing/unreadable. `higher`: v >= T; `lower`: v <= T; `grade`: ordinal(v) >= ordinal(T).
 */
export function levelIndex(ind: LevelIndicator, levelIds: readonly string[], value: string | undefined | null): number | null {
  if (value === undefined || value === null || value === '') return null;
  const th = ind.thresholds ?? {};
  let best: number | null = null;
  if (ind.type === 'grade') {
    const grades = (ind.grades ?? []).map((g) => g.normalize('NFKC').trim());
    const ord = (g: string) => {
      const i = grades.indexOf(g.normalize('NFKC').trim());
      return i < 0 ? undefined : grades.length - i;
    };
    const v = ord(value);
    if (v === undefined) return null;
    levelIds.forEach((id, j) => {
      const t = th[id];
      const o = typeof t === 'string' ? ord(t) : undefined;
      if (o !== undefined && v >= o) best = j;
    });
    return best;
  }
  // Exact decimal comparison after half-even rounding (src/core/decimal.ts), never binary floats.
  if (!isDecimalText(value)) return null;
  const v = ind.decimals === undefined ? parseDecimal(value) : roundHalfEven(parseDecimal(value), ind.decimals);
  levelIds.forEach((id, j) => {
    const t = th[id];
    if (typeof t !== 'number') return;
    const c = compareDec(v, decFromNumber(t));
    if (ind.type === 'higher' ? c >= 0 : c <= 0) best = j;
  });
  return best;
}

/** One published leader with the version that was published and the current version of its standard. */
export interface CheckLeader {
  schemeId: string;
  uscc: string;
  standardNo: string;
  enterpriseName: string;
  shortlistId?: number;
  published: { versionId: number; values: Record<string, string> };
  /** the standard's current version; null when the store has no record of it */
  current: { versionId: number; version: number; status: string; values: Record<string, string>; publicDate?: string | null } | null;
}

export interface LoweredIndicator {
  indicator: string;
  name: string;
  /** level ids; null: below the lowest level or missing */
  from: string | null;
  to: string | null;
  valueFrom: string | null;
  valueTo: string | null;
}

export interface Proposal {
  schemeId: string;
  uscc: string;
  standardNo: string;
  enterpriseName: string;
  shortlistId?: number;
  reason: 'standard-abolished' | 'indicator-lowered';
  publishedVersionId: number;
  currentVersionId: number;
  currentVersion: number;
  /** indicator-lowered: each core indicator whose level went down */
  lowered: LoweredIndicator[];
  /** a suggested `leader revoke` command line (never run by check) */
  command: string;
}

/**
 * Proposals for `leader revoke check`: for each published leader not already revoked, an abolished
 * current version (状态 废止) proposes `standard-abolished`; otherwise a newer version whose level of
 * some core indicator is lower than the published version's (a value that disappeared counts as
 * lowered) proposes `indicator-lowered`. Both versions are judged by the same scheme rule.
 */
export function proposeRevocations(input: {
  levelIds: readonly string[];
  core: readonly LevelIndicator[];
  leaders: readonly CheckLeader[];
  /** `${uscc}|${standardNo}` of leaders already covered by an unrescinded revocation, and `${uscc}|` for whole-enterprise ones */
  revoked: ReadonlySet<string>;
  date: string;
}): Proposal[] {
  const out: Proposal[] = [];
  for (const l of input.leaders) {
    if (!l.current) continue;
    if (input.revoked.has(`${l.uscc}|${l.standardNo}`) || input.revoked.has(`${l.uscc}|`)) continue;
    const base = {
      schemeId: l.schemeId, uscc: l.uscc, standardNo: l.standardNo, enterpriseName: l.enterpriseName,
      ...(l.shortlistId !== undefined ? { shortlistId: l.shortlistId } : {}),
      publishedVersionId: l.published.versionId, currentVersionId: l.current.versionId, currentVersion: l.current.version,
    };
    if (l.current.status === '废止') {
      out.push({ ...base, reason: 'standard-abolished', lowered: [], command: suggest(l, 'standard-abolished', input.date) });
      continue;
    }
    if (l.current.versionId === l.published.versionId) continue;
    const lowered: LoweredIndicator[] = [];
    for (const ind of input.core) {
      const a = l.published.values[ind.id];
      const b = l.current.values[ind.id];
      if (a === b) continue;
      const ia = levelIndex(ind, input.levelIds, a);
      const ib = levelIndex(ind, input.levelIds, b);
      if (ia === null) continue;
      if (ib === null || ib < ia) {
        lowered.push({
          indicator: ind.id, name: ind.name,
          from: input.levelIds[ia] ?? null, to: ib === null ? null : input.levelIds[ib] ?? null,
          valueFrom: a ?? null, valueTo: b ?? null,
        });
      }
    }
    if (lowered.length > 0) out.push({ ...base, reason: 'indicator-lowered', lowered, command: suggest(l, 'indicator-lowered', input.date) });
  }
  return out.sort((x, y) => cmp(x.standardNo, y.standardNo) || cmp(x.uscc, y.uscc));
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function suggest(l: CheckLeader, reason: ReasonCode, date: string): string {
  const q = (s: string) => (/^[A-Za-z0-9._\/-]+$/.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`);
  return `leader revoke --enterprise ${l.uscc} --standard ${q(l.standardNo)} --reason ${reason} --date ${date} --scheme ${l.schemeId}`;
}

// ---------------------------------------------------------------------------------------------
// which published leaders are revoked (derived, never stored on the leader rows)

export interface RevocationScope { uscc: string; standardNo: string | null; schemeId: string | null; rescinded: boolean }

/**
 * A published leader entry is revoked when an unrescinded revocation names its enterprise and either
 * no standard (the enterprise as a whole) or its standard, and either no scheme or its scheme.
 */
export function revokes(r: RevocationScope, leader: { uscc: string; standardNo: string; schemeId?: string | null }): boolean {
  if (r.rescinded || r.uscc !== leader.uscc) return false;
  if (r.standardNo !== null && r.standardNo !== leader.standardNo) return false;
  if (r.schemeId !== null && leader.schemeId != null && r.schemeId !== leader.schemeId) return false;
  return true;
}
