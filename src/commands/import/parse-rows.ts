/**
 * The parse side of an import: CSV records -> header mapping -> normalised rows, told to a `RowEvents`
 * consumer in file order (a row's problems before the row). After a header that cannot be used nothing
 * more is told. Free of the store, so the consumer (the importer's writer) could run elsewhere.
 */
import { mapHeaders, type HeaderProblem } from '../../core/headers.js';
import { normaliseRow, type ImportProblem, type NormalisedRow } from '../../core/import-row.js';
import type { Scheme } from '../../core/scheme.js';
import { createCsvReader, type CsvParseProblem, type CsvReader } from '../../io/csv-read.js';

export interface HeaderOutcome {
  errors: HeaderProblem[];
  warnings: HeaderProblem[];
  /** the header text of every column, trimmed */
  headers: string[];
  /** the standard number column's header ('' when there is none) */
  standardNoHeader: string;
}

export interface RowEvents {
  /** the header row, mapped (once, first) */
  header(h: HeaderOutcome, line: number): void;
  error(p: ImportProblem): void;
  warn(p: ImportProblem): void;
  /** a good row; `fields` only when the consumer asked for them (a duplicate becomes a rejected row) */
  row(r: NormalisedRow, fields: string[] | undefined): void;
  /** a record with row errors (told before it) */
  reject(fields: string[], line: number): void;
  /** a malformed record (the header row itself when no header came before) */
  skip(p: CsvParseProblem): void;
}

export function createRowParser(scheme: Scheme, ev: RowEvents, withFields: boolean): CsvReader {
  let mapping: ReturnType<typeof mapHeaders>['mapping'] | undefined;
  let stopped = false;
  const sink = { error: (p: ImportProblem) => ev.error(p), warn: (p: ImportProblem) => ev.warn(p) };
  return createCsvReader({
    record(fields, line) {
      if (stopped) return;
      if (!mapping) {
        const m = mapHeaders(fields, scheme);
        if (m.errors.length) stopped = true;
        else mapping = m.mapping;
        const sn = m.mapping.fields.standard_no;
        ev.header({ errors: m.errors, warnings: m.warnings, headers: m.mapping.headers, standardNoHeader: sn === undefined ? '' : m.mapping.headers[sn]! }, line);
        return;
      }
      const row = normaliseRow(fields, line, mapping, sink);
      if (row) ev.row(row, withFields ? fields : undefined);
      else ev.reject(fields, line);
    },
    skip(p) {
      if (stopped) return;
      if (!mapping) stopped = true;
      ev.skip(p);
    },
  });
}

