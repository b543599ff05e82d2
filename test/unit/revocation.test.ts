import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  banCovers, banUntil, isIsoDate, isReasonCode, levelIndex, proposeRevocations, REASON_CODES, REASONS, revokes,
  type CheckLeader, type LevelIndicator,
} from '../../src/core/revocation.js';
import { SHARED } from '../helpers/cli.js';

const seed = readFileSync(join(SHARED, 'seed/000_860c81da4f0705d5.txt'), 'utf8').replace(/\s+/g, '');

describe('reason codes (domain.md "Revocation", seed 2024 Work Guide)', () => {
  it('has the seven reasons of the guide plus standard-abolished and discontinued', () => {
    expect([...REASON_CODES]).toEqual([
      'process-change', 'indicator-lowered', 'accident', 'sampling-failed', 'ip-infringement', 'fraud', 'other',
      'standard-abolished', 'discontinued',
    ]);
  });
  for (const code of REASON_CODES) {
    it(`${code}: its Chinese wording is quoted verbatim from the seed guide, English given`, () => {
      const r = REASONS[code];
      expect(r.code).toBe(code);
      expect(seed).toContain(r.zh);
      expect(r.en.length).toBeGreaterThan(10);
      expect(isReasonCode(code)).toBe(true);
    });
  }
  it('only fraud is an integrity problem (报有关监管部门，纳入企业信用体系)', () => {
    expect(REASON_CODES.filter((c) => REASONS[c].integrity)).toEqual(['fraud']);
  });
  it('rejects unknown codes', () => {
    expect(isReasonCode('Fraud')).toBe(false);
    expect(isReasonCode('')).toBe(false);
  });
});

describe('banUntil (scoring.md §7: same calendar date three years later, exclusive)', () => {
  it('adds three calendar years', () => {
    expect(banUntil('2026-05-12')).toBe('2029-05-12');
    expect(banUntil('2025-12-31')).toBe('2028-12-31');
    expect(banUntil('2025-02-28')).toBe('2028-02-28');
  });
  it('29 February becomes 1 March three years later (never a leap year)', () => {
    expect(banUntil('2024-02-29')).toBe('2027-03-01');
    expect(banUntil('2028-02-29')).toBe('2031-03-01');
  });
  it('refuses non-dates', () => {
    expect(() => banUntil('2025-02-29')).toThrow();
    expect(() => banUntil('2026-5-1')).toThrow();
    expect(isIsoDate('2024-02-29')).toBe(true);
    expect(isIsoDate('2023-02-29')).toBe(false);
    expect(isIsoDate('2026-13-01')).toBe(false);
  });
  it('covers from the revocation date to the last day inside, not the first day after; rescission lifts it', () => {
    const r = { date: '2026-03-15', banUntil: banUntil('2026-03-15'), rescinded: false };
    expect(banCovers(r, '2026-03-14')).toBe(false);
    expect(banCovers(r, '2026-03-15')).toBe(true);
    expect(banCovers(r, '2029-03-14')).toBe(true);
    expect(banCovers(r, '2029-03-15')).toBe(false);
    expect(banCovers({ ...r, rescinded: true }, '2027-01-01')).toBe(false);
  });
});

const levelIds = ['base', 'advanced', 'leader'];
const energy: LevelIndicator = { id: 'energy_index', name: '能效指数', type: 'lower', decimals: 0, thresholds: { base: 62, advanced: 45, leader: 35 } };
const grade: LevelIndicator = { id: 'energy_grade', name: '能效等级', type: 'grade', grades: ['1级', '2级', '3级', '4级', '5级'], thresholds: { base: '3级', advanced: '2级', leader: '1级' } };
const freeze: LevelIndicator = { id: 'freezing_capacity', name: '冷冻能力', type: 'higher', decimals: 1, thresholds: { base: 3.0, advanced: 4.5, leader: 6.0 } };

describe('levelIndex (scoring.md §4 meets: boundaries inclusive, values rounded first)', () => {
  it('lower / higher / grade', () => {
    expect(levelIndex(energy, levelIds, '35')).toBe(2);
    expect(levelIndex(energy, levelIds, '45.5')).toBe(0); // 45.5 -> 46 > 45: base only
    expect(levelIndex(energy, levelIds, '44.5')).toBe(1); // 44.5 -> 44 <= 45
    expect(levelIndex(energy, levelIds, '63')).toBeNull();
    expect(levelIndex(freeze, levelIds, '6.0')).toBe(2);
    expect(levelIndex(freeze, levelIds, '5.99')).toBe(2); // 5.99 -> 6.0
    expect(levelIndex(freeze, levelIds, '2.9')).toBeNull();
    expect(levelIndex(grade, levelIds, '1级')).toBe(2);
    expect(levelIndex(grade, levelIds, '3级')).toBe(0);
    expect(levelIndex(grade, levelIds, '4级')).toBeNull();
    expect(levelIndex(grade, levelIds, undefined)).toBeNull();
  });
});

function leader(p: Partial<CheckLeader> & { published: CheckLeader['published']; current: CheckLeader['current'] }): CheckLeader {
  return { schemeId: 'refrigerator-2026', uscc: '914403001922038216', standardNo: 'Q/HW 0001-2026', enterpriseName: '华为', ...p };
}

describe('proposeRevocations (issue 7: revoke check)', () => {
  const base = { levelIds, core: [energy, grade, freeze], revoked: new Set<string>(), date: '2026-12-01' };
  const pub = { versionId: 1, values: { energy_index: '34', energy_grade: '1级', freezing_capacity: '6.2' } };

  it('proposes standard-abolished for an abolished current version', () => {
    const p = proposeRevocations({ ...base, leaders: [leader({ published: pub, current: { versionId: 2, version: 2, status: '废止', values: pub.values } })] });
    expect(p).toHaveLength(1);
    expect(p[0]!.reason).toBe('standard-abolished');
    expect(p[0]!.command).toBe("leader revoke --enterprise 914403001922038216 --standard 'Q/HW 0001-2026' --reason standard-abolished --date 2026-12-01 --scheme refrigerator-2026");
  });

  it('proposes indicator-lowered naming each core indicator whose level went down', () => {
    const cur = { versionId: 2, version: 2, status: '现行', values: { energy_index: '40', energy_grade: '1级', freezing_capacity: '4.4' } };
    const p = proposeRevocations({ ...base, leaders: [leader({ published: pub, current: cur })] });
    expect(p).toHaveLength(1);
    expect(p[0]!.reason).toBe('indicator-lowered');
    expect(p[0]!.lowered).toEqual([
      { indicator: 'energy_index', name: '能效指数', from: 'leader', to: 'advanced', valueFrom: '34', valueTo: '40' },
      { indicator: 'freezing_capacity', name: '冷冻能力', from: 'leader', to: 'base', valueFrom: '6.2', valueTo: '4.4' },
    ]);
  });

  it('a changed value inside the same level, or a better level, proposes nothing', () => {
    const cur = { versionId: 2, version: 2, status: '现行', values: { energy_index: '33', energy_grade: '1级', freezing_capacity: '6.0' } };
    expect(proposeRevocations({ ...base, leaders: [leader({ published: pub, current: cur })] })).toEqual([]);
  });

  it('a core value that disappeared counts as lowered', () => {
    const cur = { versionId: 2, version: 2, status: '现行', values: { energy_index: '34', freezing_capacity: '6.2' } };
    const p = proposeRevocations({ ...base, leaders: [leader({ published: pub, current: cur })] });
    expect(p[0]!.lowered).toEqual([{ indicator: 'energy_grade', name: '能效等级', from: 'leader', to: null, valueFrom: '1级', valueTo: null }]);
  });

  it('the published version itself proposes nothing, and an already revoked leader is skipped', () => {
    const same = leader({ published: pub, current: { versionId: 1, version: 1, status: '现行', values: pub.values } });
    expect(proposeRevocations({ ...base, leaders: [same] })).toEqual([]);
    const abolished = leader({ published: pub, current: { versionId: 2, version: 2, status: '废止', values: pub.values } });
    expect(proposeRevocations({ ...base, leaders: [abolished], revoked: new Set(['914403001922038216|Q/HW 0001-2026']) })).toEqual([]);
    expect(proposeRevocations({ ...base, leaders: [abolished], revoked: new Set(['914403001922038216|']) })).toEqual([]);
  });
});

describe('revokes: a published leader entry is revoked by a matching unrescinded revocation (derived, never stored)', () => {
  const l = { uscc: 'A', standardNo: 'Q/1', schemeId: 's' };
  it('matches by enterprise, standard (or none) and scheme (or none)', () => {
    expect(revokes({ uscc: 'A', standardNo: null, schemeId: null, rescinded: false }, l)).toBe(true);
    expect(revokes({ uscc: 'A', standardNo: 'Q/1', schemeId: 's', rescinded: false }, l)).toBe(true);
    expect(revokes({ uscc: 'A', standardNo: 'Q/2', schemeId: null, rescinded: false }, l)).toBe(false);
    expect(revokes({ uscc: 'A', standardNo: null, schemeId: 't', rescinded: false }, l)).toBe(false);
    expect(revokes({ uscc: 'B', standardNo: null, schemeId: null, rescinded: false }, l)).toBe(false);
    expect(revokes({ uscc: 'A', standardNo: null, schemeId: null, rescinded: true }, l)).toBe(false);
  });
});
