/** `leader revoke leaders [--scheme <id>]`: published leader entries, each marked revoked or in force (derived from the revocations). */
import { leadersWithRevocations } from '../../store/revocations.js';
import type { Handler } from '../../ui/context.js';
import { renderTable } from '../../ui/table.js';
import { openCommandStore } from '../open-store.js';

export const leaders: Handler = async (ctx, _args, o) => {
  const db = await openCommandStore(ctx, { create: false });
  try {
    const rows = leadersWithRevocations(db, o.scheme as string | undefined);
    const zh = ctx.out.lang === 'zh';
    if (rows.length === 0) ctx.out.info('I_REVOKE_NO_PUBLISHED');
    else {
      ctx.out.data(renderTable(ctx.out,
        zh ? ['名单', '方案', '发布日期', '企业标准编号', '企业名称', '统一社会信用代码', '状态'] : ['list', 'scheme', 'published', 'standard', 'enterprise', 'credit code', 'state'],
        rows.map((l) => [`#${l.shortlistId}`, l.schemeId, l.publishedDate, l.standardNo, l.enterpriseName, l.uscc,
          l.revokedBy.length ? (zh ? `已取消（#${l.revokedBy.join(', #')}）` : `revoked (#${l.revokedBy.join(', #')})`) : (zh ? '有效' : 'in force')])));
    }
    return { json: { leaders: rows.map((l) => ({ ...l, revoked: l.revokedBy.length > 0 })) } };
  } finally {
    db.close();
  }
};
