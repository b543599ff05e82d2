/** `leader revoke notice`: the publicity text (公示) for revocations of leader titles, as Markdown. */
import { REASONS } from '../../core/revocation.js';
import { today } from '../../io/clock.js';
import { listSchemes } from '../../store/schemes.js';
import { listRevocations, type Revocation } from '../../store/revocations.js';
import type { Handler } from '../../ui/context.js';
import type { DB } from '../../store/db.js';
import { openCommandStore } from '../open-store.js';
import { emit, parseDate } from './common.js';

/** A Markdown table cell: no pipes or line breaks. */
export function mdCell(v: string | number | null | undefined): string {
  return String(v ?? '').replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');
}

/** Scheme id -> {name, category, body} of its latest version. */
export function schemeInfo(db: DB): Map<string, { name: string; category: string; body: string | null }> {
  const m = new Map<string, { name: string; category: string; body: string | null }>();
  for (const s of listSchemes(db)) {
    let body: string | null = null;
    try {
      body = (JSON.parse(s.content.replace(/^\uFEFF/, '')) as { body?: { name?: string } }).body?.name ?? null;
    } catch { /* stored copies were validated; keep going */ }
    m.set(s.id, { name: s.name, category: s.category, body });
  }
  return m;
}

export function noticeMarkdown(lang: 'zh' | 'en', revs: Revocation[], schemes: ReturnType<typeof schemeInfo>, date: string): string {
  const zh = lang === 'zh';
  const bodies = [...new Set(revs.map((r) => (r.schemeId ? schemes.get(r.schemeId)?.body : undefined) ?? [...schemes.values()][0]?.body).filter((b): b is string => Boolean(b)))];
  const lines: string[] = [];
  lines.push(zh ? '# 关于取消企业标准“领跑者”称号的公示' : '# Notice of revocation of Enterprise Standard "Leader" titles', '');
  if (revs.length === 0) {
    lines.push(zh ? '本期无取消“领跑者”称号的企业。' : 'No leader title was revoked in this period.', '');
  } else {
    lines.push(zh
      ? '根据企业标准“领跑者”制度的有关规定，下列企业出现须取消“领跑者”称号的情形，现取消其企业标准“领跑者”称号，予以公示。'
      : 'Under the rules of the Enterprise Standard "Leader" system, the enterprises below meet a condition for revocation; their Enterprise Standard "Leader" titles are revoked and publicised here.', '');
    lines.push(zh
      ? '| 序号 | 企业名称 | 统一社会信用代码 | 企业标准编号 | 产品类别 | 取消原因 | 取消日期 | 禁入期至（不含） |'
      : '| No. | Enterprise | Credit code | Enterprise standard | Category | Reason | Revoked on | Banned until (exclusive) |');
    lines.push('|---|---|---|---|---|---|---|---|');
    revs.forEach((r, i) => {
      const s = r.schemeId ? schemes.get(r.schemeId) : undefined;
      lines.push('| ' + [i + 1, r.enterpriseName ?? '-', r.uscc, r.standardNo ?? (zh ? '（全部）' : '(all)'), s?.category ?? '-',
        zh ? REASONS[r.reason].zh : REASONS[r.reason].en, r.date, r.banUntil].map(mdCell).join(' | ') + ' |');
    });
    lines.push('');
    lines.push(zh
      ? '被取消“领跑者”称号的企业，不得继续享受企业标准“领跑者”制度相关的优惠政策，自取消之日起三年内不得参与企业标准“领跑者”评估。'
      : 'An enterprise whose title is revoked loses the incentives of the Enterprise Standard "Leader" system and may not take part in any leader evaluation for three years from the revocation date.');
    if (revs.some((r) => r.integrity)) {
      lines.push('', zh
        ? '其中因弄虚作假或其他诚信问题被取消的，将报有关监管部门，并纳入企业信用体系。'
        : 'Revocations for fraud or other integrity problems are reported to the regulators and entered into the enterprise credit system.');
    }
    lines.push('');
  }
  if (bodies.length) lines.push((zh ? '评估机构：' : 'Evaluation body: ') + bodies.join(zh ? '；' : '; '), '');
  lines.push((zh ? '日期：' : 'Date: ') + date, '');
  return lines.join('\n');
}

export const notice: Handler = async (ctx, _args, o) => {
  const since = o.since ? parseDate(o.since as string) : undefined;
  const db = await openCommandStore(ctx, { create: false });
  try {
    const revs = listRevocations(db, { includeRescinded: false })
      .filter((r) => (since === undefined || r.date >= since) && (o.scheme === undefined || r.schemeId === o.scheme));
    const text = noticeMarkdown(ctx.out.lang, revs, schemeInfo(db), today());
    const file = emit(ctx, text, o.out as string | undefined, Boolean(o.force));
    return { json: { file, revocations: revs.map((r) => r.id), ...(file ? {} : { markdown: text }) } };
  } finally {
    db.close();
  }
};
