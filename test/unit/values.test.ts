import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { canonicalDecimal, compareDecimal, isPlainNumber, nfkc, parseValue } from '../../src/core/values.js';
import type { Indicator } from '../../src/core/scheme.js';

const lower: Indicator = { id: 'energy_index', name: '能效指数', unit: '%', role: 'core', type: 'lower', weight: 1 } as Indicator;
const higher: Indicator = { id: 'cap', name: '冷冻能力', unit: 'kg/12h', role: 'core', type: 'higher', weight: 1 } as Indicator;
const noUnit: Indicator = { id: 'gwp', name: 'GWP', role: 'baseline', type: 'lower', limit: 150 } as Indicator;
const dba: Indicator = { id: 'noise', name: '噪声', unit: 'dB(A)', role: 'core', type: 'lower', weight: 1 } as Indicator;
const grade: Indicator = { id: 'g', name: '能效等级', role: 'core', type: 'grade', weight: 1, grades: ['1级', '2级', '3级', 'V-0'] } as Indicator;
const bool: Indicator = { id: 'ccc', name: 'CCC认证', role: 'baseline', type: 'boolean' } as Indicator;

describe('scoring.md §2 value parsing: numbers as canonical decimal text', () => {
  it.each([
    ['0.80', '0.80'], ['≤0.80', '0.80'], ['<=0.8', '0.8'], ['不大于 0.8', '0.8'], ['不高于0.8', '0.8'], ['小于 1', '1'],
    ['０．８０', '0.80'], ['＜０.８', '0.8'], ['+007.50', '7.50'], ['.5', '0.5'], ['5.', '5'], ['-0.0', '0.0'], ['−3', '-3'],
    ['1.2e2', '120'], ['1.25E-1', '0.125'], ['38%', '38'], ['38 ％', '38'], ['12345678901234567890.123', '12345678901234567890.123'],
  ])('%j -> %j (lower, unit %%)', (text, value) => {
    const r = parseValue(lower, text);
    expect(r.error).toBeUndefined();
    expect(r.value).toBe(value);
  });
  it.each([['≥6.5', '6.5'], ['>=6.5', '6.5'], ['不小于6.5', '6.5'], ['不低于 6.50kg/12h', '6.50'], ['大于6', '6'], ['6.5 KG/12H', '6.5']])(
    '%j -> %j (higher)', (text, value) => expect(parseValue(higher, text)).toEqual({ value }));
  it('dB(A) with full-width parentheses matches the scheme unit', () => {
    expect(parseValue(dba, '37.0dB（A）')).toEqual({ value: '37.0' });
    expect(parseValue(dba, '不大于 38.5 dB(A)')).toEqual({ value: '38.5' });
  });
  it('empty or blank text is missing, not zero', () => {
    expect(parseValue(lower, '')).toEqual({ value: null });
    expect(parseValue(lower, '\u3000')).toEqual({ value: null });
  });
  it('a range is scored at its weaker end with a warning', () => {
    expect(parseValue(higher, '4.0~8.0')).toMatchObject({ value: '4.0', warnings: [{ code: 'W_VALUE_RANGE' }] });
    expect(parseValue(higher, '8.0～4.0kg/12h')).toMatchObject({ value: '4.0' });
    expect(parseValue(lower, '30-40%')).toMatchObject({ value: '40' });
    expect(parseValue(lower, '30%至40%')).toMatchObject({ value: '40' });
  });
  it.each([['abc'], ['≤'], ['1.2.3x'], ['约 40'], ['40~'], ['N/A']])('unparseable %j is a row error E_VALUE_NUMBER or E_VALUE_UNIT', (text) => {
    const r = parseValue(lower, text);
    expect(r.value).toBeNull();
    expect(['E_VALUE_NUMBER', 'E_VALUE_UNIT']).toContain(r.error?.code);
  });
  it('a unit other than the scheme unit is a row error', () => {
    expect(parseValue(higher, '5 kg')).toMatchObject({ value: null, error: { code: 'E_VALUE_UNIT', params: { unit: 'kg', expected: 'kg/12h' } } });
  });
  it('a unit where the scheme gives none is kept with a warning', () => {
    expect(parseValue(noUnit, '20 t')).toMatchObject({ value: '20', warnings: [{ code: 'W_VALUE_UNIT_UNCHECKED' }] });
  });
  it('a comparator against the direction warns', () => {
    expect(parseValue(lower, '≥30')).toMatchObject({ value: '30', warnings: [{ code: 'W_VALUE_COMPARATOR' }] });
  });
  it('never goes through a binary float', () => {
    expect(parseValue(lower, '0.1000000000000000055511151231257827')).toEqual({ value: '0.1000000000000000055511151231257827' });
  });
});

describe('scoring.md §2 grades and booleans', () => {
  it.each([['1级', '1级'], [' ２级 ', '2级'], ['v-0', 'V-0']])('grade %j -> %j', (t, v) => expect(parseValue(grade, t)).toEqual({ value: v }));
  it('an unknown grade is a row error listing the grades', () => {
    expect(parseValue(grade, '特级')).toMatchObject({ error: { code: 'E_VALUE_GRADE', params: { grades: '1级 / 2级 / 3级 / V-0' } } });
  });
  it.each(['是', '符合', '有', 'yes', 'YES', 'true', '1', 'Ｙｅｓ'])('%j is true', (t) => expect(parseValue(bool, t)).toEqual({ value: 'true' }));
  it.each(['否', '不符合', '无', 'no', 'False', '0'])('%j is false', (t) => expect(parseValue(bool, t)).toEqual({ value: 'false' }));
  it('anything else is E_VALUE_BOOLEAN', () => expect(parseValue(bool, '待定')).toMatchObject({ error: { code: 'E_VALUE_BOOLEAN' } }));
});

describe('decimal helpers', () => {
  it('canonicalDecimal', () => {
    expect(canonicalDecimal('', '000', '', 0)).toBe('0');
    expect(canonicalDecimal('-', '0', '00', 0)).toBe('0.00');
    expect(canonicalDecimal('', '1', '5', -3)).toBe('0.0015');
  });
  it('compareDecimal', () => {
    expect(compareDecimal('4.0', '8')).toBe(-1);
    expect(compareDecimal('-1', '-2')).toBe(1);
    expect(compareDecimal('2.50', '2.5')).toBe(0);
    expect(compareDecimal('10', '9.99')).toBe(1);
  });
});

describe('nfkc fast path', () => {
  it('equals String.prototype.normalize("NFKC") on mixed ASCII, CJK, full-width and compatibility text', () => {
    const ch = fc.constantFrom('a', 'Z', '0', ' ', '~', '级', '是', '器', '≤', '≥', '、', '。', 'Ａ', '１', '\u3000', '（', '㎏', 'ﬁ', 'é', 'e', '\u0301', '\u00a0', '⑴', '\uF900', '\u2264\u0338');
    fc.assert(fc.property(fc.array(ch, { maxLength: 12 }), (parts) => {
      const s = parts.join('');
      expect(nfkc(s)).toBe(s.normalize('NFKC'));
    }), { numRuns: 500 });
  });
});

describe('value fast paths', () => {
  it('isPlainNumber is ^(?:0|[1-9]\\d*)(?:\\.\\d+)?$', () => {
    const ch = fc.constantFrom(...'0123456789.+-e '.split(''));
    fc.assert(fc.property(fc.array(ch, { maxLength: 8 }), (cs) => {
      const s = cs.join('');
      expect(isPlainNumber(s)).toBe(/^(?:0|[1-9]\d*)(?:\.\d+)?$/.test(s));
    }), { numRuns: 5000 });
  });
  it('results are remembered per indicator: the same text under another unit is parsed again', () => {
    const kg = { ...higher, id: 'kg', unit: 'kg' } as Indicator;
    expect(parseValue(higher, '5kg/12h')).toEqual({ value: '5' });
    expect(parseValue(kg, '5kg/12h')).toMatchObject({ value: null, error: { code: 'E_VALUE_UNIT' } });
    expect(parseValue(higher, '5kg/12h')).toEqual({ value: '5' });
    expect(parseValue(kg, '5kg')).toEqual({ value: '5' });
  });
});
