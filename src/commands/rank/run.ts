/**
 * `leader rank --scheme <id>`: read the current standards as columns, compute the run, store it
 * compactly, print it. Names are read by version id only for the rows shown (all of them for
 * --json and --csv).
 */
import { NotFoundError, UsageError } from '../../core/errors.js';
import {
  entriesByNumber, entryAt, excludedAt, runColumns, runResultOf, scoreColumns, valueIds, type RunColumns,
} from '../../core/run.js';
import type { RunRecord, RunResult } from '../../core/types.js';
import { today } from '../../io/clock.js';
import { sha256 } from '../../io/files.js';
import { bansInForce } from '../../store/bans.js';
import type { DB } from '../../store/db.js';
import { encodeRunColumns, encodeRunResult, insertRun, insertRunColumns, listRuns } from '../../store/runs.js';
import { loadScheme } from '../../store/schemes.js';
import { readRankColumns, readVersionNames } from '../../store/standards-read.js';
import { readChunkColumns } from '../../store/version-chunks.js';
import type { Handler } from '../../ui/context.js';
import { parseLimit } from '../limit.js';
import { openCommandStore } from '../open-store.js';
import { banLines, engineVersion, finishInputSha256, parseAsOf } from './common.js';
import { renderRun, type RunView } from './render.js';

/**
 * Reads go through memory mapping (fewer copies and system calls), per connection; bounded, because
 * mapped pages count in the process's resident memory (a 1M-row store is ~1.2 GB).
 */
const MMAP_BYTES = 256 * 1024 * 1024;

export const rankRun: Handler = async (ctx, _args, opts) => {
  if (!opts.scheme) throw new UsageError('E_SCHEME_REQUIRED');
  if (opts.crossCheck !== undefined && opts.crossCheck !== 'topsis') throw new UsageError('E_USAGE', { detail: `--cross-check ${opts.crossCheck} (topsis)` });
  if (opts.csv === '-' && ctx.opts.json) throw new UsageError('E_CSV_STDOUT_JSON');
  const limit = parseLimit(opts.limit);
  const asOf = parseAsOf(opts.asOf, today());
  const db = await openCommandStore(ctx, { create: false });
  try {
    db.pragma(`mmap_size = ${MMAP_BYTES}`);
    const { stored, scheme } = loadScheme(db, opts.scheme, opts.schemeVersion);
    // one read transaction: the standards and the bans from the same snapshot
    const { read, bans } = db.transaction(() => ({ read: readChunkColumns(db, scheme.id, valueIds(scheme), { hashWorker: true }) ?? readRankColumns(db, scheme.id, valueIds(scheme)), bans: bansInForce(db, asOf) }))();
    if (read.columns.n === 0) throw new NotFoundError('E_NO_STANDARDS', { scheme: scheme.id });
    const rc = runColumns(scoreColumns(scheme, read.columns, bans, asOf), opts.crossCheck);
    let full: RunResult | undefined;
    const fullResult = (): RunResult => {
      if (!full) { const names = readVersionNames(db, rc.input.versionId); full = runResultOf(rc, (r) => names[r]!); }
      return full;
    };
    const enc = encodeRunColumns(rc);
    const encodedJson = enc ? undefined : encodeRunResult(fullResult(), scheme.levels.map((l) => l.id));
    const meta: Omit<RunRecord, 'id' | 'createdAt'> = {
      schemeId: scheme.id, schemeVersion: scheme.version, schemeSha256: stored.sha256, inputSha256: 'finishInputHash' in read && read.finishInputHash ? await read.finishInputHash(banLines(bans)) : finishInputSha256(read.inputHash!, bans),
      contentSha256: enc ? enc.sha256 : sha256(encodedJson!), asOf, engineVersion: engineVersion(), method: scheme.scoring.method,
    };
    const same = listRuns(db, scheme.id).filter((r) => r.contentSha256 === meta.contentSha256).pop();
    let run: RunRecord | (Omit<RunRecord, 'id' | 'createdAt'> & { id: null; createdAt: null });
    if (opts.dryRun) {
      run = { ...meta, id: null, createdAt: null };
      ctx.out.warn('W_DRY_RUN');
    } else {
      run = enc ? insertRunColumns(db, meta, enc) : insertRun(db, meta, fullResult(), encodedJson);
      ctx.out.info('I_RUN_STORED', { id: run.id, entries: rc.rows.length, excluded: rc.excludedRows.length, sha: meta.contentSha256.slice(0, 16) });
    }
    if (same) ctx.out.info('I_RUN_SAME_CONTENT', { id: same.id });
    // (the CSV writer is loaded only when asked for)
    if (opts.csv) (await import('./output.js')).writeCsv(ctx, opts.csv, fullResult(), scheme, Boolean(opts.force));
    if (opts.csv !== '-' && !ctx.opts.json) renderRun(ctx, run, viewOf(db, rc), scheme, limit);
    return ctx.opts.json ? { json: { run, ...fullResult() } } : { json: { run } };
  } finally {
    db.close();
  }
};

/** The human output's view of a run's columns: names read for the rows shown only. */
function viewOf(db: DB, rc: RunColumns): RunView {
  let byNumber: Int32Array | undefined;
  return {
    method: rc.method, cohortDependent: rc.cohortDependent, crossCheck: rc.crossCheck,
    entryCount: rc.rows.length, excludedCount: rc.excludedRows.length, indicators: rc.indicators,
    entries(limit) {
      const m = Math.min(limit, rc.rows.length);
      const names = readVersionNames(db, Array.from({ length: m }, (_, j) => rc.input.versionId[rc.rows[j]!]!));
      return names.map((x, j) => entryAt(rc, j, x));
    },
    excluded(limit) {
      const m = Math.min(limit, rc.excludedRows.length);
      const names = readVersionNames(db, Array.from({ length: m }, (_, q) => rc.input.versionId[rc.excludedRows[q]!]!));
      return names.map((x, q) => excludedAt(rc, q, x));
    },
    groups(i) {
      // counts per level; the standard numbers (in standard number order) only when a group is shown whole
      const ind = rc.indicators[i]!;
      const levelOf = (j: number) => { const o = ind.codes[j]!; return o >= 0 ? ind.cells[o]!.level : -1; };
      // entries per output cell, then per level + 1 (0: none)
      const perCell = new Float64Array(ind.cells.length + 1);
      const codes = ind.codes;
      for (let j = 0; j < codes.length; j++) perCell[codes[j]! + 1]++;
      const counts = new Float64Array(rc.levelIds.length + 1);
      for (let o = -1; o < ind.cells.length; o++) counts[(o >= 0 ? ind.cells[o]!.level : -1) + 1] += perCell[o + 1]!;
      const levels: number[] = [];
      for (let l = rc.levelIds.length - 1; l >= -1; l--) if (counts[l + 1]! > 0) levels.push(l);
      return levels.map((l) => ({
        level: l >= 0 ? rc.levelIds[l]! : null, count: counts[l + 1]!,
        standardNos: () => {
          byNumber ??= entriesByNumber(rc);
          const out: string[] = [];
          for (let q = 0; q < byNumber.length; q++) { const j = byNumber[q]!; if (levelOf(j) === l) out.push(rc.input.standardNo[rc.rows[j]!]!); }
          return out;
        },
      }));
    },
  };
}
