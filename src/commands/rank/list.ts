/** `leader rank list`: the stored runs. */
import type { Handler } from '../../ui/context.js';
import { renderTable } from '../../ui/table.js';
import { listRuns, runCounts } from '../../store/runs.js';
import { openCommandStore } from '../open-store.js';

export const rankList: Handler = async (ctx, _args, opts) => {
  const db = await openCommandStore(ctx, { create: false });
  try {
    const runs = listRuns(db, opts.scheme);
    const byId = runCounts(db);
    const rows = runs.map((r) => ({ ...r, entries: byId.get(r.id)?.entries ?? null, excluded: byId.get(r.id)?.excluded ?? null }));
    const zh = ctx.out.lang === 'zh';
    if (rows.length) {
      ctx.out.data(renderTable(ctx.out,
        zh ? ['运行', '方案', '版本', '评估日期', '方法', '参评', '排除', '内容 SHA-256', '创建时间'] : ['run', 'scheme', 'version', 'as of', 'method', 'ranked', 'excluded', 'content SHA-256', 'created'],
        rows.map((r) => [r.id, r.schemeId, r.schemeVersion, r.asOf, r.method, r.entries ?? '-', r.excluded ?? '-', r.contentSha256.slice(0, 16), r.createdAt])));
    } else ctx.out.data(zh ? '还没有排行榜运行记录。' : 'No ranking runs yet.');
    return { json: { runs: rows } };
  } finally {
    db.close();
  }
};
