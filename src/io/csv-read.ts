/**
 * CSV records from UTF-8 bytes with csv-parse (bom, skip_empty_lines, trim, no cast, nothing
 * relaxed): each record is handed over synchronously with the line it ends on; a malformed record
 * (bad quote, wrong field count) is reported with its line and skipped, never silently repaired.
 */
import { Parser } from 'csv-parse';

export interface CsvParseProblem {
  /** csv-parse's code, e.g. CSV_RECORD_INCONSISTENT_FIELDS_LENGTH, CSV_QUOTE_NOT_CLOSED */
  code: string;
  line: number;
  message: string;
  /** the fields read, when csv-parse kept them */
  record?: string[];
  expected?: number;
  got?: number;
}

export interface CsvSink {
  record(fields: string[], line: number): void;
  skip(problem: CsvParseProblem): void;
}

export interface CsvReader {
  write(chunk: Buffer): void;
  end(): void;
  /** lines read so far */
  lines(): number;
}

export function createCsvReader(sink: CsvSink): CsvReader {
  let headerLength: number | undefined;
  const parser = new Parser({
    bom: true,
    skip_empty_lines: true,
    trim: true,
    skip_records_with_error: true,
    on_skip: (err: any) => {
      const record: string[] | undefined = Array.isArray(err?.record) ? err.record.map(String) : undefined;
      sink.skip({
        code: String(err?.code ?? 'CSV_ERROR'),
        line: Number(err?.lines ?? parser.info.lines),
        message: String(err?.message ?? err),
        record,
        expected: headerLength,
        got: record?.length,
      });
    },
  } as any);
  const api = (parser as any).api as { parse(buf: Buffer | undefined, end: boolean, push: (r: string[]) => void, close: () => void): Error | undefined };
  const info = parser.info;
  const push = (r: string[]) => {
    if (headerLength === undefined) headerLength = r.length;
    sink.record(r, info.lines);
  };
  const close = () => {};
  const check = (e: Error | undefined) => {
    if (e) sink.skip({ code: String((e as any).code ?? 'CSV_ERROR'), line: info.lines, message: e.message });
  };
  return {
    write(chunk) { check(api.parse(chunk, false, push, close)); },
    end() { check(api.parse(undefined, true, push, close)); },
    lines: () => info.lines,
  };
}
