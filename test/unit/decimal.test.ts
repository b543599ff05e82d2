import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import {
  compareDec, divDec, divRoundHalfEvenNumber, frac, fracAdd, fracToDecimalText, fracToFixed, mulDec, parseDecimal, formatDec,
  roundHalfEvenText, scaledInt, addDec, divRoundHalfEven,
} from '../../src/core/decimal.js';
import { SHARED } from '../helpers/cli.js';

const vectors = JSON.parse(readFileSync(join(SHARED, 'acceptance/round-half-even.json'), 'utf8')) as { decimals: number; cases: Array<[string, string]> };

describe('round-half-even (GB/T 8170 四舍六入五成双)', () => {
  for (const [input, expected] of vectors.cases) {
    test(`acceptance/round-half-even.json (GB/T 8170, scoring.md §2): ${input} -> ${expected}`, () => {
      expect(roundHalfEvenText(input, vectors.decimals)).toBe(expected);
    });
  }
  test('the vectors include cases Number.prototype.toFixed gets wrong', () => {
    const wrong = vectors.cases.filter(([i, e]) => Number(i).toFixed(2) !== e);
    expect(wrong.length).toBeGreaterThan(0);
  });
  test('rounding to more decimals pads; to 0 decimals rounds to even', () => {
    expect(roundHalfEvenText('1.5', 3)).toBe('1.500');
    expect(roundHalfEvenText('2.5', 0)).toBe('2');
    expect(roundHalfEvenText('3.5', 0)).toBe('4');
    expect(roundHalfEvenText('-2.5', 0)).toBe('-2');
    expect(roundHalfEvenText('0.0049', 2)).toBe('0.00');
  });
});

describe('exact decimal arithmetic', () => {
  test('parses and formats exactly, including exponents', () => {
    expect(formatDec(parseDecimal('0012.340'))).toBe('12.340');
    expect(formatDec(parseDecimal('.5'))).toBe('0.5');
    expect(formatDec(parseDecimal('-0.05'))).toBe('-0.05');
    expect(formatDec(parseDecimal('1e-3'))).toBe('0.001');
    expect(formatDec(parseDecimal('1.5E2'))).toBe('150');
    expect(() => parseDecimal('abc')).toThrow();
    expect(() => parseDecimal('.')).toThrow();
  });
  test('0.1 + 0.2 is exactly 0.3', () => {
    expect(compareDec(addDec(parseDecimal('0.1'), parseDecimal('0.2')), parseDecimal('0.3'))).toBe(0);
  });
  test('multiply and divide to a scale with half-even', () => {
    expect(formatDec(mulDec(parseDecimal('1.25'), parseDecimal('0.4')))).toBe('0.500');
    expect(formatDec(divDec(parseDecimal('1'), parseDecimal('3'), 4))).toBe('0.3333');
    expect(formatDec(divDec(parseDecimal('1'), parseDecimal('8'), 2))).toBe('0.12');
    expect(formatDec(divDec(parseDecimal('3'), parseDecimal('8'), 2))).toBe('0.38');
  });
  test('fractions: exact sums and decimal texts', () => {
    const third = frac(1n, 3n);
    expect(fracAdd(fracAdd(third, third), third)).toEqual({ num: 1n, den: 1n });
    expect(fracToFixed(frac(2n, 3n), 4)).toBe('0.6667');
    expect(fracToDecimalText(frac(1n, 8n))).toBe('0.125');
    expect(fracToDecimalText(frac(1n, 3n))).toBe('0.333333…');
  });
  test('property: the Number fast path agrees with BigInt half-even division', () => {
    fc.assert(fc.property(fc.integer({ min: -1e12, max: 1e12 }), fc.integer({ min: 1, max: 1e6 }), (x, d) => {
      expect(divRoundHalfEvenNumber(x, d)).toBe(Number(divRoundHalfEven(BigInt(x), BigInt(d))));
    }));
  });
  test('property: scaledInt rounds half-even on the decimal text', () => {
    fc.assert(fc.property(fc.integer({ min: -1e9, max: 1e9 }), fc.integer({ min: 0, max: 5 }), fc.integer({ min: 0, max: 4 }), (n, s, d) => {
      const text = formatDec({ int: BigInt(n), scale: s });
      const dd = Math.min(d, s);
      const expected = Number(parseDecimal(roundHalfEvenText(text, dd)).int) * 10 ** (s - dd);
      expect(scaledInt(text, dd, s)).toBe(expected);
    }));
  });
});
