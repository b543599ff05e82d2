/** `leader rank --scheme <id>`: read the current standards, compute the run, store it, print it. */
import { NotFoundError, UsageError } from '../../core/errors.js';
import { computeRun } from '../../core/run.js';
import type { RunRecord } from '../../core/types.js';
import { today } from '../../io/clock.js';
import { sha256 } from '../../io/files.js';
import { bansInForce } from '../../store/bans.js';
import { encodeRunResult, insertRun, listRuns } from '../../store/runs.js';
import { loadScheme } from '../../store/schemes.js';
import { readStandards } from '../../store/standards-read.js';
import type { Handler } from '../../ui/context.js';
import { openCommandStore } from '../open-store.js';
import { engineVersion, inputSha256, parseAsOf, parseLimit } from './common.js';
import { writeCsv } from './output.js';
import { renderRun } from './render.js';

export const rankRun: Handler = async (ctx, _args, opts) => {
  if (!opts.scheme) throw new UsageError('E_SCHEME_REQUIRED');
  if (opts.crossCheck !== undefined && opts.crossCheck !== 'topsis') throw new UsageError('E_USAGE', { detail: `--cross-check ${opts.crossCheck} (topsis)` });
  if (opts.csv === '-' && ctx.opts.json) throw new UsageError('E_CSV_STDOUT_JSON');
  const limit = parseLimit(opts.limit);
  const asOf = parseAsOf(opts.asOf, today());
  const db = await openCommandStore(ctx, { create: false });
  try {
    const { stored, scheme } = loadScheme(db, opts.scheme, opts.schemeVersion);
    const records = readStandards(db, scheme.id, { raw: false });
    if (records.length === 0) throw new NotFoundError('E_NO_STANDARDS', { scheme: scheme.id });
    const bans = bansInForce(db, asOf);
    const result = computeRun({ scheme, records, bans, asOf, crossCheck: opts.crossCheck });
    const encoded = encodeRunResult(result, scheme.levels.map((l) => l.id));
    const meta: Omit<RunRecord, 'id' | 'createdAt'> = {
      schemeId: scheme.id, schemeVersion: scheme.version, schemeSha256: stored.sha256, inputSha256: inputSha256(records, bans),
      contentSha256: sha256(encoded), asOf, engineVersion: engineVersion(), method: scheme.scoring.method,
    };
    const same = listRuns(db, scheme.id).filter((r) => r.contentSha256 === meta.contentSha256).pop();
    let run: RunRecord | (Omit<RunRecord, 'id' | 'createdAt'> & { id: null; createdAt: null });
    if (opts.dryRun) {
      run = { ...meta, id: null, createdAt: null };
      ctx.out.warn('W_DRY_RUN');
    } else {
      run = insertRun(db, meta, result, encoded);
      ctx.out.info('I_RUN_STORED', { id: run.id, entries: result.entries.length, excluded: result.excluded.length, sha: meta.contentSha256.slice(0, 16) });
    }
    if (same) ctx.out.info('I_RUN_SAME_CONTENT', { id: same.id });
    if (opts.csv) writeCsv(ctx, opts.csv, result, scheme, Boolean(opts.force));
    if (opts.csv !== '-') renderRun(ctx, run, result, scheme, limit);
    return { json: { run, ...result } };
  } finally {
    db.close();
  }
};
