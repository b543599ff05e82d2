/** `leader objection add|resolve|list`: objections (异议) during publicity and their expert-review decisions (专家评议处理意见). */
import { parseDate } from '../../core/calendar.js';
import { UsageError } from '../../core/errors.js';
import { normaliseStandardNo } from '../../core/standard-number.js';
import { addObjection, getPublicity, getShortlist, listObjections, resolveObjection } from '../../store/shortlists.js';
import type { Handler } from '../../ui/context.js';
import { openCommandStore } from '../open-store.js';
import { maybeDry, parseId, recountedEnd, renderObjections, Warnings } from './common.js';

function nonEmpty(v: unknown, flag: string): string {
  const s = String(v ?? '').trim();
  if (!s) throw new UsageError('E_USAGE', { detail: `${flag} <text>` });
  return s;
}

export const add: Handler = async (ctx, _args, opts) => {
  const id = parseId(opts.shortlist);
  const date = parseDate(String(opts.date));
  const text = nonEmpty(opts.text, '--text');
  const db = await openCommandStore(ctx, { create: false });
  try {
    const wanted = normaliseStandardNo(String(opts.standard));
    const entry = getShortlist(db, id).entries.find((e) => e.standardNo === opts.standard || normaliseStandardNo(e.standardNo) === wanted);
    const warnings = new Warnings(ctx.out);
    const effectiveEnd = recountedEnd(db, getPublicity(db, id), true, warnings);
    const dryRun = Boolean(opts.dryRun);
    const o = maybeDry(db, dryRun, () => addObjection(db, id, entry?.standardNo ?? wanted, date, text, effectiveEnd));
    ctx.out.data(renderObjections(ctx.out, [o]));
    if (dryRun) ctx.out.warn('W_DRY_RUN');
    else ctx.out.info('I_OBJECTION_ADDED', { id: o.id, standard: o.standardNo });
    return { json: { objection: o, dryRun, warnings: warnings.list } };
  } finally {
    db.close();
  }
};

export const resolve: Handler = async (ctx, [idArg], opts) => {
  const id = parseId(idArg);
  const text = nonEmpty(opts.text, '--text');
  const db = await openCommandStore(ctx, { create: false });
  try {
    const dryRun = Boolean(opts.dryRun);
    const o = maybeDry(db, dryRun, () => resolveObjection(db, id, opts.decision as 'upheld' | 'rejected', text));
    ctx.out.data(renderObjections(ctx.out, [o]));
    if (dryRun) ctx.out.warn('W_DRY_RUN');
    else ctx.out.info('I_OBJECTION_RESOLVED', { id: o.id, decision: o.decision });
    return { json: { objection: o, dryRun } };
  } finally {
    db.close();
  }
};

export const list: Handler = async (ctx, _args, opts) => {
  const shortlistId = opts.shortlist !== undefined ? parseId(opts.shortlist) : undefined;
  const db = await openCommandStore(ctx, { create: false });
  try {
    const objections = listObjections(db, { shortlistId, open: Boolean(opts.open) });
    ctx.out.data(renderObjections(ctx.out, objections));
    return { json: { objections } };
  } finally {
    db.close();
  }
};
