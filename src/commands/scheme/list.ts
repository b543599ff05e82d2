import { listSchemes } from '../../store/schemes.js';
import type { Handler } from '../../ui/context.js';
import { renderTable } from '../../ui/table.js';
import { openCommandStore } from '../open-store.js';

export const list: Handler = async (ctx) => {
  const db = await openCommandStore(ctx, { create: false });
  try {
    const rows = listSchemes(db);
    if (rows.length === 0) ctx.out.info('I_SCHEME_NONE');
    else {
      const zh = ctx.out.lang === 'zh';
      ctx.out.data(renderTable(ctx.out,
        zh ? ['id', '版本', '名称', '品类', '年度', 'SHA-256', '登记时间'] : ['id', 'version', 'name', 'category', 'year', 'SHA-256', 'added'],
        rows.map((r) => [r.id, r.version, r.name, r.category, r.year, r.sha256.slice(0, 12), r.addedAt])));
    }
    return { json: { schemes: rows.map(({ content: _c, ...r }) => r) } };
  } finally {
    db.close();
  }
};
