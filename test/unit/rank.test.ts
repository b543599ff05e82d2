import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import fc from 'fast-check';
import { parseDecimal, roundHalfEvenText } from '../../src/core/decimal.js';
import { cmpText, competitionRanks, displayRanking, indicatorGroups, numberOrder, rankAmong } from '../../src/core/rank.js';
import { SHARED } from '../helpers/cli.js';

const ties = JSON.parse(readFileSync(join(SHARED, 'acceptance/rank-ties.json'), 'utf8')) as { cases: Array<{ note?: string; scores: Array<number | string>; competition: number[] }> };

/** A score from the vector: a number, or an expression like "0.1+0.2" evaluated in doubles, then rounded half-even to 2 decimals. */
function rounded(s: number | string): bigint {
  const x = typeof s === 'number' ? s : s.split('+').map(Number).reduce((a, b) => a + b, 0);
  return parseDecimal(roundHalfEvenText(String(x), 2)).int;
}

describe('standard competition ranking (scoring.md §5)', () => {
  ties.cases.forEach((c, i) => {
    test(`acceptance/rank-ties.json case ${i + 1}${c.note ? ` (${c.note.slice(0, 60)})` : ''}`, () => {
      expect(competitionRanks(c.scores.map(rounded))).toEqual(c.competition);
    });
  });
  test('display order inside a tie: standard number, then credit code, never input order', () => {
    const rows = [
      { t: 82, no: 'Q/E 5', u: 'B' }, { t: 90, no: 'Q/Z 1', u: 'A' }, { t: 82, no: 'Q/D 4', u: 'B' }, { t: 82, no: 'Q/D 4', u: 'A' },
    ];
    const pos = numberOrder(rows.length, (i) => rows[i]!.no, (i) => rows[i]!.u);
    const order = displayRanking(Float64Array.from(rows, (r) => r.t), pos, [0, 1, 2, 3]).order;
    expect(Array.from(order, (i) => `${rows[i]!.no}|${rows[i]!.u}`)).toEqual(['Q/Z 1|A', 'Q/D 4|A', 'Q/D 4|B', 'Q/E 5|B']);
    // the BigInt path orders the same way
    const big = displayRanking(rows.map((r) => BigInt(r.t)), pos, [0, 1, 2, 3]).order;
    expect(big).toEqual(order);
  });
  test('display order: the counting sort, the packed-key sort and the comparator agree with a plain sort (property)', () => {
    fc.assert(fc.property(fc.array(fc.record({ t: fc.integer({ min: 0, max: 30 }), no: fc.constantFrom('Q/A', 'Q/B', 'Q/C'), u: fc.string({ maxLength: 3 }) }), { minLength: 1, maxLength: 40 }),
      fc.integer({ min: 0, max: 2 ** 20 }), fc.infiniteStream(fc.boolean()), (rows, spread, pick) => {
        const pos = numberOrder(rows.length, (i) => rows[i]!.no, (i) => rows[i]!.u);
        const subset = rows.map((_, i) => i).filter(() => pick.next().value);
        const want = subset.slice().sort((a, b) => rows[b]!.t - rows[a]!.t || pos[a]! - pos[b]!);
        // totals spread out (packed-key sort) or close together (counting sort), and as BigInts (comparator)
        for (const [v, totals] of [rows.map((r) => r.t), rows.map((r) => r.t * spread), rows.map((r) => BigInt(r.t))].entries()) {
          const sorted = subset.slice().sort((a, b) => (totals[b]! > totals[a]! ? 1 : totals[b]! < totals[a]! ? -1 : pos[a]! - pos[b]!));
          // with ranks (from the counting sort's buckets, else counted along the order) and, from the counting sort, the totals in order
          const r = displayRanking(typeof totals[0] === 'bigint' ? (totals as bigint[]) : Float64Array.from(totals as number[]), pos, subset);
          expect(Array.from(r.order)).toEqual(sorted);
          expect(Array.from(r.ranks)).toEqual(competitionRanks(sorted.map((i) => totals[i]!)));
          if (r.sortedTotals) expect(Array.from(r.sortedTotals)).toEqual(sorted.map((i) => totals[i]!));
          // totals 0..30 always take the counting sort, BigInts never
          if (v === 0 && subset.length) expect(r.sortedTotals).toBeDefined();
          if (v === 2) expect(r.sortedTotals).toBeUndefined();
        }
        expect(Array.from(displayRanking(Float64Array.from(rows, (r) => r.t), pos, subset).order)).toEqual(want);
      }), { numRuns: 300 });
  });
  test('rank a hypothetical total would get', () => {
    expect(rankAmong([90, 85, 85, 70], 86)).toBe(2);
    expect(rankAmong([90, 85, 85, 70], 85)).toBe(2);
    expect(rankAmong([90, 85, 85, 70], 84)).toBe(4);
    expect(rankAmong([90, 85, 85, 70], 95)).toBe(1);
  });
  test('single-indicator groups: best level first, by standard number inside; all-equal is non-discriminating', () => {
    const g = indicatorGroups(['base', 'advanced', 'leader'], [
      { standardNo: 'B', uscc: 'x', level: 0, value: '1' }, { standardNo: 'A', uscc: 'x', level: 2, value: '3' }, { standardNo: 'C', uscc: 'x', level: 0, value: '1' },
    ]);
    expect(g).toEqual({ discriminating: true, groups: [{ level: 'leader', standardNos: ['A'] }, { level: 'base', standardNos: ['B', 'C'] }] });
    expect(indicatorGroups(['base'], [{ standardNo: 'A', uscc: 'x', level: 0, value: '1' }, { standardNo: 'B', uscc: 'x', level: 0, value: '1' }]).discriminating).toBe(false);
  });
});

describe('standard-number order (packed prefix keys sorted natively, runs by the full comparison)', () => {
  test('the same order as comparing standard number then credit code, for any texts (prefixes, non-ASCII, equal numbers)', () => {
    const ch = fc.constantFrom('Q', '/', 'A', 'B', ' ', '0', '1', '-', '~', '\u007f', '中', '\u0000', '\uffff', 'é');
    const text = fc.array(ch, { maxLength: 12 }).map((a) => a.join(''));
    fc.assert(fc.property(fc.array(fc.tuple(fc.oneof(text, text.map((t) => `Q/ABC ${t}`)), fc.constantFrom('A', 'B', '中')), { maxLength: 60 }), (rows) => {
      const pos = numberOrder(rows.length, (i) => rows[i]![0], (i) => rows[i]![1]);
      const idx = rows.map((_, i) => i).sort((a, b) => cmpText(rows[a]![0], rows[b]![0]) || cmpText(rows[a]![1], rows[b]![1]) || a - b);
      expect(Array.from(pos)).toEqual(rows.map((_, i) => idx.indexOf(i)));
    }), { numRuns: 500 });
  });
});
