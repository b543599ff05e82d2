/** Helpers shared by the rank commands: engine version, input SHA-256, option parsing, reasons in words. */
import { createHash, type Hash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { canonicalJson } from '../../store/audit.js';
import { NotFoundError, UsageError } from '../../core/errors.js';
import { splitReason, type Bans } from '../../core/eligibility.js';
import { cmpText } from '../../core/rank.js';
import { CONTRACT_VERSION } from '../../core/run.js';
import type { Scheme } from '../../core/scheme.js';
import type { RunRecord, StandardRecord } from '../../core/types.js';
import type { Lang, MessageCode } from '../../i18n/index.js';
import { t } from '../../i18n/index.js';
import type { DB } from '../../store/db.js';
import { loadScheme } from '../../store/schemes.js';

/** `<package version>/<contract>`, e.g. "0.1.0/v1". */
export function engineVersion(): string {
  const pkg = JSON.parse(readFileSync(new URL('../../../package.json', import.meta.url), 'utf8')) as { version: string };
  return `${pkg.version}/${CONTRACT_VERSION}`;
}

/**
 * SHA-256 of the canonical input: one line per standard, sorted by credit code then standard number
 * (`uscc TAB standard number TAB content SHA-256 of the version read`), then one line per ban in
 * force (`ban TAB revocation id TAB uscc TAB date TAB ban until`), sorted.
 */
export function inputSha256(records: readonly StandardRecord[], bans: Bans): string {
  let sorted = records;
  for (let i = 1; i < records.length; i++) {
    const a = records[i - 1]!;
    const b = records[i]!;
    if ((cmpText(a.uscc, b.uscc) || cmpText(a.standardNo, b.standardNo)) > 0) {
      sorted = records.slice().sort((x, y) => cmpText(x.uscc, y.uscc) || cmpText(x.standardNo, y.standardNo));
      break;
    }
  }
  const h = createHash('sha256');
  let buf = '';
  for (const r of sorted) {
    const content = r.contentSha256 ?? createHash('sha256').update(canonicalJson({ ...r, standardId: undefined, versionId: undefined, version: undefined, raw: undefined, contentSha256: undefined })).digest('hex');
    buf += `${r.uscc}\t${r.standardNo}\t${content}\n`;
    if (buf.length > 65536) { h.update(buf); buf = ''; }
  }
  h.update(buf);
  return finishInputSha256(h, bans);
}

/** The input SHA-256 from a hash already fed the standards' lines (`readRankColumns`): the ban lines, then the digest. */
export function finishInputSha256(h: Hash, bans: Bans): string {
  h.update(banLines(bans));
  return h.digest('hex');
}

/** The ban lines that end the input hash, sorted. */
export function banLines(bans: Bans): string {
  const lines: string[] = [];
  for (const list of bans.values()) for (const b of list) lines.push(`ban\t${b.revocationId}\t${b.uscc}\t${b.date}\t${b.banUntil}\n`);
  return lines.sort(cmpText).join('');
}

export function parseAsOf(v: string | undefined, fallback: string): string {
  if (v === undefined) return fallback;
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(v);
  const d = m ? new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]))) : undefined;
  if (!m || !d || d.toISOString().slice(0, 10) !== v) throw new UsageError('E_BAD_DATE', { value: v });
  return v;
}

export function parseRunId(v: string): number {
  const n = Number(String(v).replace(/^#/, ''));
  if (!Number.isInteger(n) || n <= 0) throw new UsageError('E_RUN_ID', { value: v });
  return n;
}

/** The scheme version a run used. */
export function loadRunScheme(db: DB, run: RunRecord): Scheme {
  try {
    return loadScheme(db, run.schemeId, run.schemeVersion).scheme;
  } catch (e) {
    if (e instanceof NotFoundError) throw new NotFoundError('E_RUN_SCHEME_MISSING', { run: run.id, scheme: run.schemeId, version: run.schemeVersion });
    throw e;
  }
}

const REASON_CODES: Record<string, MessageCode> = {
  ABOLISHED: 'R_ABOLISHED', AFTER_CUTOFF: 'R_AFTER_CUTOFF', ENTERPRISE_BANNED: 'R_ENTERPRISE_BANNED', BASELINE_FAILED: 'R_BASELINE_FAILED',
  BASELINE_MISSING: 'R_BASELINE_MISSING', CORE_MISSING: 'R_CORE_MISSING', BELOW_BASE: 'R_BELOW_BASE',
};

/** A reason code in words ("BELOW_BASE:noise" -> 核心指标「噪声」低于基准水平…). */
export function reasonText(lang: Lang, reason: string, scheme: Scheme | undefined): string {
  const { code, indicator } = splitReason(reason);
  const msg = REASON_CODES[code];
  if (!msg) return reason;
  const name = indicator ? scheme?.indicators.find((i) => i.id === indicator)?.name ?? indicator : '';
  return t(lang, msg, { name });
}
