import { describe, expect, it } from 'vitest';
import { parse } from 'csv-parse/sync';
import { csvCell, toCsv } from '../../src/io/csv-write.js';

describe('CSV writer (UTF-8 BOM, CRLF, quoting, neutralised text)', () => {
  it('starts with a BOM and ends every line with CRLF', () => {
    const s = toCsv({ header: ['排名', '企业名称'], rows: [[1, '甲公司'], [2, '乙公司']] });
    expect(s.startsWith('\uFEFF排名,企业名称\r\n')).toBe(true);
    expect(s).toBe('\uFEFF排名,企业名称\r\n1,甲公司\r\n2,乙公司\r\n');
  });

  it('quotes commas, quotes, line breaks and edge spaces', () => {
    expect(csvCell('a,b')).toBe('"a,b"');
    expect(csvCell('say "hi"')).toBe('"say ""hi"""');
    expect(csvCell('two\nlines')).toBe('"two\nlines"');
    expect(csvCell(' padded')).toBe('" padded"');
    expect(csvCell(null)).toBe('');
  });

  it('neutralises formula-like text but keeps numbers as numbers', () => {
    expect(csvCell('=1+2')).toBe("'=1+2");
    expect(csvCell('-5')).toBe("'-5");
    expect(csvCell('@cmd')).toBe("'@cmd");
    expect(csvCell('\tx')).toBe("'\tx");
    expect(csvCell('+86,1')).toBe(`"'+86,1"`);
    expect(csvCell({ num: '-0.50' })).toBe('-0.50');
    expect(csvCell(-3)).toBe('-3');
  });

  it('refuses a number cell that is not a decimal (a bug upstream, never silently text)', () => {
    expect(() => csvCell({ num: '=1' })).toThrow();
  });

  it('round-trips through a CSV parser', () => {
    const s = toCsv({ header: ['a', 'b'], rows: [['=HYPERLINK("x")', { num: '84.50' }], ['多行\r\n文本', null]] });
    const rows = parse(s, { bom: true }) as string[][];
    expect(rows).toEqual([['a', 'b'], ['\'=HYPERLINK("x")', '84.50'], ['多行\r\n文本', '']]);
  });
});

describe('Utf8Sink (large files built in chunks)', () => {
  it('gives exactly the UTF-8 of the concatenated text across many chunks (CJK, emoji, ASCII)', async () => {
    const { Utf8Sink, csvBytes } = await import('../../src/io/csv-write.js');
    const sink = new Utf8Sink();
    const pieces: string[] = [];
    for (let i = 0; i < 60000; i++) pieces.push(i % 3 === 0 ? `海尔智家${i},` : i % 3 === 1 ? `😀${i}\r\n` : 'x'.repeat(i % 50));
    for (const p of pieces) sink.write(p);
    expect(Buffer.from(sink.bytes()).equals(Buffer.from(pieces.join(''), 'utf8'))).toBe(true);
    const t = { header: ['标准编号', 'n'], rows: Array.from({ length: 20000 }, (_, i) => [`Q/甲${i}`, i]) };
    expect(Buffer.from(csvBytes(t)).equals(Buffer.from(toCsv(t), 'utf8'))).toBe(true);
    expect(Buffer.from(csvBytes(t)).subarray(0, 3).toString('hex')).toBe('efbbbf');
  });
});

describe('toCsv with repeated and ragged rows', () => {
  it('writes every cell as csvCell does, whatever repeats from the row above', () => {
    const shared = { num: '1.50' };
    const rows = [['a', shared, null], ['a', shared, null, 'x'], ['=b', undefined], [undefined, shared, 'c,d', 'x'], ['a', { num: '1.50' }, null, 'x', ' e']];
    const expected = '\uFEFFh1,h2\r\n' + rows.map((r) => r.map(csvCell).join(',')).join('\r\n') + '\r\n';
    expect(toCsv({ header: ['h1', 'h2'], rows })).toBe(expected);
  });
});
