/**
 * The import pipeline, free of the terminal: bytes -> decode -> the parse side (parse-rows.ts: CSV,
 * header mapping, row normalisation) -> prepared writes inside ONE immediate transaction, committed only when the import
 * is acceptable (all rows good, or --allow-partial) and not a dry run. Problems are counted in full
 * and listed up to `maxErrors`. Used by the command and, in-process, by the fuzz tests.
 */
import { DataError } from '../../core/errors.js';
import type { ImportProblem, ProblemSink, RowProblemCode } from '../../core/import-row.js';
import type { Scheme } from '../../core/scheme.js';
import type { CsvParseProblem } from '../../io/csv-read.js';
import { openDecoded, type EncodingChoice } from '../../io/decode.js';
import { nowIso } from '../../io/clock.js';
import type { DB } from '../../store/db.js';
import { ImportWriter } from '../../store/standards.js';
import { createRowParser, type RowEvents } from './parse-rows.js';

export interface ImportOptions {
  encoding: EncodingChoice;
  allowPartial: boolean;
  dryRun: boolean;
  maxErrors: number;
  fileName: string;
  /** told about every rejected row (for --rejects) */
  onReject?: (fields: string[] | undefined, line: number, problems: ImportProblem[]) => void;
  /** told after each chunk: raw bytes read so far */
  onProgress?: (bytesRead: number, rows: number) => void;
  /** told the header row once mapped */
  onHeader?: (headers: string[]) => void;
  /** the input's size in bytes when known (a large import takes the bulk write path) */
  sizeHint?: number;
  /** force (true) or forbid (false) the bulk write path (tests) */
  bulk?: boolean;
}

export interface ImportSummary {
  /** the import's id; null for a dry run or a failed import (nothing was written) */
  id: number | null;
  rows: number;
  inserted: number;
  updated: number;
  unchanged: number;
  rejected: number;
  encoding: string;
  sha256: string;
  dryRun: boolean;
  committed: boolean;
  warningsTotal: number;
  errorsTotal: number;
  warnings: ImportProblem[];
  errors: ImportProblem[];
}

function csvProblem(p: CsvParseProblem): ImportProblem {
  if (p.code === 'CSV_RECORD_INCONSISTENT_FIELDS_LENGTH' || p.code === 'CSV_RECORD_INCONSISTENT_COLUMNS') {
    return { line: p.line, column: '', value: '', code: 'E_CSV_COLUMNS', params: { expected: p.expected ?? 0, got: p.got ?? 0 } };
  }
  const code: RowProblemCode = /QUOTE/.test(p.code) ? 'E_CSV_QUOTE' : 'E_CSV_PARSE';
  return { line: p.line, column: '', value: '', code, params: { csvCode: p.code, detail: p.message } };
}

export async function runImport(db: DB, scheme: Scheme, schemeVersion: string, source: AsyncIterable<Buffer | string>, o: ImportOptions): Promise<ImportSummary> {
  const startedAt = nowIso();
  const decoded = await openDecoded(source, o.encoding);
  const s: ImportSummary = {
    id: null, rows: 0, inserted: 0, updated: 0, unchanged: 0, rejected: 0, encoding: decoded.encoding, sha256: '',
    dryRun: o.dryRun, committed: false, warningsTotal: 0, errorsTotal: 0, warnings: [], errors: [],
  };
  const max = o.maxErrors;
  let rowProblems: ImportProblem[] | undefined; // the current row's problems, only when it has errors and --rejects
  const sink: ProblemSink = {
    error(p) {
      s.errorsTotal++;
      if (s.errors.length < max) s.errors.push(p);
      if (o.onReject) (rowProblems ??= []).push(p);
    },
    warn(p) {
      s.warningsTotal++;
      if (s.warnings.length < max) s.warnings.push(p);
    },
  };

  const writer = ImportWriter.begin(db, scheme.id, schemeVersion, startedAt, { sizeHint: o.sizeHint, bulk: o.bulk });
  try {
    let headers: string[] | undefined;
    let standardNoHeader = '';
    const headerError = (count: number) => new DataError('E_IMPORT_HEADERS', { count }, { import: { ...s, id: null } });
    // The consumer of the parse side's events (file order; a row's problems come before it).
    const events: RowEvents = {
      header(h, line) {
        const at = (p: { column: string; code: any; params: Record<string, string | number> }): ImportProblem =>
          ({ line, column: p.column, value: String(p.params.header ?? ''), code: p.code, params: p.params });
        if (h.errors.length) {
          for (const p of h.errors) sink.error(at(p));
          throw headerError(h.errors.length);
        }
        for (const p of h.warnings) sink.warn(at(p));
        headers = h.headers;
        standardNoHeader = h.standardNoHeader;
        rowProblems = undefined;
        o.onHeader?.(headers);
      },
      error: sink.error,
      warn: sink.warn,
      row(row, fields) {
        s.rows++;
        const w = writer.write(row);
        switch (w.kind) {
          case 'inserted': s.inserted++; break;
          case 'updated': s.updated++; break;
          case 'unchanged': s.unchanged++; break;
          case 'duplicate':
            sink.error({ line: row.line, column: standardNoHeader, value: row.standardNoRaw, code: 'E_ROW_DUPLICATE',
              params: { value: row.standardNoRaw, uscc: row.uscc, standardNo: row.standardNo, first: w.firstLine } });
            s.rejected++;
            o.onReject?.(fields, row.line, rowProblems ?? []);
        }
        rowProblems = undefined;
      },
      reject(fields, line) {
        s.rows++;
        s.rejected++;
        o.onReject?.(fields, line, rowProblems ?? []);
        rowProblems = undefined;
      },
      skip(p) {
        sink.error(csvProblem(p));
        if (!headers) throw headerError(1); // the header row itself is malformed
        s.rows++;
        s.rejected++;
        o.onReject?.(p.record, p.line, rowProblems ?? []);
        rowProblems = undefined;
      },
    };
    const reader = createRowParser(scheme, events, o.onReject !== undefined);
    for await (const chunk of decoded.chunks) {
      reader.write(chunk);
      o.onProgress?.(decoded.bytesRead(), s.rows);
    }
    reader.end();
    s.sha256 = decoded.sha256();
    if (!headers) throw new DataError('E_CSV_EMPTY', {});
    if (s.rejected > 0 && !o.allowPartial) {
      writer.rollback();
      throw new DataError('E_IMPORT_REJECTED', { count: s.rejected, rows: s.rows, errors: s.errorsTotal }, { import: { ...s } });
    }
    if (o.dryRun) {
      writer.rollback();
      return s;
    }
    writer.commit({
      schemeId: scheme.id, schemeVersion, fileName: o.fileName, sha256: s.sha256, encoding: s.encoding, rows: s.rows,
      inserted: s.inserted, updated: s.updated, unchanged: s.unchanged, rejected: s.rejected, warnings: s.warningsTotal,
    }, nowIso());
    s.id = writer.importId;
    s.committed = true;
    return s;
  } finally {
    writer.rollback();
  }
}

