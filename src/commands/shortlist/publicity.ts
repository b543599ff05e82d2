/** `leader publicity start|close`: the publicity period (公示期) of a shortlist and the publication of the list. */
import { parseDate, publicityEnd, type CountFrom } from '../../core/calendar.js';
import { today } from '../../io/clock.js';
import { loadCalendar } from '../../store/calendar.js';
import { closePublicity, getPublicity, getShortlist, startPublicity } from '../../store/shortlists.js';
import type { Handler } from '../../ui/context.js';
import { renderTable } from '../../ui/table.js';
import { openCommandStore } from '../open-store.js';
import { maybeDry, parseId, recountedEnd, renderPublicity, Warnings } from './common.js';

export const start: Handler = async (ctx, _args, opts) => {
  const id = parseId(opts.shortlist);
  const date = parseDate(String(opts.date));
  const db = await openCommandStore(ctx, { create: false });
  try {
    getShortlist(db, id);
    const period = publicityEnd(loadCalendar(db), date, 10, opts.countFrom as CountFrom, { provisional: Boolean(opts.provisional) });
    const dryRun = Boolean(opts.dryRun);
    const p = maybeDry(db, dryRun, () => startPublicity(db, id, {
      start: period.start, end: period.end, workingDays: period.workingDays, countFrom: period.countFrom,
      convention: period.convention, provisional: period.provisional, calendarSources: period.sources,
    }));
    const warnings = new Warnings(ctx.out);
    ctx.out.data(renderPublicity(ctx.out, p));
    if (p.provisional) warnings.add('W_CALENDAR_PROVISIONAL', { years: period.provisionalYears.join(', ') });
    if (dryRun) ctx.out.warn('W_DRY_RUN');
    else ctx.out.info('I_PUBLICITY_STARTED', { id, start: p.start, end: p.end, days: p.workingDays });
    return { json: { publicity: p, dryRun, warnings: warnings.list } };
  } finally {
    db.close();
  }
};

export const close: Handler = async (ctx, _args, opts) => {
  const id = parseId(opts.shortlist);
  const date = opts.date ? parseDate(String(opts.date)) : today();
  const db = await openCommandStore(ctx, { create: false });
  try {
    const warnings = new Warnings(ctx.out);
    const before = getPublicity(db, id);
    // A period counted provisionally is recounted on the official data when that year has been added since.
    const effectiveEnd = recountedEnd(db, before, Boolean(opts.provisional), warnings);
    const dryRun = Boolean(opts.dryRun);
    const r = maybeDry(db, dryRun, () => closePublicity(db, id, date, effectiveEnd));
    const zh = ctx.out.lang === 'zh';
    ctx.out.data(renderPublicity(ctx.out, r.publicity));
    if (effectiveEnd && effectiveEnd !== before!.end) {
      ctx.out.data(zh ? `按官方数据重新计算的公示期结束日：${effectiveEnd}` : `Period end recounted on official data: ${effectiveEnd}`);
    }
    ctx.out.data(zh ? `“领跑者”名单（${r.published.length} 项，排名不分先后）：` : `Leader list (${r.published.length}, in no particular order):`);
    ctx.out.data(renderTable(ctx.out, zh ? ['标准编号', '企业名称', '标准名称', '名次', '总分'] : ['standard', 'enterprise', 'standard name', 'rank', 'total'],
      r.published.map((e) => [e.standardNo, e.enterpriseName, e.standardName, e.rank, e.total])));
    for (const x of r.removed) {
      ctx.out.data(zh ? `异议成立，已移除：${x.standardNo}（异议 ${x.objectionId}：${x.decisionText}）` : `Removed (objection ${x.objectionId} upheld): ${x.standardNo} — ${x.decisionText}`);
    }
    if (dryRun) ctx.out.warn('W_DRY_RUN');
    else ctx.out.info('I_PUBLICITY_CLOSED', { id, date, count: r.published.length });
    return {
      json: {
        publicity: r.publicity, effectiveEnd: effectiveEnd ?? r.publicity.end, published: r.published,
        removed: r.removed.map((x) => ({ standardNo: x.standardNo, uscc: x.uscc, objectionId: x.objectionId, decisionText: x.decisionText })),
        dryRun, warnings: warnings.list,
      },
    };
  } finally {
    db.close();
  }
};
