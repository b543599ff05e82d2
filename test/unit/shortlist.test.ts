import { describe, expect, it } from 'vitest';
import { buildShortlist, compareDecimal, floorShare, shortlistCap, type ShortlistRule } from '../../src/core/shortlist.js';
import type { RunEntry } from '../../src/core/types.js';

const LEVELS = ['base', 'advanced', 'leader']; // low -> high (alphabetical order would differ)
const CORE = ['a', 'b'];

function e(rank: number, total: string, standardNo: string, uscc: string, levels: Record<string, string | null> = { a: 'leader', b: 'leader' }): RunEntry {
  return {
    rank, total, standardNo, uscc, enterpriseName: `企业${uscc}`, standardName: `标准${standardNo}`, product: null, models: [],
    versionId: 1, levels, scores: {}, values: {},
  };
}
const rule = (r: Partial<ShortlistRule> = {}): ShortlistRule => ({ tiePolicy: 'include-all', ...r });
const nos = (xs: Array<{ standardNo: string }>) => xs.map((x) => x.standardNo);

describe('cap = min(maxLeaders, max(1, floor(maxShare * |E|)))', () => {
  it('computes floor exactly, without float error', () => {
    expect(floorShare(0.3, 10)).toBe(3);
    expect(floorShare(0.29, 100)).toBe(29); // 0.29 * 100 = 28.999999999999996 in floats
    expect(floorShare(0.57, 100)).toBe(57); // 56.99999999999999 in floats
    expect(floorShare(0.7, 10)).toBe(7);
    expect(floorShare(0.35, 10)).toBe(3);
    expect(floorShare(1, 7)).toBe(7);
  });
  it('takes the smaller cap, at least 1 from the share, none when neither is set', () => {
    expect(shortlistCap({ maxLeaders: 2, maxShare: 0.5 }, 10)).toEqual({ cap: 2, shareCap: 5 });
    expect(shortlistCap({ maxLeaders: 9, maxShare: 0.3 }, 10)).toEqual({ cap: 3, shareCap: 3 });
    expect(shortlistCap({ maxShare: 0.1 }, 5)).toEqual({ cap: 1, shareCap: 0 });
    expect(shortlistCap({ maxLeaders: 4 }, 100)).toEqual({ cap: 4, shareCap: null });
    expect(shortlistCap({}, 100)).toEqual({ cap: null, shareCap: null });
  });
  it('compares decimal totals exactly', () => {
    expect(compareDecimal('69.99', '70')).toBe(-1);
    expect(compareDecimal('70.00', '70')).toBe(0);
    expect(compareDecimal('70.001', '70')).toBe(1);
    expect(compareDecimal('-0.5', '0')).toBe(-1);
  });
});

describe('§6 step 1: minParticipants', () => {
  const E = [e(1, '90.00', 'Q/A1', 'A'), e(2, '80.00', 'Q/B1', 'B'), e(3, '75.00', 'Q/C1', 'C')];
  it('3 ranked standards, minParticipants 4: no shortlist, reason TOO_FEW_PARTICIPANTS', () => {
    const r = buildShortlist(E, rule({ minParticipants: 4 }), LEVELS, CORE);
    expect(r.reason).toBe('TOO_FEW_PARTICIPANTS');
    expect(r.entries).toEqual([]);
    expect(r.participants).toBe(3);
  });
  it('minParticipants 3 is enough', () => {
    const r = buildShortlist(E, rule({ minParticipants: 3 }), LEVELS, CORE);
    expect(r.reason).toBeNull();
    expect(nos(r.entries)).toEqual(['Q/A1', 'Q/B1', 'Q/C1']);
  });
});

describe('§6 step 2: minScore and requireAllCoreAtLeast', () => {
  it('minScore 70: 70.00 is kept (>=), 69.99 dropped by min-score; ranks are not renumbered', () => {
    const E = [e(1, '60.00', 'Q/Z1', 'Z'), e(1, '60.00', 'Q/Y1', 'Y'), e(3, '70.00', 'Q/B1', 'B'), e(4, '69.99', 'Q/C1', 'C')];
    // (ranks here are arbitrary test data: only the filter is tested)
    const r = buildShortlist(E, rule({ minScore: 70 }), LEVELS, CORE);
    expect(r.entries.map((x) => [x.standardNo, x.rank])).toEqual([['Q/B1', 3]]);
    expect(r.dropped.map((d) => [d.standardNo, d.rule])).toEqual([['Q/Y1', 'min-score'], ['Q/Z1', 'min-score'], ['Q/C1', 'min-score']]);
    expect(r.dropped[2]!.detail).toEqual({ total: '69.99', minScore: 70 });
  });

  it('requireAllCoreAtLeast "advanced" uses the scheme level order, not the alphabet; null fails', () => {
    const E = [
      e(1, '95.00', 'Q/A1', 'A', { a: 'leader', b: 'advanced' }),
      e(2, '90.00', 'Q/B1', 'B', { a: 'leader', b: 'base' }), // "base" > "advanced" alphabetically, but lower
      e(3, '85.00', 'Q/C1', 'C', { a: null, b: 'leader' }),
      e(4, '80.00', 'Q/D1', 'D', { a: 'advanced' }), // b missing
      e(5, '75.00', 'Q/E1', 'E', { a: 'advanced', b: 'advanced' }),
    ];
    const r = buildShortlist(E, rule({ requireAllCoreAtLeast: 'advanced' }), LEVELS, CORE);
    expect(nos(r.entries)).toEqual(['Q/A1', 'Q/E1']);
    expect(r.dropped.map((d) => [d.standardNo, d.rule])).toEqual([['Q/B1', 'core-below-level'], ['Q/C1', 'core-below-level'], ['Q/D1', 'core-below-level']]);
    expect(r.dropped[0]!.detail).toEqual({ required: 'advanced', below: [{ indicator: 'b', level: 'base' }] });
    expect(r.dropped[2]!.detail).toEqual({ required: 'advanced', below: [{ indicator: 'b', level: null }] });
  });
});

describe('§6 step 3: maxPerEnterprise', () => {
  it('keeps each enterprise its best-ranked entries; ties inside one enterprise by standard number', () => {
    const E = [
      e(1, '95.00', 'Q/A2', 'A'), e(1, '95.00', 'Q/A1', 'A'), // tie inside enterprise A: Q/A1 kept
      e(3, '90.00', 'Q/B1', 'B'), e(4, '85.00', 'Q/A3', 'A'), e(5, '80.00', 'Q/B2', 'B'),
    ];
    const r = buildShortlist(E, rule({ maxPerEnterprise: 1 }), LEVELS, CORE);
    expect(nos(r.entries)).toEqual(['Q/A1', 'Q/B1']);
    expect(r.dropped.map((d) => [d.standardNo, d.rule])).toEqual([['Q/A2', 'max-per-enterprise'], ['Q/A3', 'max-per-enterprise'], ['Q/B2', 'max-per-enterprise']]);
    expect(r.dropped[0]!.detail).toEqual({ maxPerEnterprise: 1, kept: ['Q/A1'] });
    const two = buildShortlist(E, rule({ maxPerEnterprise: 2 }), LEVELS, CORE);
    expect(nos(two.entries)).toEqual(['Q/A1', 'Q/A2', 'Q/B1', 'Q/B2']);
  });
  it('runs after the score filter: a dropped best entry lets the next one in', () => {
    const E = [e(1, '95.00', 'Q/A1', 'A', { a: 'base', b: 'base' }), e(2, '90.00', 'Q/A2', 'A')];
    const r = buildShortlist(E, rule({ maxPerEnterprise: 1, requireAllCoreAtLeast: 'advanced' }), LEVELS, CORE);
    expect(r.entries.map((x) => [x.standardNo, x.rank])).toEqual([['Q/A2', 2]]);
  });
});

describe('§6 steps 4-6: cap, tie at the cut, publication order', () => {
  // ranks 1, 2, 3, 3, 5 ("1224"-style competition ranks)
  const E = [e(1, '95.00', 'Q/E1', 'E'), e(2, '90.00', 'Q/D1', 'D'), e(3, '85.00', 'Q/C1', 'C'), e(3, '85.00', 'Q/B1', 'B'), e(5, '80.00', 'Q/A1', 'A')];

  it('no tie across the cut: the first cap entries (cap 2 of 5)', () => {
    const r = buildShortlist(E, rule({ maxLeaders: 2 }), LEVELS, CORE);
    expect(r.cap).toBe(2);
    expect(r.tieAtCut).toBeNull();
    expect(nos(r.entries)).toEqual(['Q/D1', 'Q/E1']); // publication order: standard number
    expect(r.dropped.map((d) => [d.standardNo, d.rule])).toEqual([['Q/B1', 'cap'], ['Q/C1', 'cap'], ['Q/A1', 'cap']]);
  });

  it('include-all: cap 3 cuts through rank 3: both rank-3 entries in, 4 entries, exceeds the cap by 1', () => {
    const r = buildShortlist(E, rule({ maxLeaders: 3, tiePolicy: 'include-all' }), LEVELS, CORE);
    expect(nos(r.entries)).toEqual(['Q/B1', 'Q/C1', 'Q/D1', 'Q/E1']);
    expect(r.entries.map((x) => x.rank)).toEqual([3, 3, 2, 1]); // never renumbered
    expect(r.tieAtCut).toEqual({ rank: 3, policy: 'include-all', cap: 3, tied: [{ standardNo: 'Q/B1', uscc: 'B' }, { standardNo: 'Q/C1', uscc: 'C' }], taken: 4, overCap: 1 });
    expect(r.dropped.map((d) => [d.standardNo, d.rule])).toEqual([['Q/A1', 'cap']]);
  });

  it('exclude-all: cap 3 cuts through rank 3: both rank-3 entries out, 2 entries', () => {
    const r = buildShortlist(E, rule({ maxLeaders: 3, tiePolicy: 'exclude-all' }), LEVELS, CORE);
    expect(nos(r.entries)).toEqual(['Q/D1', 'Q/E1']);
    expect(r.tieAtCut).toMatchObject({ rank: 3, policy: 'exclude-all', taken: 2, overCap: -1 });
    expect(r.dropped.map((d) => [d.standardNo, d.rule])).toEqual([['Q/B1', 'tie-exclude-all'], ['Q/C1', 'tie-exclude-all'], ['Q/A1', 'cap']]);
  });

  it('exclude-all with a tie at rank 1 leaves no list (TIE_EXCLUDED_ALL)', () => {
    const r = buildShortlist([e(1, '90.00', 'Q/B1', 'B'), e(1, '90.00', 'Q/A1', 'A'), e(3, '80.00', 'Q/C1', 'C')], rule({ maxLeaders: 1, tiePolicy: 'exclude-all' }), LEVELS, CORE);
    expect(r.entries).toEqual([]);
    expect(r.reason).toBe('TIE_EXCLUDED_ALL');
  });

  it('the tie ending exactly at the cap is no tie across the cut (cap 4: ranks 1,2,3,3 taken)', () => {
    const r = buildShortlist(E, rule({ maxLeaders: 4, tiePolicy: 'exclude-all' }), LEVELS, CORE);
    expect(r.tieAtCut).toBeNull();
    expect(r.entries).toHaveLength(4);
  });

  it('maxShare 0.3 of 10 participants caps at exactly 3', () => {
    const ten = Array.from({ length: 10 }, (_, i) => e(i + 1, `${90 - i}.00`, `Q/S${String(i).padStart(2, '0')}`, `U${i}`));
    const r = buildShortlist(ten, rule({ maxShare: 0.3 }), LEVELS, CORE);
    expect(r.cap).toBe(3);
    expect(nos(r.entries)).toEqual(['Q/S00', 'Q/S01', 'Q/S02']);
  });

  it('the cap counts |E| (all ranked), the cut applies to the filtered candidates', () => {
    // |E| = 10, maxShare 0.2 -> cap 2; after minScore 85 three candidates remain (ranks 1, 2, 2)
    const ten = [e(1, '95.00', 'Q/1', 'U1'), e(2, '90.00', 'Q/3', 'U3'), e(2, '90.00', 'Q/2', 'U2'),
      ...Array.from({ length: 7 }, (_, i) => e(4 + i, `${80 - i}.00`, `Q/x${i}`, `V${i}`))];
    const r = buildShortlist(ten, rule({ maxShare: 0.2, minScore: 85, tiePolicy: 'include-all' }), LEVELS, CORE);
    expect(r.cap).toBe(2);
    expect(r.candidates).toBe(3);
    expect(nos(r.entries)).toEqual(['Q/1', 'Q/2', 'Q/3']);
    expect(r.tieAtCut).toMatchObject({ rank: 2, taken: 3, overCap: 1 });
  });

  it('no cap when neither maxLeaders nor maxShare is set; nobody qualifying gives NO_QUALIFYING_ENTRIES', () => {
    expect(buildShortlist(E, rule(), LEVELS, CORE).entries).toHaveLength(5);
    expect(buildShortlist(E, rule({ minScore: 99 }), LEVELS, CORE).reason).toBe('NO_QUALIFYING_ENTRIES');
  });
});
