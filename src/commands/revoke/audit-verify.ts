/** `leader audit verify`: recomputes the hash chain; a broken or missing event is named (exit 1). */
import { verifyChain } from '../../core/audit-chain.js';
import { DomainError } from '../../core/errors.js';
import type { MessageCode } from '../../i18n/index.js';
import { iterateEvents } from '../../store/audit.js';
import type { Handler } from '../../ui/context.js';
import { openCommandStore } from '../open-store.js';

const CODES: Record<string, MessageCode> = {
  hash: 'E_AUDIT_BROKEN_HASH', link: 'E_AUDIT_BROKEN_LINK', missing: 'E_AUDIT_BROKEN_MISSING', order: 'E_AUDIT_BROKEN_ORDER',
};

export const auditVerify: Handler = async (ctx) => {
  const db = await openCommandStore(ctx, { create: false });
  try {
    const v = verifyChain(iterateEvents(db));
    if (!v.ok) {
      const p = v.problem!;
      throw new DomainError(CODES[p.kind]!, { seq: p.seq, prev: p.seq - 1, expected: p.expected ?? '', found: p.found ?? '' },
        { ...p, checked: v.count, lastGoodSeq: v.headSeq, lastGoodHash: v.headHash });
    }
    if (v.count === 0) ctx.out.info('I_AUDIT_EMPTY');
    else ctx.out.info('I_AUDIT_OK', { count: v.count, seq: v.headSeq, hash: v.headHash });
    return { json: { verified: true, count: v.count, headSeq: v.headSeq, headHash: v.headHash } };
  } finally {
    db.close();
  }
};
