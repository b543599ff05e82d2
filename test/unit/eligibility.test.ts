import { describe, expect, test } from 'vitest';
import { bansCovering, gateDetails, gateReasons, planBaselines, type GateContext } from '../../src/core/eligibility.js';
import { finalisePlan, planIndicators, readCell } from '../../src/core/scoring.js';
import type { StandardRecord } from '../../src/core/types.js';
import { BANNED_USCC, FIXTURE_AS_OF, fixtureBans, fixtureScheme, ok, rec } from '../helpers/rank-data.js';

function ctx(records: StandardRecord[], asOf = FIXTURE_AS_OF): { g: GateContext; cells: (r: StandardRecord) => any[] } {
  const scheme = fixtureScheme();
  const core = planIndicators(scheme);
  const all = records.map((r) => core.map((p) => readCell(p, r.values[p.id])));
  core.forEach(finalisePlan);
  return { g: { scheme, asOf, bans: fixtureBans, baselines: planBaselines(scheme), core }, cells: (r) => all[records.indexOf(r)]!.map((c) => (c && c.valid ? c : undefined)) };
}

describe('eligibility gates (scoring.md §3)', () => {
  test('a three-year ban covers from its date up to, not including, the same date three years later', () => {
    expect(bansCovering(fixtureBans, BANNED_USCC, '2024-03-01')).toHaveLength(1);
    expect(bansCovering(fixtureBans, BANNED_USCC, '2027-02-28')).toHaveLength(1);
    expect(bansCovering(fixtureBans, BANNED_USCC, '2027-03-01')).toHaveLength(0);
    expect(bansCovering(fixtureBans, BANNED_USCC, '2024-02-29')).toHaveLength(0);
  });
  test('all reasons at once, in table order', () => {
    const r = rec({ standardNo: 'Q/1', uscc: BANNED_USCC, status: '废止', publicDate: '2026-07-01', values: { safety: 'false', efficiency: '70', noise: '50', grade: 'Z' } });
    const { g, cells } = ctx([r]);
    expect(gateReasons(g, r, cells(r))).toEqual([
      'ABOLISHED', 'AFTER_CUTOFF', 'ENTERPRISE_BANNED', 'BASELINE_FAILED:safety', 'BASELINE_MISSING:lead',
      'CORE_MISSING:grade', 'CORE_MISSING:life', 'BELOW_BASE:efficiency', 'BELOW_BASE:noise',
    ]);
  });
  test('boundaries are inclusive; the cut-off date itself is in time; a public date after it is not', () => {
    const r = rec({ standardNo: 'Q/2', publicDate: '2026-06-30', values: { ...ok, lead: '0.10', efficiency: '80', noise: '45', grade: 'C', life: '1000' } });
    const { g, cells } = ctx([r]);
    expect(gateReasons(g, r, cells(r))).toEqual([]);
  });
  test('explain details list every gate with the revocation behind a ban', () => {
    const r = rec({ standardNo: 'Q/3', uscc: BANNED_USCC, values: { ...ok, efficiency: '80', noise: '45', grade: 'C', life: '1000' } });
    const { g, cells } = ctx([r]);
    const d = gateDetails(g, r, cells(r));
    expect(d.map((x) => [x.gate, x.indicator ?? null, x.passed])).toEqual([
      ['status', null, true], ['cutoff', null, true], ['ban', null, false], ['baseline', 'safety', true], ['baseline', 'lead', true],
      ['core', 'efficiency', true], ['core', 'noise', true], ['core', 'grade', true], ['core', 'life', true],
    ]);
    expect(d[2]!.bans).toEqual([{ revocationId: 7, uscc: BANNED_USCC, reason: 'fraud', date: '2024-03-01', banUntil: '2027-03-01' }]);
  });
});
