/** `leader rank show <run>`: a stored run, as a table, JSON or CSV. */
import { UsageError } from '../../core/errors.js';
import { getRun } from '../../store/runs.js';
import type { Handler } from '../../ui/context.js';
import { parseLimit } from '../limit.js';
import { openCommandStore } from '../open-store.js';
import { loadRunScheme, parseRunId } from './common.js';
import { writeCsv } from './output.js';
import { renderRun, viewOfResult } from './render.js';

export const rankShow: Handler = async (ctx, [runArg], opts) => {
  const id = parseRunId(runArg!);
  if (opts.csv === '-' && ctx.opts.json) throw new UsageError('E_CSV_STDOUT_JSON');
  const limit = parseLimit(opts.limit);
  const db = await openCommandStore(ctx, { create: false });
  try {
    const { run, result } = getRun(db, id);
    const scheme = loadRunScheme(db, run);
    if (opts.csv) writeCsv(ctx, opts.csv, result, scheme, Boolean(opts.force));
    if (opts.csv !== '-') renderRun(ctx, run, viewOfResult(result), scheme, limit);
    return { json: { run, ...result } };
  } finally {
    db.close();
  }
};
