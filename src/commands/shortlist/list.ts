/** `leader shortlist list [--scheme <id>]`: saved shortlists with their status and publicity dates. */
import { getPublicity, listShortlists } from '../../store/shortlists.js';
import type { Handler } from '../../ui/context.js';
import { renderTable } from '../../ui/table.js';
import { openCommandStore } from '../open-store.js';

export const list: Handler = async (ctx, _args, opts) => {
  const db = await openCommandStore(ctx, { create: false });
  try {
    const zh = ctx.out.lang === 'zh';
    const rows = listShortlists(db, opts.scheme ? String(opts.scheme) : undefined).map((s) => {
      const p = getPublicity(db, s.id);
      return {
        id: s.id, runId: s.runId, schemeId: s.schemeId, schemeVersion: s.schemeVersion, status: s.status, createdAt: s.createdAt,
        entries: s.entries.length, cap: s.cap, reason: s.reason,
        publicity: p ? { start: p.start, end: p.end, countFrom: p.countFrom, convention: p.convention, provisional: p.provisional, publishedDate: p.publishedDate } : null,
      };
    });
    ctx.out.data(renderTable(ctx.out,
      zh ? ['编号', '方案', '排行榜', '条目', '状态', '公示期', '发布日期'] : ['id', 'scheme', 'run', 'entries', 'status', 'publicity', 'published'],
      rows.map((r) => [r.id, `${r.schemeId} ${r.schemeVersion}`, r.runId, r.reason ? `0 (${r.reason})` : r.entries, r.status,
        r.publicity ? `${r.publicity.start} ~ ${r.publicity.end} (${r.publicity.countFrom})${r.publicity.provisional ? (zh ? ' 【临时】' : ' [PROVISIONAL]') : ''}` : '',
        r.publicity?.publishedDate ?? ''])));
    if (rows.some((r) => r.publicity)) {
      ctx.out.data(zh ? '公示期按 10 个工作日计算，结束日含当日；(start)＝开始日如为工作日即为第 1 天，(next)＝开始日之后的第一个工作日为第 1 天。'
        : 'Publicity: 10 working days, end inclusive; (start) = day 1 is the start date if a working day, (next) = day 1 is the first working day after it.');
    }
    return { json: { shortlists: rows } };
  } finally {
    db.close();
  }
};
