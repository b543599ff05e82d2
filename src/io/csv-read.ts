/**
 * CSV records from decoded text, RFC 4180 with the quirks real files have: a hand-written streaming
 * tokenizer that reproduces what csv-parse did with our options (bom, skip_empty_lines, trim, no
 * cast, nothing relaxed, record delimiter discovered from the first line end) several times faster.
 * Each record is handed over synchronously with the line it ends on (csv-parse's count: every CR and
 * LF read, a CRLF record delimiter counting once); a malformed record (bad quote, wrong field count)
 * is reported with its line and skipped, never silently repaired. One deliberate difference: after
 * a character that is not blank follows a closing quote, csv-parse dropped the rest of its read
 * buffer; here the record is rejected once and reading goes on.
 */

export interface CsvParseProblem {
  /** csv-parse's code, e.g. CSV_RECORD_INCONSISTENT_FIELDS_LENGTH, CSV_QUOTE_NOT_CLOSED */
  code: string;
  line: number;
  message: string;
  /** the fields read, for a wrong field count */
  record?: string[];
  expected?: number;
  got?: number;
}

export interface CsvSink {
  record(fields: string[], line: number): void;
  skip(problem: CsvParseProblem): void;
}

export interface CsvReader {
  /** Text in order; chunks may split a record anywhere (never a surrogate pair: decoded text). */
  write(chunk: string): void;
  end(): void;
  /** lines read so far */
  lines(): number;
}

const LF = 10, CR = 13, QUOTE = 34, COMMA = 44, SPACE = 32;
const enum Rd { Unknown = 0, Lf = 1, CrLf = 2, Cr = 3 }

/** ECMAScript white space and line terminators (what String.prototype.trim removes). */
function isBlank(c: number): boolean {
  if (c <= 32) return c === 32 || (c >= 9 && c <= 13);
  if (c < 0xa0) return false;
  return c === 0xa0 || c === 0x1680 || (c >= 0x2000 && c <= 0x200a) || c === 0x2028 || c === 0x2029 || c === 0x202f ||
    c === 0x205f || c === 0x3000 || c === 0xfeff;
}

export function createCsvReader(sink: CsvSink): CsvReader {
  let lines = 1;
  let sawLineEnd = false; // csv-parse's wasRowDelimiter: the previous character read was CR or LF
  let rd: Rd = Rd.Unknown;
  let quoting = false;
  let wasQuoting = false;
  let escaping = false;
  let nonBlankReported = false;
  let recordHasError = false;
  let expected = 0;
  let records = 0;
  let record: string[] = [];
  // the field being read: `field` plus the pending slice buf[segStart, segEnd) of the current text
  let field = '';
  let segStart = -1;
  let segEnd = -1;
  let buf = '';
  let started = false;
  let carry = '';

  const fieldLength = () => field.length + (segStart >= 0 ? segEnd - segStart : 0);
  const fieldValue = () => (segStart >= 0 ? field + buf.slice(segStart, segEnd) : field);

  function discover(pos: number): void {
    const c = buf.charCodeAt(pos);
    if (c === CR) rd = buf.charCodeAt(pos + 1) === LF ? Rd.CrLf : Rd.Cr;
    else if (c === LF) rd = Rd.Lf;
  }

  function error(code: string, message: string, rec?: string[]): void {
    recordHasError = true;
    sink.skip({ code, line: lines, message, record: rec, expected, got: rec?.length });
  }

  function endField(): void {
    let v = fieldValue();
    if (!wasQuoting && v !== '') {
      const last = v.charCodeAt(v.length - 1);
      if (last <= 32 || last >= 0xa0) v = v.trimEnd();
    }
    record.push(v);
    field = '';
    segStart = -1;
    wasQuoting = false;
    nonBlankReported = false;
  }

  function endRecord(): void {
    const n = record.length;
    if (records === 0) expected = n;
    const r = record;
    record = [];
    if (n !== expected) error('CSV_RECORD_INCONSISTENT_FIELDS_LENGTH', `Invalid Record Length: expect ${expected}, got ${n} on line ${lines}`, r);
    if (recordHasError) {
      recordHasError = false;
      return;
    }
    records++;
    sink.record(r, lines);
  }

  // Next quote / CR / LF at or after the position they were looked up from (buf.length: none left);
  // -1: not looked up in this buf yet.
  let nextQuote = -1, nextCr = -1, nextLf = -1;
  /** Lines from here up to `refusedBefore` are read by the general loop. */
  let refusedBefore = -1;

  function find(cached: number, ch: string, from: number): number {
    if (cached >= from) return cached;
    const i = buf.indexOf(ch, from);
    return i < 0 ? buf.length : i;
  }

  /**
   * Whole plain lines at a record start: no quote, and no CR or LF but the record delimiter. Such a
   * line is exactly its comma-separated fields, each trimmed (what the loop below does with an
   * unquoted field), so it is split natively. Returns where reading stopped (a line that is not plain
   * or not complete before `limit` is left to the loop).
   */
  function plainLines(pos: number, limit: number): number {
    while (pos < limit) {
      let eol: number, next: number;
      if (rd === Rd.Cr) {
        eol = nextCr = find(nextCr, '\r', pos);
        if (eol >= limit) return pos;
        nextLf = find(nextLf, '\n', pos);
        if (nextLf < eol) { refusedBefore = eol; return pos; }
        next = eol + 1;
      } else {
        const lf = nextLf = find(nextLf, '\n', pos);
        if (lf >= limit) return pos;
        nextCr = find(nextCr, '\r', pos);
        if (rd === Rd.Lf) {
          if (nextCr < lf) { refusedBefore = lf; return pos; }
          eol = lf;
        } else {
          if (nextCr !== lf - 1 || lf === pos) { refusedBefore = lf; return pos; }
          eol = lf - 1;
        }
        next = lf + 1;
      }
      nextQuote = find(nextQuote, '"', pos);
      if (nextQuote < eol) { refusedBefore = eol; return pos; }
      if (sawLineEnd) { lines++; sawLineEnd = false; }
      const fields = buf.slice(pos, eol).split(',');
      for (let i = 0; i < fields.length; i++) {
        const f = fields[i]!;
        if (f === '') continue;
        const a = f.charCodeAt(0), b = f.charCodeAt(f.length - 1);
        if (a <= 32 || b <= 32 || a >= 0xa0 || b >= 0xa0) fields[i] = f.trim();
      }
      sawLineEnd = true;
      pos = next;
      if (fields.length === 1 && fields[0] === '') continue; // an empty (or blank) line
      record = fields;
      endRecord();
    }
    return pos;
  }

  /** Reads buf[0, limit) (a CRLF may end one past it); returns where reading stopped. */
  function run(limit: number): number {
    const len = buf.length;
    nextQuote = nextCr = nextLf = refusedBefore = -1;
    let pos = 0;
    for (; pos < limit; pos++) {
      if (rd !== Rd.Unknown && pos > refusedBefore && record.length === 0 && !quoting && !wasQuoting && segStart < 0 && field === '') {
        pos = plainLines(pos, limit);
        if (pos >= limit) break;
      }
      const c = buf.charCodeAt(pos);
      if (sawLineEnd) { lines++; sawLineEnd = false; }
      if (c === CR || c === LF) {
        if (!quoting && rd === Rd.Unknown) discover(pos);
        sawLineEnd = true;
      }
      if (escaping) {
        escaping = false;
      } else if (c === QUOTE) {
        if (quoting) {
          const n = pos + 1 < len ? buf.charCodeAt(pos + 1) : -1;
          if (n === QUOTE) { escaping = true; continue; }
          if (rd === Rd.Unknown && (n === CR || n === LF)) discover(pos + 1);
          if (n <= 0 || n === COMMA || isBlank(n)) { // (csv-parse: no byte, or a NUL byte, also closes)
            quoting = false;
            wasQuoting = true;
            continue;
          }
          error('CSV_INVALID_CLOSING_QUOTE', `Invalid Closing Quote: got "${String.fromCharCode(n)}" at line ${lines} instead of delimiter, record delimiter, trimable character (if activated) or comment`);
          // the quote is kept in the field and the field stays quoted (as csv-parse did)
        } else if (fieldLength() !== 0) {
          error('INVALID_OPENING_QUOTE', `Invalid Opening Quote: a quote is found on field ${record.length} at line ${lines}, value is ${JSON.stringify(fieldValue())}`);
        } else {
          quoting = true;
          continue;
        }
      } else if (!quoting) {
        if (c === COMMA) { endField(); continue; }
        let rdl = 0;
        if (c === LF) rdl = rd === Rd.Lf ? 1 : 0;
        else if (c === CR) rdl = rd === Rd.Cr ? 1 : rd === Rd.CrLf && buf.charCodeAt(pos + 1) === LF ? 2 : 0;
        if (rdl !== 0) {
          pos += rdl - 1;
          if (!wasQuoting && record.length === 0 && fieldLength() === 0) continue; // an empty line
          endField();
          endRecord();
          continue;
        }
        // fast path: the rest of an unquoted field up to the next comma, quote or line end
        if (!wasQuoting && (segStart >= 0 ? segEnd === pos : field.length === 0) && !isBlank(c)) {
          let e = pos + 1;
          while (e < limit) {
            const d = buf.charCodeAt(e);
            if (d === COMMA || d === QUOTE || d === CR || d === LF) break;
            e++;
          }
          if (segStart < 0) segStart = pos;
          segEnd = e;
          pos = e - 1;
          continue;
        }
      }
      // a character of the field
      if (wasQuoting) {
        // after the closing quote only blanks may follow
        if (!isBlank(c) && !nonBlankReported) {
          nonBlankReported = true;
          error('CSV_NON_TRIMABLE_CHAR_AFTER_CLOSING_QUOTE', `Invalid Closing Quote: found non trimable byte after quote at line ${lines}`);
        }
        continue;
      }
      if (!quoting && fieldLength() === 0 && isBlank(c)) continue; // leading blanks
      if (segStart >= 0 && segEnd !== pos) { field += buf.slice(segStart, segEnd); segStart = -1; }
      if (segStart < 0) segStart = pos;
      segEnd = pos + 1;
    }
    return pos;
  }

  /** Moves the pending slice into `field` before `buf` is replaced. */
  function flush(): void {
    if (segStart >= 0) {
      field += buf.slice(segStart, segEnd);
      segStart = -1;
    }
  }

  return {
    write(chunk) {
      let text = carry === '' ? chunk : carry + chunk;
      if (!started) {
        if (text.length === 0) return;
        started = true;
        if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
      }
      buf = text;
      // Hold back only what needs a look past the end: a quote or CR last, or a quote then CR (a
      // closing quote followed by CRLF); usually nothing, so the next chunk is read without a copy.
      const n = text.length;
      let limit = n;
      const last = n > 0 ? text.charCodeAt(n - 1) : 0;
      if (last === QUOTE || last === CR) limit = n - 1;
      if (last === CR && n > 1 && text.charCodeAt(n - 2) === QUOTE) limit = n - 2;
      const stop = run(limit);
      flush();
      carry = text.slice(stop);
      buf = '';
    },
    end() {
      let text = carry;
      carry = '';
      if (!started) {
        started = true;
        if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
      }
      buf = text;
      run(text.length);
      if (quoting) {
        flush();
        error('CSV_QUOTE_NOT_CLOSED', `Quote Not Closed: the parsing is finished with an opening quote at line ${lines}`);
      } else if (wasQuoting || record.length !== 0 || fieldLength() !== 0) {
        endField();
        endRecord();
      }
      buf = '';
      if (sawLineEnd) { lines++; sawLineEnd = false; }
    },
    lines: () => lines,
  };
}
