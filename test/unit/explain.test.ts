import { describe, expect, test } from 'vitest';
import { explain } from '../../src/core/explain.js';
import { computeRun } from '../../src/core/run.js';
import { BANNED_USCC, FIXTURE_AS_OF, fixtureBans, fixtureRecords, fixtureScheme } from '../helpers/rank-data.js';

const scheme = fixtureScheme();
const records = fixtureRecords();
const result = computeRun({ scheme, records, bans: fixtureBans, asOf: FIXTURE_AS_OF });
const ex = (no: string) => explain({ scheme, result, asOf: FIXTURE_AS_OF, target: records.find((r) => r.standardNo === no)!, bans: fixtureBans });

describe('leader explain (core)', () => {
  test('per indicator: raw and rounded value, level, interpolation, exact score, weight, contribution; contributions sum exactly to the total', () => {
    const e = ex('Q/B 002-2026');
    expect(e.eligible).toBe(true);
    const eff = e.indicators!.find((i) => i.id === 'efficiency')!;
    expect(eff).toMatchObject({
      raw: '87.45', rounded: '87.4', level: { id: 'advanced', name: '先进水平' }, way: 'interpolated',
      interpolation: { from: { level: 'advanced', threshold: '85.0', points: '80' }, to: { level: 'leader', threshold: '90.0', points: '100' } },
      score: { exact: '448/5', decimal: '89.6' }, weight: '40', weightShare: '0.4', contribution: { decimal: '35.84' },
    });
    expect(e.indicators!.find((i) => i.id === 'life')!.interpolation).toEqual({ cohort: { best: '2000', worst: '1000', lowPoints: '60', highPoints: '100' } });
    expect(e.total).toEqual({ exact: '2096/25', decimal: '83.84', rounded: '83.84', contributionsSum: '2096/25' });
    expect(e.consistent).toBe(true);
  });
  test('rank, ties, neighbours and the approximate shortlist cut (cap = min(3, floor(0.5 * 6)) = 3)', () => {
    const d = ex('Q/D 004-2026');
    expect(d.rank).toBe(4);
    expect(d.tiedWith).toEqual([{ standardNo: 'Q/E 005-2026', uscc: '91110000000000005E' }]);
    expect(d.above).toMatchObject({ standardNo: 'Q/C 003-2026', total: '83.00', distance: '1.00' });
    expect(d.below).toMatchObject({ standardNo: 'Q/F 006-2026', total: '60.00', distance: '-22.00' });
    expect(d.shortlistCut).toEqual({ cap: 3, rank: 3, total: '83.00', distance: '-1.00', approximate: true });
  });
  test('the smallest single-indicator improvement that raises the rank', () => {
    const d = ex('Q/D 004-2026');
    // efficiency 82.5 -> 60 + 20*(v - 80)/5; the total gains 0.4 * 4 * dv = 1.6 dv; need >= 83.00 (C above): dv >= 0.625 -> 83.2 (83.1 gives 82.96)
    const eff = d.improvements!.find((i) => i.indicator === 'efficiency')!;
    expect(eff).toMatchObject({ from: '82.5', to: '83.2', newTotal: '83.12', newRank: 3 });
    // noise and grade are already at the top level: no improvement there
    expect(d.improvements!.map((i) => i.indicator).sort()).toEqual(['efficiency', 'life']);
    const life = d.improvements!.find((i) => i.indicator === 'life')!;
    // life 1500 -> cohort 60 + 40 (v - 1000)/1000: the total gains 0.012 dv; 1583 gives 82.996 -> 83.00 (rounded), tying C at rank 3
    expect(life).toMatchObject({ from: '1500', to: '1583', newTotal: '83.00', newRank: 3 });
    expect(d.smallestImprovement).not.toBeNull();
    expect(ex('Q/A 001-2026').improvements).toEqual([]);
  });
  test('rank range under ±10% / ±20% weight moves, renormalised', () => {
    const d = ex('Q/D 004-2026');
    expect(d.sensitivity!.moves).toHaveLength(16);
    // efficiency weight -20%: 32*70 + 20*100 + 10*100 + 30*80 = 7640 / 92 = 83.04 > C (32*80+1600+800+2700 = 7660/92 = 83.26)? -> still 4th
    expect(d.sensitivity!.moves.find((m) => m.indicator === 'efficiency' && m.delta === '-20%')!.rank).toBe(4);
    // noise weight +20%: D (2800 + 24*100 + 1000 + 2400)/104 = 82.69 < C (3200 + 24*80 + 800 + 2700)/104 = 82.88 -> still 4th
    expect(d.sensitivity!.moves.find((m) => m.indicator === 'noise' && m.delta === '+20%')!.rank).toBe(4);
    // E with efficiency weight +20% (48): A 100, B 9100.8/108 = 84.27, E 9000/108 = 83.33, C 8940/108 = 82.78 -> 3rd
    const e = ex('Q/E 005-2026');
    expect(e.sensitivity!.moves.find((m) => m.indicator === 'efficiency' && m.delta === '+20%')!.rank).toBe(3);
    expect(e.sensitivity!.range20.min).toBe(3);
    expect(e.sensitivity!.range10.min).toBeLessThanOrEqual(e.sensitivity!.range10.max);
    expect(e.sensitivity!.range20.max).toBeGreaterThanOrEqual(4);
  });
  test('an excluded standard: every gate, and the ban with its revocation id and dates', () => {
    const x = ex('Q/X 103-2026');
    expect(x.eligible).toBe(false);
    expect(x.reasons).toEqual(['ENTERPRISE_BANNED']);
    const ban = x.gates.find((g) => g.gate === 'ban')!;
    expect(ban.passed).toBe(false);
    expect(ban.bans).toEqual([{ revocationId: 7, uscc: BANNED_USCC, reason: 'fraud', date: '2024-03-01', banUntil: '2027-03-01' }]);
    const y = ex('Q/X 106-2026');
    expect(y.gates.filter((g) => !g.passed).map((g) => g.reason)).toEqual(['BELOW_BASE:efficiency', 'BELOW_BASE:noise', 'BELOW_BASE:grade', 'BELOW_BASE:life']);
  });
});

describe('explain properties (fast-check)', () => {
  test('for every ranked standard: consistent with the run, contributions sum to the total, improvements really raise the rank', async () => {
    const fc = (await import('fast-check')).default;
    const { ok: okValues, rec: mk } = await import('../helpers/rank-data.js');
    const arb = fc.array(fc.record({
      efficiency: fc.integer({ min: 800, max: 960 }).map((n) => (n / 10).toFixed(1)),
      noise: fc.integer({ min: 30, max: 45 }).map(String),
      grade: fc.constantFrom('A', 'B', 'C'),
      life: fc.integer({ min: 1000, max: 2500 }).map(String),
    }), { minLength: 2, maxLength: 12 });
    fc.assert(fc.property(arb, (vs) => {
      const recs = vs.map((v, i) => mk({ standardNo: `Q/P ${i}`, values: { ...okValues, ...v } }));
      const res = computeRun({ scheme, records: recs, bans: new Map(), asOf: FIXTURE_AS_OF });
      for (const r of recs) {
        const e = explain({ scheme, result: res, asOf: FIXTURE_AS_OF, target: r, bans: new Map() });
        expect(e.consistent).toBe(true);
        expect(e.total!.contributionsSum).toBe(e.total!.exact);
        for (const m of e.improvements!) {
          const improved = recs.map((x) => (x === r ? { ...x, values: { ...x.values, [m.indicator]: m.to } } : x));
          const again = computeRun({ scheme, records: improved, bans: new Map(), asOf: FIXTURE_AS_OF });
          const now = again.entries.find((x) => x.standardNo === r.standardNo)!;
          expect(now.rank).toBe(m.newRank);
          expect(now.rank).toBeLessThan(e.rank!);
          expect(now.total).toBe(m.newTotal);
        }
      }
    }), { numRuns: 40 });
  });
});
