/** `leader revoke list [--active]`: revocations with their ban and rescission. */
import { REASONS } from '../../core/revocation.js';
import { today } from '../../io/clock.js';
import { listRevocations, type Revocation } from '../../store/revocations.js';
import type { Handler } from '../../ui/context.js';
import { renderTable } from '../../ui/table.js';
import { openCommandStore } from '../open-store.js';
import { parseDate } from './common.js';

export type BanState = 'rescinded' | 'in-force' | 'expired' | 'not-started';

export function banState(r: Revocation, asOf: string): BanState {
  if (r.rescission) return 'rescinded';
  if (asOf < r.date) return 'not-started';
  return asOf < r.banUntil ? 'in-force' : 'expired';
}

const STATE_ZH: Record<BanState, string> = { rescinded: '已撤销', 'in-force': '禁入中', expired: '已期满', 'not-started': '未开始' };

export const list: Handler = async (ctx, _args, o) => {
  const asOf = o.asOf ? parseDate(o.asOf as string) : today();
  const db = await openCommandStore(ctx, { create: false });
  try {
    const rows = listRevocations(db, o.active ? { activeOn: asOf } : {});
    const zh = ctx.out.lang === 'zh';
    if (rows.length === 0) ctx.out.info('I_REVOKE_NONE');
    else {
      ctx.out.data(renderTable(ctx.out,
        zh ? ['编号', '取消日期', '企业', '统一社会信用代码', '标准编号', '原因', '禁入至（不含）', '状态'] : ['id', 'date', 'enterprise', 'credit code', 'standard', 'reason', 'banned until (excl.)', 'state'],
        rows.map((r) => {
          const s = banState(r, asOf);
          return [r.id, r.date, r.enterpriseName ?? '-', r.uscc, r.standardNo ?? (zh ? '（整个企业）' : '(all)'),
            r.reason + (r.integrity ? (zh ? '（诚信）' : ' (integrity)') : ''), r.banUntil, zh ? STATE_ZH[s] : s];
        })));
    }
    return {
      json: {
        asOf,
        revocations: rows.map((r) => ({ ...r, state: banState(r, asOf), reasonText: { zh: REASONS[r.reason].zh, en: REASONS[r.reason].en } })),
      },
    };
  } finally {
    db.close();
  }
};
