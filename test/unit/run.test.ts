import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { columnsFromRecords, computeRun, rescoreWithValue, runColumns, scoreColumns, scoreRecords, valueIds } from '../../src/core/run.js';
import type { Scheme } from '../../src/core/scheme.js';
import type { StandardRecord } from '../../src/core/types.js';
import { gateReasons, planBaselines } from '../../src/core/eligibility.js';
import { finalisePlan, planIndicators, readCell } from '../../src/core/scoring.js';
import { BANNED_USCC, FIXTURE_AS_OF, fixtureBans, fixtureRecords, fixtureScheme, ok, rec } from '../helpers/rank-data.js';

const noBans = new Map();

describe('the fixture scheme (fixtures/rank/scheme.json), ranking written by hand', () => {
  const result = computeRun({ scheme: fixtureScheme(), records: fixtureRecords(), bans: fixtureBans, asOf: FIXTURE_AS_OF });

  test('ranks, totals and display order: a tie at 82.00 shares rank 4, listed by standard number; 1224 ranking', () => {
    // A: 40*100 + 20*100 + 10*100 + 30*100 = 100.00
    // B: efficiency 87.45 -> 87.4 (half-even, 1 decimal) -> 80 + 20*2.4/5 = 89.6; 40*89.6 + 20*80 + 10*80 + 30*80 (cohort 1500 in [1000, 2000]) = 83.84
    // C: 85.0 -> 80; 40 -> 80; B -> 80; cohort 1750 -> 90: 83.00
    // D: 82.5 -> 70; 35 -> 100; A -> 100; 1500 -> 80: 82.00   E: 90 -> 100; 45 -> 60; C -> 60; 1500 -> 80: 82.00
    // F: all at base (cohort worst 1000 -> 60): 60.00
    expect(result.entries.map((e) => [e.rank, e.total, e.standardNo])).toEqual([
      [1, '100.00', 'Q/A 001-2026'],
      [2, '83.84', 'Q/B 002-2026'],
      [3, '83.00', 'Q/C 003-2026'],
      [4, '82.00', 'Q/D 004-2026'],
      [4, '82.00', 'Q/E 005-2026'],
      [6, '60.00', 'Q/F 006-2026'],
    ]);
  });
  test('every exclusion reason, all reasons collected in the contract order', () => {
    expect(result.excluded.map((e) => [e.standardNo, e.reasons])).toEqual([
      ['Q/X 101-2026', ['ABOLISHED']],
      ['Q/X 102-2026', ['AFTER_CUTOFF']],
      ['Q/X 103-2026', ['ENTERPRISE_BANNED']],
      ['Q/X 104-2026', ['BASELINE_FAILED:safety', 'BASELINE_MISSING:lead']],
      ['Q/X 105-2026', ['CORE_MISSING:efficiency']],
      ['Q/X 106-2026', ['BELOW_BASE:efficiency', 'BELOW_BASE:noise', 'BELOW_BASE:grade', 'BELOW_BASE:life']],
      ['Q/X 107-2026', ['ABOLISHED', 'AFTER_CUTOFF', 'BASELINE_FAILED:lead']],
    ]);
  });
  test('baseline 0.105 rounds half-even to 0.10 and passes the 0.1 limit (half-up would fail it)', () => {
    expect(result.entries[0]!.standardNo).toBe('Q/A 001-2026');
  });
  test('grade indicator on ordinals (full-width Ａ read as A), levels and scores per entry', () => {
    const a = result.entries[0]!;
    expect(a.values).toEqual({ efficiency: '92.0', noise: '34', grade: 'A', life: '2000' });
    expect(a.levels).toEqual({ efficiency: 'leader', noise: 'leader', grade: 'leader', life: 'leader' });
    const d = result.entries[3]!;
    expect(d.scores).toEqual({ efficiency: '70.0000', noise: '100.0000', grade: '100.0000', life: '80.0000' });
  });
  test('cohort indicator: best and worst among eligible only (excluded 3000 and 900 do not count); the run is flagged', () => {
    expect(result.cohortDependent).toBe(true);
    const life = result.indicators.find((i) => i.id === 'life')!;
    expect(life.cohortDependent).toBe(true);
    expect(result.entries.find((e) => e.standardNo === 'Q/C 003-2026')!.scores.life).toBe('90.0000');
    expect(result.indicators.filter((i) => i.cohortDependent).map((i) => i.id)).toEqual(['life']);
  });
  test('single-indicator rankings by level, unordered inside a level (listed by standard number)', () => {
    const noise = result.indicators.find((i) => i.id === 'noise')!;
    expect(noise.discriminating).toBe(true);
    expect(noise.groups).toEqual([
      { level: 'leader', standardNos: ['Q/A 001-2026', 'Q/D 004-2026'] },
      { level: 'advanced', standardNos: ['Q/B 002-2026', 'Q/C 003-2026'] },
      { level: 'base', standardNos: ['Q/E 005-2026', 'Q/F 006-2026'] },
    ]);
  });
});

describe('contract details', () => {
  const base = fixtureScheme();
  const withScoring = (patch: Partial<Scheme['scoring']>, ind?: (i: any) => any): Scheme => ({
    ...base, scoring: { ...base.scoring, ...patch }, indicators: base.indicators.map((i) => (ind ? ind(i) : i)),
  });
  const full = (no: string, v: Record<string, string>) => rec({ standardNo: no, values: { ...ok, efficiency: '90', noise: '35', grade: 'A', life: '2000', ...v } });

  test('missingCore zero: the indicator scores 0, is flagged, and the standard stays ranked', () => {
    const s = withScoring({ missingCore: 'zero' });
    const r = computeRun({ scheme: s, records: [full('Q/1', {}), full('Q/2', { efficiency: '' })], bans: noBans, asOf: FIXTURE_AS_OF });
    expect(r.excluded).toEqual([]);
    const e2 = r.entries.find((e) => e.standardNo === 'Q/2')!;
    expect(e2.total).toBe('60.00');
    expect(e2.zeroScored).toEqual(['efficiency']);
    expect(e2.levels.efficiency).toBeNull();
    expect(e2.scores.efficiency).toBe('0.0000');
  });
  test('a non-terminating total is rounded half-even from the exact value, never from a float', () => {
    // efficiency 80.1 -> 60 + 20*0.1/5 = 60.4; thresholds chosen so that weights 1/3 make a repeating total
    const s = withScoring({ decimals: 2 }, (i) => (i.role === 'core' ? { ...i, weight: 1 } : i));
    const r = computeRun({ scheme: s, records: [full('Q/1', { efficiency: '80.1', noise: '45', grade: 'C', life: '2000' })], bans: noBans, asOf: FIXTURE_AS_OF });
    // (60.4 + 60 + 60 + 100) / 4 = 70.1 (cohort of one: best = worst -> top points)
    expect(r.entries[0]!.total).toBe('70.10');
    const s3 = withScoring({ decimals: 2 }, (i) => (i.id === 'efficiency' ? { ...i, weight: 1 } : i.id === 'grade' ? { ...i, weight: 2 } : i.role === 'core' ? { ...i, weight: 3 } : i));
    const r3 = computeRun({ scheme: s3, records: [full('Q/1', { efficiency: '80.1', noise: '45', grade: 'C', life: '2000' })], bans: noBans, asOf: FIXTURE_AS_OF });
    // (60.4 + 3*60 + 2*60 + 3*100) / 9 = 660.4 / 9 = 73.3777… -> 73.38
    expect(r3.entries[0]!.total).toBe('73.38');
  });
  test('a non-discriminating indicator is marked with the common value', () => {
    const r = computeRun({ scheme: base, records: [full('Q/1', { noise: '38' }), full('Q/2', { efficiency: '85', noise: '38' })], bans: noBans, asOf: FIXTURE_AS_OF });
    const noise = r.indicators.find((i) => i.id === 'noise')!;
    expect(noise.discriminating).toBe(false);
    expect(noise.commonValue).toBe('38');
    expect(r.indicators.find((i) => i.id === 'efficiency')!.discriminating).toBe(true);
  });
  test('TOPSIS as the method: totals are closeness at 4 decimals, the run is cohort-dependent', () => {
    const s = withScoring({ method: 'topsis', normalization: 'minmax', decimals: undefined });
    const r = computeRun({ scheme: s, records: [full('Q/1', {}), full('Q/2', { efficiency: '80', noise: '45', grade: 'C', life: '1000' })], bans: noBans, asOf: FIXTURE_AS_OF });
    expect(r.entries.map((e) => [e.standardNo, e.total, e.rank])).toEqual([['Q/1', '1.0000', 1], ['Q/2', '0.0000', 2]]);
    expect(r.cohortDependent).toBe(true);
  });
  test('TOPSIS cross-check reports rho and standards whose rank differs by more than 1', () => {
    const r = computeRun({ scheme: base, records: fixtureRecords(), bans: fixtureBans, asOf: FIXTURE_AS_OF, crossCheck: 'topsis' });
    expect(r.crossCheck!.method).toBe('topsis');
    expect(r.crossCheck!.spearmanRho).toBeGreaterThan(0.5);
    expect(r.crossCheck!.spearmanRho).toBeLessThanOrEqual(1);
    for (const d of r.crossCheck!.differing) expect(Math.abs(d.rank - d.otherRank)).toBeGreaterThan(1);
  });
  test('big values and weights fall back to BigInt and stay exact', () => {
    const s: Scheme = { ...base, indicators: base.indicators.map((i) => (i.id === 'efficiency' ? { ...i, weight: 1e12 + 1, thresholds: { base: 80, advanced: 85.000001, leader: 90 }, decimals: 6 } : i)) } as Scheme;
    const r = computeRun({ scheme: s, records: [full('Q/1', { efficiency: '83.333333' })], bans: noBans, asOf: FIXTURE_AS_OF });
    // efficiency: 60 + 20 * 3.333333 / 5.000001 ; others 100, 100, 100 with weights 20, 10, 30
    const effNum = 60n * 5000001n + 20n * 3333333n; // / 5000001
    const num = (1000000000001n * effNum) + 60n * 100n * 5000001n; // over 5000001 * (1e12 + 61)
    const den = 5000001n * 1000000000061n;
    const q = (num * 100n * 2n + den) / (2n * den); // half-up is fine: no exact half here
    expect(r.entries[0]!.total).toBe(`${q / 100n}.${String(q % 100n).padStart(2, '0')}`);
  });
});

// ------------------------------------------------------------------ properties

const effArb = fc.integer({ min: 780, max: 960 }).map((n) => (n / 10).toFixed(1));
const recordArb = fc.record({
  efficiency: effArb,
  noise: fc.integer({ min: 30, max: 48 }).map(String),
  grade: fc.constantFrom('A', 'B', 'C', 'D'),
  life: fc.integer({ min: 800, max: 2500 }).map(String),
  safety: fc.constantFrom('true', 'true', 'true', 'false'),
});
const recordsArb = fc.array(recordArb, { minLength: 1, maxLength: 25 }).map((vs) => vs.map((v, i) => rec({ standardNo: `Q/T ${String(i).padStart(3, '0')}-2026`, uscc: `9111000000000${String(i).padStart(4, '0')}X`, values: { ...v, lead: '0.05' } })));

function anchoredScheme(): Scheme {
  const s = fixtureScheme();
  return { ...s, indicators: s.indicators.map((i) => (i.id === 'life' ? { ...i, scoring: 'anchored' } : i)) } as Scheme;
}

describe('properties (fast-check)', () => {
  test('rescoreWithValue: one value replaced in the columns gives what re-scoring the changed records gives (cohort and levels)', () => {
    fc.assert(fc.property(recordsArb, fc.nat(), fc.constantFrom('life', 'efficiency'), fc.integer({ min: 500, max: 3000 }), (drawn, pick, id, value) => {
      const scheme = fixtureScheme();
      // ranked entries only (explain re-scores those)
      const ranked = new Set(computeRun({ scheme, records: drawn, bans: noBans, asOf: FIXTURE_AS_OF }).entries.map((e) => e.standardNo));
      const records = drawn.filter((r) => ranked.has(r.standardNo));
      if (!records.length) return;
      const row = pick % records.length;
      const text = id === 'life' ? String(value) : (80 + (value % 150) / 10).toFixed(1); // at or above the efficiency base
      const s = scoreRecords({ scheme, records, bans: noBans, asOf: FIXTURE_AS_OF, skipGates: true });
      const changed = records.map((r, j) => (j === row ? { ...r, values: { ...r.values, [id]: text } } : r));
      const want = scoreRecords({ scheme, records: changed, bans: noBans, asOf: FIXTURE_AS_OF, skipGates: true });
      const got = rescoreWithValue(s, id, row, text, FIXTURE_AS_OF);
      expect(Array.from(got.totals as Float64Array)).toEqual(Array.from(want.totals as Float64Array));
      expect(Array.from(got.order)).toEqual(Array.from(want.order));
      expect(Array.from(got.ranks)).toEqual(Array.from(want.ranks));
    }), { numRuns: 80 });
  });
  test('the excluded rows and their reasons are exactly what gateReasons gives each record, under missingCore exclude and zero', () => {
    const maybe = <T,>(...xs: T[]) => fc.option(fc.constantFrom(...xs), { nil: undefined });
    const gateArb = fc.record({
      abolished: fc.boolean(), late: fc.boolean(), banned: fc.boolean(),
      safety: maybe('true', 'false'), lead: maybe('0.05', '0.5'), efficiency: maybe('70', '85', '92'), noise: maybe('35', '50'),
      grade: maybe('A', 'C', 'Z'), life: maybe('900', '1500'),
    });
    // wide: 24 more copies of the noise indicator, so more than 52 possible reasons (kept apart by text, not by bits)
    fc.assert(fc.property(fc.array(gateArb, { minLength: 1, maxLength: 20 }), fc.constantFrom('exclude', 'zero'), fc.boolean(), (xs, missingCore, wide) => {
      const base = fixtureScheme();
      const noise = base.indicators.find((i) => i.id === 'noise')!;
      const copies = wide ? Array.from({ length: 24 }, (_, j) => ({ ...noise, id: `noise_${j}`, name: `噪声${j}` })) : [];
      const scheme = { ...base, indicators: [...base.indicators, ...copies], scoring: { ...base.scoring, missingCore } } as Scheme;
      const records = xs.map((x, i) => {
        const values: Record<string, string> = {};
        for (const id of ['safety', 'lead', 'efficiency', 'noise', 'grade', 'life'] as const) if (x[id] !== undefined) values[id] = x[id]!;
        copies.forEach((c, j) => { if (x.noise !== undefined && (i + j) % 3 !== 0) values[c.id] = x.noise; });
        return rec({ standardNo: `Q/G ${String(i).padStart(3, '0')}`, uscc: x.banned ? BANNED_USCC : `9111000000000${String(i).padStart(4, '0')}X`,
          status: x.abolished ? '废止' : '现行', publicDate: x.late ? '2026-07-01' : '2026-01-01', values });
      });
      const result = computeRun({ scheme, records, bans: fixtureBans, asOf: FIXTURE_AS_OF });
      const core = planIndicators(scheme);
      const cells = records.map((r) => core.map((p) => readCell(p, r.values[p.id])));
      core.forEach(finalisePlan);
      const g = { scheme, asOf: FIXTURE_AS_OF, bans: fixtureBans, baselines: planBaselines(scheme), core };
      const want = records.map((r, i) => [r.standardNo, gateReasons(g, r, cells[i]!.map((c) => (c && c.valid ? c : undefined)))] as const).filter(([, rs]) => rs.length > 0);
      expect(result.excluded.map((e) => [e.standardNo, e.reasons])).toEqual(want);
      expect(result.entries.length + result.excluded.length).toBe(records.length);
    }), { numRuns: 150 });
  });
  test('run columns: each indicator\'s cells numbered in order of first appearance in display order, each entry\'s cell its value, level and score', () => {
    fc.assert(fc.property(recordsArb, fc.constantFrom('exclude', 'zero'), (records, missingCore) => {
      const base = fixtureScheme();
      const scheme = { ...base, scoring: { ...base.scoring, missingCore } } as Scheme;
      const scored = () => scoreColumns(scheme, columnsFromRecords(records, valueIds(scheme)), noBans, FIXTURE_AS_OF);
      const rc = runColumns(scored(), undefined, 'rows');
      // the other layout gives the same columns
      expect(runColumns(scored(), undefined, 'scatter')).toEqual(rc);
      const result = computeRun({ scheme, records, bans: noBans, asOf: FIXTURE_AS_OF });
      expect(rc.rows.length).toBe(result.entries.length);
      rc.indicators.forEach((ind) => {
        const seen: string[] = [];
        result.entries.forEach((e, j) => {
          const o = ind.codes[j]!;
          if (o === -1) { expect(e.levels[ind.id] ?? null).toBeNull(); return; }
          const cell = ind.cells[o]!;
          expect(cell.text).toBe(e.values[ind.id]);
          expect(cell.level >= 0 ? rc.levelIds[cell.level] : null).toBe(e.levels[ind.id] ?? null);
          expect(cell.score).toBe(e.scores[ind.id] ?? null);
          if (!seen.includes(cell.text)) seen.push(cell.text);
        });
        expect(ind.cells.map((c) => c.text)).toEqual(seen);
      });
    }), { numRuns: 80 });
  });
  test('reordering input rows never changes a run', () => {
    fc.assert(fc.property(recordsArb, fc.infiniteStream(fc.nat()), (records, seeds) => {
      const shuffled = records.map((r) => ({ r, k: seeds.next().value })).sort((a, b) => a.k - b.k).map((x) => x.r);
      const scheme = fixtureScheme();
      expect(computeRun({ scheme, records: shuffled, bans: noBans, asOf: FIXTURE_AS_OF, crossCheck: 'topsis' }))
        .toEqual(computeRun({ scheme, records, bans: noBans, asOf: FIXTURE_AS_OF, crossCheck: 'topsis' }));
    }), { numRuns: 60 });
  });
  test('under anchored/levels, adding or removing a participant never changes another participant\'s score', () => {
    fc.assert(fc.property(recordsArb, recordArb, (records, extra) => {
      const scheme = anchoredScheme();
      const before = computeRun({ scheme, records, bans: noBans, asOf: FIXTURE_AS_OF });
      const added = rec({ standardNo: 'Q/T 999-2026', uscc: '911100000000009999', values: { ...extra, lead: '0.05' } });
      const after = computeRun({ scheme, records: [...records, added], bans: noBans, asOf: FIXTURE_AS_OF });
      const removed = computeRun({ scheme, records: records.slice(1), bans: noBans, asOf: FIXTURE_AS_OF });
      for (const other of [after, removed]) {
        for (const e of other.entries) {
          const b = before.entries.find((x) => x.standardNo === e.standardNo);
          if (!b) continue;
          expect(e.scores).toEqual(b.scores);
          expect(e.total).toBe(b.total);
        }
      }
    }), { numRuns: 60 });
  });
  test('improving one indicator of a standard never lowers its rank (cohort scoring included)', () => {
    fc.assert(fc.property(recordsArb, fc.nat(), fc.constantFrom('efficiency', 'noise', 'grade', 'life'), fc.integer({ min: 1, max: 300 }), (records, pick, id, step) => {
      const scheme = fixtureScheme();
      const i = pick % records.length;
      const before = computeRun({ scheme, records, bans: noBans, asOf: FIXTURE_AS_OF });
      const target = records[i]!;
      const e0 = before.entries.find((e) => e.standardNo === target.standardNo);
      if (!e0) return;
      const v = target.values[id]!;
      const better = id === 'efficiency' ? (Number(v) + step / 10).toFixed(1)
        : id === 'noise' ? String(Math.max(0, Number(v) - (step % 10) - 1))
        : id === 'grade' ? ({ A: 'A', B: 'A', C: 'B', D: 'C' } as Record<string, string>)[v]!
        : String(Number(v) + step);
      const improved: StandardRecord[] = records.map((r, k) => (k === i ? { ...r, values: { ...r.values, [id]: better } } : r));
      const after = computeRun({ scheme, records: improved, bans: noBans, asOf: FIXTURE_AS_OF });
      const e1 = after.entries.find((e) => e.standardNo === target.standardNo)!;
      expect(e1).toBeDefined();
      expect(e1.rank).toBeLessThanOrEqual(e0.rank);
    }), { numRuns: 150 });
  });
});
