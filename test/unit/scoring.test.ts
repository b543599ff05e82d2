import { describe, expect, test } from 'vitest';
import { frac, fracAdd, fracToFixed } from '../../src/core/decimal.js';
import type { Scheme } from '../../src/core/scheme.js';
import { cohortBounds, exactScore, exactTotal, finalisePlan, levelPoints, planIndicators, readCell } from '../../src/core/scoring.js';
import { fixtureScheme } from '../helpers/rank-data.js';

function plan(id: string, patch: Record<string, unknown> = {}, scheme: Scheme = fixtureScheme()) {
  const s = { ...scheme, indicators: scheme.indicators.map((i) => (i.id === id ? { ...i, ...patch } : i)) } as Scheme;
  const p = planIndicators(s).find((x) => x.id === id)!;
  return { p, lp: levelPoints(s) };
}
function score(id: string, value: string, patch: Record<string, unknown> = {}, cohortValues?: string[]) {
  const { p, lp } = plan(id, patch);
  const c = readCell(p, value)!;
  const others = (cohortValues ?? []).map((v) => readCell(p, v)!);
  finalisePlan(p);
  const cb = cohortValues ? cohortBounds(p, [c, ...others].map((x) => x.v)) : undefined;
  if (c.level < 0 && p.method !== 'cohort') return { score: frac(-1n), way: { kind: 'none' }, level: c.level, text: c.text };
  return { ...exactScore(p, lp, c, cb), level: c.level, text: c.text };
}

describe('indicator scores (scoring.md §4)', () => {
  test('levels: the points of the level reached; boundaries inclusive (lower is better)', () => {
    expect(fracToFixed(score('noise', '40').score, 2)).toBe('80.00');
    expect(fracToFixed(score('noise', '40.4').score, 2)).toBe('80.00'); // rounds to 40
    expect(fracToFixed(score('noise', '40.5').score, 2)).toBe('80.00'); // half-even: 40
    expect(fracToFixed(score('noise', '41.5').score, 2)).toBe('60.00'); // half-even: 42
    expect(score('noise', '46').level).toBe(-1);
  });
  test('anchored: linear between levels, capped at the top, in both directions', () => {
    expect(fracToFixed(score('efficiency', '82.5').score, 4)).toBe('70.0000');
    expect(score('efficiency', '82.5').way).toEqual({ kind: 'interpolated', from: 0, to: 1 });
    expect(fracToFixed(score('efficiency', '99').score, 4)).toBe('100.0000');
    expect(score('efficiency', '99').way.kind).toBe('top');
    // lower-is-better anchored: noise 37 between advanced 40 (80) and leader 35 (100) -> 80 + 20*3/5 = 92
    expect(fracToFixed(score('noise', '37', { scoring: 'anchored' }).score, 4)).toBe('92.0000');
  });
  test('anchored scores are exact fractions (1/3 stays 1/3)', () => {
    // thresholds 80 / 83 / 90 at 0 decimals: 81 -> 60 + 20 * 1/3
    const s = score('efficiency', '81', { thresholds: { base: 80, advanced: 83, leader: 90 }, decimals: 0 });
    expect(s.score).toEqual(frac(200n, 3n));
  });
  test('cohort: P0 + (Pk-1 - P0) (v - w) / (b - w); everyone gets the top points when b = w', () => {
    expect(fracToFixed(score('life', '1250', {}, ['1000', '2000']).score, 2)).toBe('70.00');
    expect(fracToFixed(score('life', '1500', {}, ['1500']).score, 2)).toBe('100.00');
    // lower-is-better cohort
    expect(fracToFixed(score('noise', '40', { scoring: 'cohort' }, ['35', '45']).score, 2)).toBe('80.00');
  });
  test('grade: levels on the grade ordinals, whatever the declared scoring', () => {
    expect(fracToFixed(score('grade', 'B').score, 2)).toBe('80.00');
    expect(fracToFixed(score('grade', 'B', { scoring: 'anchored' }).score, 2)).toBe('80.00');
    expect(score('grade', 'D').level).toBe(-1);
    expect(score('grade', 'ｂ').text).toBe('B');
  });
  test('contributions sum exactly to the unrounded total', () => {
    const w = [{ int: 1n, scale: 0 }, { int: 1n, scale: 0 }, { int: 1n, scale: 0 }];
    const { total, contributions } = exactTotal(w, [frac(200n, 3n), frac(80n), frac(100n)]);
    expect(contributions.reduce((a, c) => fracAdd(a, c))).toEqual(total);
    expect(total).toEqual(frac(740n, 9n));
  });
});
