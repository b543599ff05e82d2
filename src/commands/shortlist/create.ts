/** `leader shortlist [--run <id> | --scheme <id>] [--dry-run]`: the leader shortlist of a run, stored immutably. */
import { NotFoundError, UsageError } from '../../core/errors.js';
import { rankedEntries, type RankedAt } from '../../core/run.js';
import { buildShortlist, shortlistInputs, type ShortlistOutcome } from '../../core/shortlist.js';
import type { ShortlistEntry } from '../../core/types.js';
import type { DB } from '../../store/db.js';
import { getRunView, latestRunId, readRunNames, type RunView } from '../../store/runs.js';
import { loadScheme } from '../../store/schemes.js';
import { insertShortlist } from '../../store/shortlists.js';
import type { Handler } from '../../ui/context.js';
import { parseLimit } from '../limit.js';
import { openCommandStore } from '../open-store.js';
import { maybeDry, parseId, reasonText, renderShortlist, shortlistJson, Warnings } from './common.js';

/** The shortlist of a run; from its columns, names are read only for the standards on the list. */
function outcomeOf(db: DB, view: RunView, input: ReturnType<typeof shortlistInputs>): ShortlistOutcome {
  if (!view.columns) return buildShortlist(view.result.entries, input.rule, input.levelOrder, input.coreIds);
  const rc = view.columns;
  return buildShortlist(rankedEntries(rc), input.rule, input.levelOrder, input.coreIds, (e: RankedAt): ShortlistEntry => {
    const n = readRunNames(db, rc, [rc.rows[e.entry]!])[0]!;
    return { standardNo: e.standardNo, uscc: e.uscc, enterpriseName: n.enterpriseName, standardName: n.standardName, product: n.product, models: [...n.models], rank: e.rank, total: e.total };
  });
}

export const create: Handler = async (ctx, _args, opts) => {
  if (Boolean(opts.run) === Boolean(opts.scheme)) throw new UsageError('E_SHORTLIST_RUN_OR_SCHEME');
  const runIdOpt = opts.run ? parseId(opts.run) : undefined;
  const limit = parseLimit(opts.limit);
  const db = await openCommandStore(ctx, { create: false });
  try {
    const runId = runIdOpt ?? latestRunId(db, String(opts.scheme));
    if (runId === undefined) throw new NotFoundError('E_SHORTLIST_NO_RUN', { scheme: String(opts.scheme) });
    const view = getRunView(db, runId);
    const { run } = view;
    const { scheme } = loadScheme(db, run.schemeId, run.schemeVersion);
    const outcome = outcomeOf(db, view, shortlistInputs(scheme));
    const dryRun = Boolean(opts.dryRun);
    const rec = maybeDry(db, dryRun, () => insertShortlist(db, run, outcome));
    const warnings = new Warnings(ctx.out);
    if (!ctx.out.json) ctx.out.data(renderShortlist(ctx.out, rec, limit));
    if (rec.reason) warnings.add('W_SHORTLIST_NO_LIST', { reason: reasonText(ctx.out, rec) });
    if (rec.tieAtCut && rec.tieAtCut.overCap > 0) warnings.add('W_SHORTLIST_EXCEEDS_CAP', { taken: rec.tieAtCut.taken, cap: rec.tieAtCut.cap });
    if (rec.tieAtCut && rec.tieAtCut.overCap < 0) warnings.add('W_SHORTLIST_BELOW_CAP', { taken: rec.tieAtCut.taken, cap: rec.tieAtCut.cap });
    if (dryRun) ctx.out.warn('W_DRY_RUN');
    else ctx.out.info('I_SHORTLIST_CREATED', { id: rec.id, run: rec.runId, count: rec.entries.length });
    return {
      json: { shortlist: shortlistJson(rec), dryRun, warnings: warnings.list },
      exitCode: rec.entries.length ? 0 : 1,
    };
  } finally {
    db.close();
  }
};
