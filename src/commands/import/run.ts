/** The `leader import` handler: options and input -> runImport -> messages, --json payload, exit code. */
import { createReadStream, statSync } from 'node:fs';
import { basename, resolve } from 'node:path';
import { DataError, LeaderError, NotFoundError, UsageError } from '../../core/errors.js';
import type { ImportProblem } from '../../core/import-row.js';
import type { EncodingChoice } from '../../io/decode.js';
import { loadScheme } from '../../store/schemes.js';
import type { Handler } from '../../ui/context.js';
import { createProgress } from '../../ui/progress.js';
import { openCommandStore } from '../open-store.js';
import { runImport, type ImportSummary } from './importer.js';
import { formatProblem, problemJson } from './problems.js';
import type { RejectsWriter } from './rejects.js';

export const importCommand: Handler = async (ctx, [file], opts) => {
  const out = ctx.out;
  const maxErrors = Number(opts.maxErrors);
  if (!Number.isInteger(maxErrors) || maxErrors < 1 || !/^\d+$/.test(String(opts.maxErrors))) {
    throw new UsageError('E_IMPORT_MAX_ERRORS', { value: String(opts.maxErrors) });
  }
  const stdin = file === '-';
  let path = '';
  let size: number | undefined;
  if (stdin) {
    if (process.stdin.isTTY) throw new UsageError('E_IMPORT_STDIN_TTY', { scheme: opts.scheme });
  } else {
    path = resolve(ctx.cwd, file!);
    try {
      const st = statSync(path);
      if (!st.isFile()) throw new NotFoundError('E_FILE_MISSING', { file: file! });
      size = st.size;
    } catch (e) {
      if (e instanceof LeaderError) throw e;
      throw new NotFoundError('E_FILE_MISSING', { file: file! });
    }
  }

  const db = await openCommandStore(ctx);
  let rejects: RejectsWriter | undefined;
  const progress = createProgress(out, out.lang === 'zh' ? '导入' : 'import');
  try {
    const { stored, scheme } = loadScheme(db, opts.scheme);
    // loaded only when asked for (it brings csv-stringify: 13 modules an ordinary import does not need)
    if (opts.rejects) rejects = new (await import('./rejects.js')).RejectsWriter(resolve(ctx.cwd, opts.rejects), out.lang);
    const source = stdin ? process.stdin : createReadStream(path, { highWaterMark: 1 << 18 });
    let summary: ImportSummary;
    try {
      summary = await runImport(db, scheme, stored.version, source as AsyncIterable<Buffer>, {
        encoding: opts.encoding as EncodingChoice,
        allowPartial: Boolean(opts.allowPartial),
        dryRun: Boolean(opts.dryRun),
        maxErrors,
        fileName: stdin ? '-' : basename(path),
        sizeHint: size,
        onHeader: rejects ? (h) => rejects!.header(h) : undefined,
        onReject: rejects ? (fields, line, problems) => rejects!.row(fields, line, problems) : undefined,
        onProgress: size ? (bytes, rows) => progress.update(bytes, size) : undefined,
      });
    } catch (e) {
      progress.stop();
      if (e instanceof DataError && (e.details as { import?: ImportSummary })?.import) {
        const s = (e.details as { import: ImportSummary }).import;
        if (rejects) finishRejects(ctx, rejects, s.rejected);
        printProblems(ctx, s);
        throw new DataError(e.code, e.params, { import: importJson(s, ctx.out.lang) });
      }
      throw e;
    } finally {
      if (stdin) process.stdin.destroy();
    }
    progress.stop();
    if (rejects) finishRejects(ctx, rejects, summary.rejected);
    printProblems(ctx, summary);
    out.info('I_IMPORT_SUMMARY', {
      id: summary.id === null ? out.t('I_IMPORT_DRY_RUN_ID') : `#${summary.id}`, rows: summary.rows, encoding: summary.encoding,
      inserted: summary.inserted, updated: summary.updated, unchanged: summary.unchanged, warnings: summary.warningsTotal, rejected: summary.rejected,
    });
    if (summary.inserted === 0 && summary.updated === 0 && summary.rejected === 0 && summary.rows > 0) out.info('I_IMPORT_NOTHING_CHANGED');
    if (summary.dryRun) out.warn('W_DRY_RUN');
    if (summary.rejected > 0) out.warn('W_IMPORT_PARTIAL', { rejected: summary.rejected, good: summary.rows - summary.rejected });
    return { json: { import: importJson(summary, out.lang) }, exitCode: summary.rejected > 0 ? 1 : 0 };
  } finally {
    rejects?.abort();
    progress.stop();
    db.close();
  }
};

function finishRejects(ctx: Parameters<Handler>[0], rejects: RejectsWriter, count: number): void {
  rejects.finish();
  ctx.out.info('I_IMPORT_REJECTS_WRITTEN', { count, file: rejects.path });
}

function importJson(s: ImportSummary, lang: 'zh' | 'en') {
  return {
    id: s.id, rows: s.rows, inserted: s.inserted, updated: s.updated, unchanged: s.unchanged, rejected: s.rejected,
    encoding: s.encoding, sha256: s.sha256, dryRun: s.dryRun, committed: s.committed,
    warningsTotal: s.warningsTotal, errorsTotal: s.errorsTotal,
    warnings: s.warnings.map((p) => problemJson(p, lang)),
    errors: s.errors.map((p) => problemJson(p, lang)),
  };
}

function printProblems(ctx: Parameters<Handler>[0], s: ImportSummary): void {
  const out = ctx.out;
  if (ctx.opts.json) return;
  const list = (items: ImportProblem[], total: number, kind: 'errors' | 'warnings') => {
    for (const p of items) {
      if (kind === 'errors') out.error(p.code, formatProblem(p, out.lang));
      else out.warn(p.code as any, { ...p.params, at: formatProblem(p, out.lang, true) });
    }
    if (total > items.length) {
      out.note(out.t('I_IMPORT_MORE', { count: total - items.length, total, kind: out.t(kind === 'errors' ? 'I_IMPORT_KIND_ERRORS' : 'I_IMPORT_KIND_WARNINGS') }));
    }
  };
  list(s.warnings, s.warningsTotal, 'warnings');
  list(s.errors, s.errorsTotal, 'errors');
}
