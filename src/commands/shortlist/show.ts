/** `leader shortlist show <id> [--limit n]`: a shortlist with its decisions (drops listed up to --limit; --json: all), its publicity period and objections. */
import { getPublicity, getShortlist, listToPublish } from '../../store/shortlists.js';
import type { Handler } from '../../ui/context.js';
import { parseLimit } from '../limit.js';
import { openCommandStore } from '../open-store.js';
import { parseId, renderPublicity, renderShortlist, shortlistJson } from './common.js';

export const show: Handler = async (ctx, [idArg], opts) => {
  const id = parseId(idArg);
  const limit = parseLimit(opts.limit);
  const db = await openCommandStore(ctx, { create: false });
  try {
    const s = getShortlist(db, id);
    const p = getPublicity(db, id);
    if (!ctx.out.json) ctx.out.data(renderShortlist(ctx.out, s, limit));
    let removed: ReturnType<typeof listToPublish>['removed'] = [];
    if (p) {
      ctx.out.data(renderPublicity(ctx.out, p));
      removed = listToPublish(db, id).removed;
      for (const r of removed) {
        ctx.out.data(ctx.out.lang === 'zh'
          ? `异议成立，已从名单移除：${r.standardNo}（异议 ${r.objectionId}：${r.decisionText}）`
          : `Removed by an upheld objection: ${r.standardNo} (objection ${r.objectionId}: ${r.decisionText})`);
      }
    }
    return { json: { shortlist: shortlistJson(s), publicity: p ?? null, removed: removed.map((r) => ({ standardNo: r.standardNo, uscc: r.uscc, objectionId: r.objectionId, decisionText: r.decisionText })) } };
  } finally {
    db.close();
  }
};
