/** `leader status --scheme <id>`: where a scheme's evaluation stands, and whether its published ranking is stale. */
import { addMonths } from '../../core/calendar.js';
import { today } from '../../io/clock.js';
import { listRuns } from '../../store/runs.js';
import { loadScheme } from '../../store/schemes.js';
import { getPublicity, listObjections, listShortlists, publishedLeaders } from '../../store/shortlists.js';
import type { Handler } from '../../ui/context.js';
import { renderTable } from '../../ui/table.js';
import { openCommandStore } from '../open-store.js';
import { renderObjections, renderPublicity, Warnings } from './common.js';

export const status: Handler = async (ctx, _args, opts) => {
  const schemeId = String(opts.scheme);
  const db = await openCommandStore(ctx, { create: false });
  try {
    const zh = ctx.out.lang === 'zh';
    const warnings = new Warnings(ctx.out);
    const { scheme } = loadScheme(db, schemeId);
    const runs = listRuns(db, schemeId);
    const shortlists = listShortlists(db, schemeId);
    const latest = shortlists[shortlists.length - 1];
    const latestPublicity = latest ? getPublicity(db, latest.id) ?? null : null;
    const published = shortlists.filter((s) => s.status === 'published');
    const lastPublished = published[published.length - 1];
    const lastPublishedPublicity = lastPublished ? getPublicity(db, lastPublished.id)! : undefined;
    const openObjections = shortlists.flatMap((s) => listObjections(db, { shortlistId: s.id, open: true }));
    const leaders = lastPublished ? publishedLeaders(db, schemeId).filter((l) => l.shortlistId === lastPublished.id) : [];

    // Stale: the latest published ranking is older than the cycle of its scheme version.
    const now = today();
    let cycle = scheme.cycleMonths;
    if (lastPublished) cycle = loadScheme(db, schemeId, lastPublished.schemeVersion).scheme.cycleMonths;
    const due = lastPublishedPublicity?.publishedDate ? addMonths(lastPublishedPublicity.publishedDate, cycle) : null;
    const stale = due !== null && now > due;

    const lines: string[] = [];
    lines.push(`${scheme.name}`);
    lines.push(zh ? `方案 ${scheme.id}（当前版本 ${scheme.version}），评估周期 ${scheme.cycleMonths} 个月；今天 ${now}` : `scheme ${scheme.id} (current version ${scheme.version}), cycle ${scheme.cycleMonths} months; today ${now}`);
    const lastRun = runs[runs.length - 1];
    lines.push(zh
      ? `排行榜：${runs.length} 次${lastRun ? `，最新 ${lastRun.id}（${lastRun.createdAt.slice(0, 10)}，版本 ${lastRun.schemeVersion}）` : ''}`
      : `runs: ${runs.length}${lastRun ? `, latest ${lastRun.id} (${lastRun.createdAt.slice(0, 10)}, version ${lastRun.schemeVersion})` : ''}`);
    if (latest) {
      lines.push(zh
        ? `最新入围名单：${latest.id}（排行榜 ${latest.runId}，${latest.entries.length} 项，状态 ${latest.status}${latest.reason ? `，${latest.reason}` : ''}）`
        : `latest shortlist: ${latest.id} (run ${latest.runId}, ${latest.entries.length} entries, status ${latest.status}${latest.reason ? `, ${latest.reason}` : ''})`);
      if (latestPublicity) lines.push(renderPublicity(ctx.out, { ...latestPublicity, objections: [] }));
    } else {
      lines.push(zh ? '入围名单：无' : 'shortlist: none');
    }
    ctx.out.data(lines.join('\n'));
    if (openObjections.length) {
      ctx.out.data(zh ? `未处理的异议：${openObjections.length}` : `open objections: ${openObjections.length}`);
      ctx.out.data(renderObjections(ctx.out, openObjections));
    }
    if (lastPublished) {
      ctx.out.data(zh
        ? `已发布的“领跑者”名单：入围名单 ${lastPublished.id}，发布日期 ${lastPublishedPublicity!.publishedDate}，${leaders.length} 项（排名不分先后）；下次评估最迟 ${due}`
        : `published leader list: shortlist ${lastPublished.id}, published ${lastPublishedPublicity!.publishedDate}, ${leaders.length} entries (in no particular order); re-evaluate by ${due}`);
      ctx.out.data(renderTable(ctx.out, zh ? ['标准编号', '企业名称', '标准名称'] : ['standard', 'enterprise', 'standard name'],
        leaders.map((l) => [l.standardNo, l.enterpriseName, l.standardName])));
    } else {
      ctx.out.data(zh ? '已发布的名单：无' : 'published list: none');
    }
    if (stale) warnings.add('W_STATUS_STALE', { date: lastPublishedPublicity!.publishedDate, months: cycle, due });

    return {
      json: {
        status: {
          scheme: { id: scheme.id, version: scheme.version, cycleMonths: scheme.cycleMonths },
          today: now,
          runs: { count: runs.length, latest: lastRun ? { id: lastRun.id, schemeVersion: lastRun.schemeVersion, createdAt: lastRun.createdAt, asOf: lastRun.asOf } : null },
          shortlist: latest ? { id: latest.id, runId: latest.runId, status: latest.status, entries: latest.entries.length, reason: latest.reason } : null,
          publicity: latestPublicity,
          openObjections,
          published: lastPublished ? { shortlistId: lastPublished.id, runId: lastPublished.runId, publishedDate: lastPublishedPublicity!.publishedDate, leaders } : null,
          stale, due, cycleMonths: cycle,
        },
        warnings: warnings.list,
      },
    };
  } finally {
    db.close();
  }
};
