/** `leader revoke report --integrity`: revocations for integrity problems, for the regulators and the credit system (CSV with UTF-8 BOM, or Markdown). */
import { UsageError } from '../../core/errors.js';
import { REASONS } from '../../core/revocation.js';
import { today } from '../../io/clock.js';
import { listRevocations } from '../../store/revocations.js';
import type { Handler } from '../../ui/context.js';
import { openCommandStore } from '../open-store.js';
import { toCsv } from '../../io/csv-write.js';
import { emit } from './common.js';
import { mdCell, schemeInfo } from './notice.js';

export const report: Handler = async (ctx, _args, o) => {
  if (!o.integrity) throw new UsageError('E_REVOKE_NEEDS_INTEGRITY');
  const out = o.out as string | undefined;
  const format: 'csv' | 'md' = (o.format as 'csv' | 'md' | undefined) ?? (out && /\.md$/i.test(out) ? 'md' : 'csv');
  let year: number | undefined;
  if (o.year !== undefined) {
    year = Number(o.year);
    if (!/^\d{4}$/.test(String(o.year))) throw new UsageError('E_REPORT_BAD_YEAR', { value: String(o.year) });
  }
  const db = await openCommandStore(ctx, { create: false });
  try {
    const revs = listRevocations(db, { integrityOnly: true, includeRescinded: false, ...(year ? { year } : {}) });
    const schemes = schemeInfo(db);
    const zh = ctx.out.lang === 'zh';
    const head = zh
      ? ['序号', '企业名称', '统一社会信用代码', '企业标准编号', '评估方案', '产品类别', '评估机构', '原因代码', '取消原因', '取消日期', '禁入期至（不含）', '证据']
      : ['no', 'enterprise', 'credit code', 'enterprise standard', 'scheme', 'category', 'evaluation body', 'reason code', 'reason', 'revoked on', 'banned until (exclusive)', 'evidence'];
    const rows = revs.map((r, i) => {
      const s = r.schemeId ? schemes.get(r.schemeId) : undefined;
      return [String(i + 1), r.enterpriseName ?? '', r.uscc, r.standardNo ?? '', r.schemeId ?? '', s?.category ?? '', s?.body ?? '',
        r.reason, zh ? REASONS[r.reason].zh : REASONS[r.reason].en, r.date, r.banUntil, r.evidence ?? ''];
    });
    let text: string;
    if (format === 'csv') {
      text = toCsv({ header: head, rows });
    } else {
      const lines = [
        zh ? '# 诚信问题取消“领跑者”称号企业清单（报有关监管部门，纳入企业信用体系）' : '# Leader titles revoked for integrity problems (for the regulators and the enterprise credit system)',
        '',
        (zh ? '生成日期：' : 'Generated: ') + today(),
        '',
        '| ' + head.join(' | ') + ' |',
        '|' + head.map(() => '---').join('|') + '|',
        ...rows.map((row) => '| ' + row.map(mdCell).join(' | ') + ' |'),
        '',
      ];
      if (rows.length === 0) lines.splice(4, 0, zh ? '（无）' : '(none)', '');
      text = lines.join('\n');
    }
    const file = emit(ctx, text, out, Boolean(o.force));
    return { json: { file, format, revocations: revs } };
  } finally {
    db.close();
  }
};
