import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { competitionRanks } from '../../src/core/rank.js';
import { roundCloseness, spearmanRho, topsisCloseness } from '../../src/core/topsis.js';
import { SHARED } from '../helpers/cli.js';

const v = JSON.parse(readFileSync(join(SHARED, 'acceptance/topsis-tzeng-huang-2011.json'), 'utf8'));

describe('TOPSIS', () => {
  const names = Object.keys(v.alternatives);
  const matrix = names.map((n) => v.alternatives[n]);
  const criteria = v.criteria.map((c: any) => ({ type: c.type, weight: c.weight }));

  test('acceptance/topsis-tzeng-huang-2011.json (Tzeng & Huang 2011, vector normalisation): closeness within tolerance', () => {
    const c = topsisCloseness(matrix, criteria, 'vector');
    names.forEach((n, i) => expect(Math.abs(c[i]! - v.expected.closeness[n])).toBeLessThanOrEqual(v.expected.tolerance));
  });
  test('acceptance/topsis-tzeng-huang-2011.json (Tzeng & Huang 2011): ranks by closeness rounded half-even to 4 decimals', () => {
    const c = topsisCloseness(matrix, criteria, 'vector').map((x) => Number(roundCloseness(x, 4)));
    const ranks = competitionRanks(c);
    names.forEach((n, i) => expect(ranks[i]).toBe(v.expected.rank[n]));
  });
  test('weights are normalised: scaling them changes nothing', () => {
    const a = topsisCloseness(matrix, criteria, 'vector');
    const b = topsisCloseness(matrix, criteria.map((c: any) => ({ ...c, weight: c.weight * 40 })), 'vector');
    a.forEach((x, i) => expect(b[i]).toBeCloseTo(x, 12));
  });
  test('min-max normalisation: best on every criterion gets 1, worst on every criterion 0; lower is better respected', () => {
    const c = topsisCloseness([[10, 1], [5, 5], [0, 9]], [{ type: 'higher', weight: 1 }, { type: 'lower', weight: 1 }], 'minmax');
    expect(c[0]).toBe(1);
    expect(c[2]).toBe(0);
    expect(c[1]).toBeCloseTo(0.5, 12);
  });
  test('constant columns: every alternative gets C = 1', () => {
    expect(topsisCloseness([[3, 3], [3, 3]], [{ type: 'higher', weight: 1 }, { type: 'lower', weight: 1 }], 'vector')).toEqual([1, 1]);
  });
  test("Spearman's rho: 1 for the same order, -1 for the reverse, average ranks for ties", () => {
    expect(spearmanRho([4, 3, 2, 1], [40, 30, 20, 10])).toBeCloseTo(1, 12);
    expect(spearmanRho([4, 3, 2, 1], [1, 2, 3, 4])).toBeCloseTo(-1, 12);
    // textbook: x ranks 1..5, y ranks 2,1,4,3,5 -> rho = 1 - 6*4/(5*24) = 0.8
    expect(spearmanRho([5, 4, 3, 2, 1], [4, 5, 2, 3, 1])).toBeCloseTo(0.8, 12);
  });
});
