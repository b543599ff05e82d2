/**
 * The import pipeline, free of the terminal: bytes -> decode -> csv-parse -> header mapping -> row
 * normalisation -> prepared writes inside ONE immediate transaction, committed only when the import
 * is acceptable (all rows good, or --allow-partial) and not a dry run. Problems are counted in full
 * and listed up to `maxErrors`. Used by the command and, in-process, by the fuzz tests.
 */
import { DataError } from '../../core/errors.js';
import { mapHeaders, type HeaderMapping } from '../../core/headers.js';
import { normaliseRow, type ImportProblem, type ProblemSink, type RowProblemCode } from '../../core/import-row.js';
import type { Scheme } from '../../core/scheme.js';
import { createCsvReader, type CsvParseProblem } from '../../io/csv-read.js';
import { openDecoded, type EncodingChoice } from '../../io/decode.js';
import { nowIso } from '../../io/clock.js';
import type { DB } from '../../store/db.js';
import { ImportWriter } from '../../store/standards.js';

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
  let rowProblems: ImportProblem[] | undefined; // only while a row is being checked and only when it has errors
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
    let mapping: HeaderMapping | undefined;
    const reader = createCsvReader({
      record(fields, line) {
        if (!mapping) {
          const m = mapHeaders(fields, scheme);
          const at = (p: { column: string; code: any; params: Record<string, string | number> }): ImportProblem =>
            ({ line, column: p.column, value: String(p.params.header ?? ''), code: p.code, params: p.params });
          if (m.errors.length) {
            for (const p of m.errors) sink.error(at(p));
            throw new DataError('E_IMPORT_HEADERS', { count: m.errors.length }, { import: { ...s, id: null } });
          }
          for (const p of m.warnings) sink.warn(at(p));
          mapping = m.mapping;
          o.onHeader?.(mapping.headers);
          return;
        }
        s.rows++;
        rowProblems = undefined;
        const row = normaliseRow(fields, line, mapping, sink);
        if (row) {
          const w = writer.write(row);
          switch (w.kind) {
            case 'inserted': s.inserted++; return;
            case 'updated': s.updated++; return;
            case 'unchanged': s.unchanged++; return;
            case 'duplicate':
              sink.error({ line, column: mapping.headers[mapping.fields.standard_no!]!, value: row.standardNoRaw, code: 'E_ROW_DUPLICATE',
                params: { value: row.standardNoRaw, uscc: row.uscc, standardNo: row.standardNo, first: w.firstLine } });
          }
        }
        s.rejected++;
        o.onReject?.(fields, line, rowProblems ?? []);
      },
      skip(p) {
        if (!mapping) {
          // the header row itself is malformed
          sink.error(csvProblem(p));
          throw new DataError('E_IMPORT_HEADERS', { count: 1 }, { import: { ...s, id: null } });
        }
        s.rows++;
        rowProblems = undefined;
        sink.error(csvProblem(p));
        s.rejected++;
        o.onReject?.(p.record, p.line, rowProblems ?? []);
      },
    });
    for await (const chunk of decoded.chunks) {
      reader.write(chunk);
      o.onProgress?.(decoded.bytesRead(), s.rows);
    }
    reader.end();
    s.sha256 = decoded.sha256();
    if (!mapping) throw new DataError('E_CSV_EMPTY', {});
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
