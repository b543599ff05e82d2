/** `leader revoke rescind <id> --reason <text>`: a rescission record that lifts the ban (the revocation stays). */
import { DomainError, UsageError } from '../../core/errors.js';
import { getRevocation, rescindRevocation, writeTransaction } from '../../store/revocations.js';
import type { Handler } from '../../ui/context.js';
import { confirmOrFail } from '../../ui/prompt.js';
import { openCommandStore } from '../open-store.js';
import { required } from './common.js';

export const rescind: Handler = async (ctx, [idText], o) => {
  const id = Number(idText);
  if (!/^\d+$/.test(idText ?? '') || !Number.isSafeInteger(id)) throw new UsageError('E_REVOKE_BAD_ID', { value: idText ?? '' });
  const reason = required<string>(o.reason, '--reason').trim();
  required(reason, '--reason');
  const dryRun = Boolean(o.dryRun);
  const db = await openCommandStore(ctx, { create: false });
  try {
    const r = getRevocation(db, id);
    if (r.rescission) throw new DomainError('E_REVOCATION_ALREADY_RESCINDED', { id, at: r.rescission.createdAt });
    if (!dryRun) await confirmOrFail(ctx, ctx.out.t('I_RESCIND_CONFIRM', { id, enterprise: r.enterpriseName ?? '-', uscc: r.uscc, reason: r.reason }));
    const after = writeTransaction(db, dryRun, () => rescindRevocation(db, id, reason));
    if (dryRun) ctx.out.info('W_DRY_RUN');
    else ctx.out.info('I_RESCINDED', { id });
    return { json: { dryRun, revocation: after } };
  } finally {
    db.close();
  }
};
