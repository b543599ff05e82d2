/** `leader revoke --enterprise … --reason … --date …`: records a revocation and starts the three-year ban. */
import { UsageError } from '../../core/errors.js';
import { banUntil, isReasonCode, REASON_CODES, REASONS } from '../../core/revocation.js';
import { today } from '../../io/clock.js';
import { getStoredScheme } from '../../store/schemes.js';
import {
  affectedLeaders, insertRevocation, knownEnterpriseName, knownStandards, listRevocations, storedStandardNo, writeTransaction,
} from '../../store/revocations.js';
import type { Handler } from '../../ui/context.js';
import { confirmOrFail } from '../../ui/prompt.js';
import { openCommandStore } from '../open-store.js';
import { normaliseStandardNo, parseDate, parseUscc, readEvidence, required, Warnings } from './common.js';

export const record: Handler = async (ctx, _args, o) => {
  const warnings = new Warnings(ctx);
  const uscc = parseUscc(required<string>(o.enterprise, '--enterprise'), warnings);
  const reason = required<string>(o.reason, '--reason');
  if (!isReasonCode(reason)) throw new UsageError('E_REVOKE_BAD_REASON', { value: reason, codes: REASON_CODES.join(', ') });
  const date = parseDate(required<string>(o.date, '--date'));
  const evidence = readEvidence(ctx, o.evidence as string | undefined);
  const dryRun = Boolean(o.dryRun);
  const db = await openCommandStore(ctx, { create: !dryRun });
  try {
    const schemeId = (o.scheme as string | undefined) ?? null;
    if (schemeId) getStoredScheme(db, schemeId);
    let standardNo: string | null = o.standard ? normaliseStandardNo(o.standard as string) : null;
    const known = knownStandards(db, uscc) > 0;
    if (!known) warnings.add('W_REVOKE_UNKNOWN_ENTERPRISE', { uscc });
    else if (standardNo) {
      const stored = storedStandardNo(db, uscc, standardNo);
      if (stored) standardNo = stored;
      else warnings.add('W_REVOKE_UNKNOWN_STANDARD', { standard: standardNo });
    }
    const enterpriseName = (o.name as string | undefined) ?? knownEnterpriseName(db, uscc);
    const stdLabel = standardNo ? (ctx.out.lang === 'zh' ? `（标准 ${standardNo}）` : ` (standard ${standardNo})`) : '';
    if (date > today()) warnings.add('W_REVOKE_FUTURE_DATE', { date, today: today() });
    const dup = listRevocations(db, { includeRescinded: false }).find((r) => r.uscc === uscc && r.standardNo === standardNo && r.schemeId === schemeId);
    if (dup) warnings.add('W_REVOKE_DUPLICATE', { id: dup.id, date: dup.date, standard: stdLabel });
    const affected = affectedLeaders(db, { uscc, standardNo, schemeId });
    if (known && affected.length === 0) warnings.add('W_REVOKE_NOT_A_LEADER', { standard: stdLabel });
    const until = banUntil(date);
    const info = REASONS[reason];
    const reasonText = ctx.out.lang === 'zh' ? info.zh : info.en;
    const label = enterpriseName ?? uscc;

    if (!dryRun) {
      await confirmOrFail(ctx, ctx.out.t('I_REVOKE_CONFIRM', { enterprise: label, uscc, standard: stdLabel, reason: reasonText, date, until }));
    }
    const affectedJson = affected.map((l) => ({ shortlistId: l.shortlistId, schemeId: l.schemeId, standardNo: l.standardNo, uscc: l.uscc, enterpriseName: l.enterpriseName, publishedDate: l.publishedDate }));
    const rev = writeTransaction(db, dryRun, () => insertRevocation(db, {
      uscc, enterpriseName, standardNo, schemeId, reason, date, evidence: evidence.text,
      eventExtra: {
        affected: affectedJson.map((a) => ({ shortlistId: a.shortlistId, standardNo: a.standardNo })),
        ...(evidence.sha256 ? { evidenceFile: evidence.file, evidenceSha256: evidence.sha256 } : {}),
      },
    }));
    if (dryRun) {
      ctx.out.info('I_REVOKE_WOULD_RECORD', { enterprise: label, uscc, reason, until });
      ctx.out.info('W_DRY_RUN');
    } else {
      ctx.out.info('I_REVOKE_RECORDED', { id: rev.id, enterprise: label, uscc, reason, until });
    }
    ctx.out.info('I_REVOKE_AFFECTED', { count: affected.length });
    for (const a of affected) ctx.out.note(`  #${a.shortlistId} ${a.schemeId}  ${a.standardNo}  ${a.enterpriseName}`);
    if (info.integrity) ctx.out.info('I_REVOKE_INTEGRITY');
    return {
      json: {
        dryRun,
        revocation: { ...(dryRun ? { ...rev, id: null } : rev), reasonText: { zh: info.zh, en: info.en } },
        affected: affectedJson,
        warnings: warnings.toJson(),
      },
    };
  } finally {
    db.close();
  }
};
