import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createCsvReader } from '../../src/io/csv-read.js';

/** Records and skips as [kind, line, fields | code], text fed in `chunk`-character pieces. */
function read(text: string, chunk = 1 << 20, messages = false): unknown[] {
  const out: unknown[] = [];
  const r = createCsvReader({ record: (f, l) => out.push(['R', l, f]), skip: (p) => out.push(['S', p.line, p.code, p.record ?? null, ...(messages ? [p.message] : [])]) });
  for (let i = 0; i < text.length; i += chunk) r.write(text.slice(i, i + chunk));
  r.end();
  return out;
}

// Expected outcomes recorded from csv-parse 6 with the options the import used (bom, skip_empty_lines,
// trim, skip_records_with_error): the hand-written tokenizer must keep every line number and code.
const CASES: Array<[string, unknown[]]> = [
  ['a,b\r\nc,d\r\n', [['R', 1, ['a', 'b']], ['R', 2, ['c', 'd']]]],
  ['a,b\nc,d', [['R', 1, ['a', 'b']], ['R', 2, ['c', 'd']]]],
  ['a,b\r\n"x\r\ny",d\r\ne,f', [['R', 1, ['a', 'b']], ['R', 4, ['x\r\ny', 'd']], ['R', 5, ['e', 'f']]]],
  ['a,b\n"x\ny",d\ne,f', [['R', 1, ['a', 'b']], ['R', 3, ['x\ny', 'd']], ['R', 4, ['e', 'f']]]],
  ['a,b\nc,"d"e\nf,g\nh,i', [['R', 1, ['a', 'b']], ['S', 2, 'CSV_INVALID_CLOSING_QUOTE', null], ['S', 4, 'CSV_QUOTE_NOT_CLOSED', null]]],
  ['a,b\nc"d,e\nf,g', [['R', 1, ['a', 'b']], ['S', 2, 'INVALID_OPENING_QUOTE', null], ['R', 3, ['f', 'g']]]],
  ['a,b\n"c" ,d\n', [['R', 1, ['a', 'b']], ['R', 2, ['c', 'd']]]],
  ['a,b\n"open,d\nf,g\n', [['R', 1, ['a', 'b']], ['S', 3, 'CSV_QUOTE_NOT_CLOSED', null]]],
  ['a,b\nc,d,e\nf,g', [['R', 1, ['a', 'b']], ['S', 2, 'CSV_RECORD_INCONSISTENT_FIELDS_LENGTH', ['c', 'd', 'e']], ['R', 3, ['f', 'g']]]],
  ['a,b\n\n\nc,d\n\n', [['R', 1, ['a', 'b']], ['R', 4, ['c', 'd']]]],
  ['a,b\r\nc,d\ne,f\r\ng,h', [['R', 1, ['a', 'b']], ['S', 3, 'CSV_RECORD_INCONSISTENT_FIELDS_LENGTH', ['c', 'd\ne', 'f']], ['R', 4, ['g', 'h']]]],
  [' a , b \n "c" , d\n', [['R', 1, ['a', 'b']], ['R', 2, ['c', 'd']]]],
  ['a,b\rc,d\r', [['R', 1, ['a', 'b']], ['R', 2, ['c', 'd']]]],
  ['a,b\n,\n', [['R', 1, ['a', 'b']], ['R', 2, ['', '']]]],
  ['""\n', [['R', 1, ['']]]],
  ['\ufeffh1,h2\r\n1\r\n""', [['R', 1, ['h1', 'h2']], ['S', 2, 'CSV_RECORD_INCONSISTENT_FIELDS_LENGTH', ['1']], ['S', 3, 'CSV_RECORD_INCONSISTENT_FIELDS_LENGTH', ['']]]],
  ['h1,h2\r\n \t级\n\r\n\u0000b', [['R', 1, ['h1', 'h2']], ['S', 3, 'CSV_RECORD_INCONSISTENT_FIELDS_LENGTH', ['级']], ['S', 4, 'CSV_RECORD_INCONSISTENT_FIELDS_LENGTH', ['\u0000b']]]],
  ['a,"x ""y"" z"\n', [['R', 1, ['a', 'x "y" z']]]],
  ['a,b \u3000\n', [['R', 1, ['a', 'b']]]],
];

describe('CSV tokenizer (csv-parse compatible lines and codes)', () => {
  it.each(CASES)('%j', (text, expected) => {
    expect(read(text)).toEqual(expected);
    // the same outcome whatever the chunking (a CRLF or a "" split between chunks)
    for (const chunk of [1, 2, 3, 5]) expect(read(text, chunk)).toEqual(expected);
  });
  it('a character after a closing quote rejects the record once and reading goes on (csv-parse dropped the rest of its buffer)', () => {
    expect(read('a,b\n"c" x,d\nf,g\n')).toEqual([['R', 1, ['a', 'b']], ['S', 2, 'CSV_NON_TRIMABLE_CHAR_AFTER_CLOSING_QUOTE', null], ['R', 3, ['f', 'g']]]);
  });
});

describe('CSV tokenizer: plain lines split natively', () => {
  // A line is split natively only when it is complete inside the chunk read, so one-character chunks
  // always take the character loop: both paths must give the same records, lines, codes and messages.
  it('the native split of plain lines gives what the character loop gives', () => {
    const piece = fc.constantFrom('a', 'b', ',', '"', '\r', '\n', '\r\n', ' ', '\u3000', '\t', '级', 'x,y', '\n\n', '\u00a0', '\u0000');
    fc.assert(fc.property(fc.array(piece, { maxLength: 60 }), (parts) => {
      const text = parts.join('');
      expect(read(text, 1 << 20, true)).toEqual(read(text, 1, true));
    }), { numRuns: 5000 });
  });
});
