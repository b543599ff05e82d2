/** `leader audit log [--since <date|seq>] [--type <t>]`: the audit events, oldest first. */
import { UsageError } from '../../core/errors.js';
import { isIsoDate } from '../../core/revocation.js';
import { listEvents, type EventFilter } from '../../store/audit.js';
import type { Handler } from '../../ui/context.js';
import { renderTable } from '../../ui/table.js';
import { openCommandStore } from '../open-store.js';

export function parseSince(raw: string | undefined): Pick<EventFilter, 'sinceSeq' | 'sinceAt'> {
  if (raw === undefined) return {};
  const s = raw.normalize('NFKC').trim();
  if (/^\d+$/.test(s)) return { sinceSeq: Number(s) };
  if (isIsoDate(s)) return { sinceAt: s };
  throw new UsageError('E_AUDIT_BAD_SINCE', { value: raw });
}

export const auditLog: Handler = async (ctx, _args, o) => {
  const filter: EventFilter = { ...parseSince(o.since as string | undefined), ...(o.type ? { type: o.type as string } : {}) };
  const db = await openCommandStore(ctx, { create: false });
  try {
    const events = listEvents(db, filter);
    if (events.length === 0) ctx.out.info('I_AUDIT_EMPTY');
    else {
      const zh = ctx.out.lang === 'zh';
      const short = (p: string) => (p.length > 80 ? p.slice(0, 77) + '…' : p);
      ctx.out.data(renderTable(ctx.out,
        zh ? ['序号', '时间（UTC）', '类型', '对象', '内容', '哈希'] : ['seq', 'at (UTC)', 'type', 'subject', 'payload', 'hash'],
        events.map((e) => [e.seq, e.at, e.type, e.subject, short(e.payload), e.hash.slice(0, 12)])));
    }
    return { json: { events: events.map((e) => ({ ...e, payload: JSON.parse(e.payload) as unknown })) } };
  } finally {
    db.close();
  }
};
