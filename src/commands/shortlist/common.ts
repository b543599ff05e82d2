/** Shared pieces of the shortlist area's commands: ids, dry runs, warnings, and the human rendering of shortlists and publicity periods. */
import { publicityEnd } from '../../core/calendar.js';
import { LeaderError, UsageError } from '../../core/errors.js';
import { DROP_RULES } from '../../core/shortlist.js';
import { loadCalendar } from '../../store/calendar.js';
import type { MessageCode, MessageParams } from '../../i18n/index.js';
import type { DB } from '../../store/db.js';
import type { PublicityRecord, ShortlistRecord } from '../../store/shortlists.js';
import type { Output } from '../../ui/output.js';
import { renderTable } from '../../ui/table.js';

/** A positive integer id from an option or argument, else a usage error (exit 2). */
export function parseId(value: unknown): number {
  const s = String(value ?? '').trim();
  if (!/^[1-9]\d*$/.test(s)) throw new UsageError('E_BAD_NUMBER', { value: s });
  return Number(s);
}

class Rollback extends Error {}

/** Run `fn` in a transaction; with `dry`, the same code runs and the transaction is rolled back. */
export function maybeDry<T>(db: DB, dry: boolean, fn: () => T): T {
  if (!dry) return fn();
  let result: T | undefined;
  try {
    db.transaction(() => {
      result = fn();
      throw new Rollback();
    })();
  } catch (e) {
    if (!(e instanceof Rollback)) throw e;
  }
  return result as T;
}

/** Warnings shown on stderr and collected for the --json document. */
export class Warnings {
  readonly list: Array<{ code: string; message: string; params: MessageParams }> = [];
  constructor(private readonly out: Output) {}
  add(code: MessageCode, params: MessageParams = {}): void {
    this.list.push({ code, message: this.out.t(code, params), params });
    this.out.warn(code, params);
  }
}

/** The counting convention in the user's language. */
export function conventionText(out: Output, countFrom: 'start' | 'next'): string {
  return out.t(countFrom === 'next' ? 'CONVENTION_next' : 'CONVENTION_start');
}

/** A drop rule with its numbers, in words. */
export function ruleText(out: Output, rule: string, detail: Record<string, unknown>): string {
  const params: MessageParams = {};
  for (const [k, v] of Object.entries(detail)) {
    if (k === 'below' && Array.isArray(v)) params[k] = v.map((b: { indicator: string; level: string | null }) => `${b.indicator}=${b.level ?? '—'}`).join(', ');
    else if (Array.isArray(v)) params[k] = v.join(', ');
    else params[k] = v as string | number;
  }
  const code = `RULE_${rule}` as MessageCode;
  return out.t(code, params);
}

export function reasonText(out: Output, s: Pick<ShortlistRecord, 'reason' | 'participants' | 'decision'>): string {
  if (!s.reason) return '';
  return out.t(s.reason as MessageCode, { participants: s.participants, min: s.decision.rule.minParticipants });
}

/** The --json shape of a shortlist. */
export function shortlistJson(s: ShortlistRecord) {
  return {
    id: s.id, runId: s.runId, schemeId: s.schemeId, schemeVersion: s.schemeVersion, status: s.status, createdAt: s.createdAt,
    participants: s.participants, candidates: s.decision.candidates, cap: s.cap, shareCap: s.decision.shareCap,
    rule: s.decision.rule, tieAtCut: s.tieAtCut, reason: s.reason,
    entries: s.entries, dropped: s.dropped,
  };
}

/**
 * A shortlist for humans: header, cap, entries in publication order (always all of them), then the
 * standards not shortlisted: a count per rule, and the first `limit` of them with the rule in words
 * (a large category drops tens of thousands; --limit 0 lists all, --json always holds all).
 */
export function renderShortlist(out: Output, s: ShortlistRecord, limit: number): string {
  const zh = out.lang === 'zh';
  const r = s.decision.rule;
  const lines: string[] = [];
  lines.push(zh
    ? `入围名单 ${s.id}（排行榜 ${s.runId}，方案 ${s.schemeId} ${s.schemeVersion}）  状态：${s.status}`
    : `Shortlist ${s.id} (run ${s.runId}, scheme ${s.schemeId} ${s.schemeVersion})  status: ${s.status}`);
  const capParts: string[] = [];
  if (r.maxLeaders !== undefined) capParts.push(`maxLeaders ${r.maxLeaders}`);
  if (r.maxShare !== undefined) capParts.push(`max(1, floor(${r.maxShare} × ${s.participants})) = ${Math.max(1, s.decision.shareCap ?? 0)}`);
  const cap = s.cap === null ? (zh ? '无上限' : 'no cap') : `${s.cap}${capParts.length ? ` (${capParts.join(', ')})` : ''}`;
  lines.push(zh
    ? `参评标准 ${s.participants} 项，满足条件 ${s.decision.candidates} 项；名额上限：${cap}；截位并列：${r.tiePolicy}`
    : `${s.participants} ranked, ${s.decision.candidates} qualifying; cap: ${cap}; tie at the cut: ${r.tiePolicy}`);
  if (s.reason) lines.push((zh ? '没有入围名单：' : 'No shortlist: ') + reasonText(out, s));
  if (s.entries.length) {
    lines.push(renderTable(out,
      zh ? ['标准编号', '企业名称', '标准名称', '名次', '总分'] : ['standard', 'enterprise', 'standard name', 'rank', 'total'],
      s.entries.map((e) => [e.standardNo, e.enterpriseName, e.standardName, e.rank, e.total])));
    lines.push(zh ? '（排名不分先后：按标准编号排列；名次为排行榜名次）' : '(in no particular order: by standard number; ranks are those of the ranking)');
  }
  if (s.tieAtCut) {
    const t = s.tieAtCut;
    lines.push(zh
      ? `截位处并列：第 ${t.rank} 名 ${t.tied.length} 项（${t.tied.map((x) => x.standardNo).join('、')}），按 ${t.policy} 处理，名单 ${t.taken} 项（上限 ${t.cap}）`
      : `Tie at the cut: ${t.tied.length} at rank ${t.rank} (${t.tied.map((x) => x.standardNo).join(', ')}), settled by ${t.policy}: ${t.taken} entries (cap ${t.cap})`);
  }
  if (s.dropped.length) {
    // drops share few distinct details (one per rule and cause): each put in words once
    const byDetail = new Map<Record<string, unknown>, { rule: string; text: string }>();
    const byText = new Map<string, string>();
    const why = (rule: string, detail: Record<string, unknown>): string => {
      const seen = byDetail.get(detail);
      if (seen && seen.rule === rule) return seen.text;
      const key = rule + '\u0000' + JSON.stringify(detail);
      let text = byText.get(key);
      if (text === undefined) byText.set(key, text = ruleText(out, rule, detail));
      byDetail.set(detail, { rule, text });
      return text;
    };
    const perRule = new Map<string, number>(DROP_RULES.map((r) => [r, 0]));
    for (const d of s.dropped) perRule.set(d.rule, (perRule.get(d.rule) ?? 0) + 1);
    const counts = [...perRule].filter(([, n]) => n > 0).map(([r, n]) => (zh ? `${r} ${n} 项` : `${r} ${n}`)).join(zh ? '；' : '; ');
    lines.push(zh ? `未入围 ${s.dropped.length} 项（${counts}）：` : `Not shortlisted: ${s.dropped.length} (${counts})`);
    const shown = s.dropped.length > limit ? s.dropped.slice(0, limit) : s.dropped;
    if (shown.length) {
      lines.push(renderTable(out,
        zh ? ['标准编号', '名次', '规则', '说明'] : ['standard', 'rank', 'rule', 'why'],
        shown.map((d) => [d.standardNo, d.rank, d.rule, why(d.rule, d.detail)])));
    }
    const more = s.dropped.length - shown.length;
    if (more > 0) lines.push(zh ? `……另有 ${more} 项未显示（--limit 0 显示全部；--json 总是全部）` : `… ${more} more not shown (--limit 0 shows all; --json always holds all)`);
  }
  return lines.join('\n');
}

/** Publicity dates for humans, always with the convention, stamped when provisional. */
export function renderPublicity(out: Output, p: PublicityRecord): string {
  const zh = out.lang === 'zh';
  const lines: string[] = [];
  lines.push(zh
    ? `公示期：${p.start} 至 ${p.end}（${p.workingDays} 个工作日，含结束日）`
    : `Publicity: ${p.start} to ${p.end} (${p.workingDays} working days, end inclusive)`);
  lines.push(conventionText(out, p.countFrom));
  if (p.provisional) {
    const years = Object.entries(p.calendarSources).filter(([, v]) => v === 'weekends-only').map(([y]) => y).join(', ');
    lines.push(out.t('PROVISIONAL_STAMP', { years }));
  }
  if (p.publishedDate) lines.push(zh ? `已发布：${p.publishedDate}` : `Published: ${p.publishedDate}`);
  if (p.objections.length) {
    lines.push(zh ? '异议：' : 'Objections:');
    lines.push(renderObjections(out, p.objections));
  }
  return lines.join('\n');
}

export function renderObjections(out: Output, list: PublicityRecord['objections']): string {
  const zh = out.lang === 'zh';
  return renderTable(out,
    zh ? ['编号', '入围名单', '标准编号', '日期', '异议内容', '处理结果', '处理意见'] : ['id', 'shortlist', 'standard', 'date', 'objection', 'decision', 'expert opinion'],
    list.map((o) => [o.id, o.shortlistId, o.standardNo, o.date, o.text, o.decision ?? (zh ? '未处理' : 'open'), o.decisionText ?? '']));
}

/**
 * For a period started provisionally: its end recounted on the official data now in the store.
 * When the year is still missing: the stored (provisional) end if `allowProvisional`, else the
 * calendar error naming the year. Undefined for an official period.
 */
export function recountedEnd(db: DB, p: PublicityRecord | undefined, allowProvisional: boolean, warnings: Warnings): string | undefined {
  if (!p?.provisional || p.closedAt) return undefined;
  try {
    return publicityEnd(loadCalendar(db), p.start, p.workingDays, p.countFrom).end;
  } catch (e) {
    if (!(e instanceof LeaderError && e.code === 'E_CALENDAR_YEAR_MISSING') || !allowProvisional) throw e;
    const years = Object.entries(p.calendarSources).filter(([, v]) => v === 'weekends-only').map(([y]) => y).join(', ');
    warnings.add('W_CALENDAR_PROVISIONAL', { years });
    return undefined;
  }
}
