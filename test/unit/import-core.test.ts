import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseDate } from '../../src/core/dates.js';
import { hasUsualShape, normaliseStandardNo } from '../../src/core/standard-number.js';
import { mapHeaders } from '../../src/core/headers.js';
import { normaliseRow, type ImportProblem } from '../../src/core/import-row.js';
import { validateScheme, type Scheme } from '../../src/core/scheme.js';
import { SCHEMES } from '../helpers/cli.js';

const v = validateScheme(JSON.parse(readFileSync(join(SCHEMES, 'refrigerator-2026.json'), 'utf8')));
if (!v.ok) throw new Error('scheme');
const fridge: Scheme = v.scheme;

describe('dates (domain.md: 2026-03-15, 2026/3/15, 2026年3月15日)', () => {
  it.each([
    ['2026-03-15', '2026-03-15'], ['2026/3/15', '2026-03-15'], ['2026年3月15日', '2026-03-15'], ['2026.3.5', '2026-03-05'],
    ['２０２６－０３－１５', '2026-03-15'], ['2026/3/15 0:00', '2026-03-15'], ['20260315', '2026-03-15'], ['2024-02-29', '2024-02-29'],
  ])('%j -> %j', (t, iso) => expect(parseDate(t)).toBe(iso));
  it.each(['2026-02-29', '2026-13-01', '2026-00-10', '15/3/2026', '2026年3月', 'tomorrow', '2026-3-32'])('%j is not a date', (t) => expect(parseDate(t)).toBeUndefined());
});

describe('standard numbers (domain.md)', () => {
  it.each([
    ['Q/SXDJX001-2021', 'Q/SXDJX001-2021'], ['q/sjx 0001s-2020', 'Q/SJX 0001S-2020'], ['Ｑ／ＳＦ　Ｃ0012S  6－2022', 'Q/SF C0012S 6-2022'],
    ['Q/GDW 73289.2—2026', 'Q/GDW 73289.2-2026'], [' Q/ABC 1‐2025 ', 'Q/ABC 1-2025'],
  ])('%j -> %j', (raw, n) => expect(normaliseStandardNo(raw)).toBe(n));
  it('usual shapes pass, odd shapes are flagged (warned, never rejected)', () => {
    for (const s of ['Q/SXDJX001-2021', 'Q/SJX 0001S-2020', 'Q/SF C0012S 6-2022', 'Q/GDW 73289.2-2026']) expect(hasUsualShape(s)).toBe(true);
    for (const s of ['GB 12021.2-2015', 'Q/ABC 1', 'ABC-2020', 'Q/ABC 1-20']) expect(hasUsualShape(s)).toBe(false);
  });
});

describe('header mapping', () => {
  it('maps Chinese and English field names and indicator ids, names and aliases after NFKC + case-fold', () => {
    const { mapping, errors, warnings } = mapHeaders(
      ['Standard_No', '标准名称', ' ENTERPRISE NAME ', '信用代码', '能效指数（%）', 'energy_grade', 'NOISE', '冷冻能力', '保鲜期延长率(%)', '3C认证', '制冷剂GWP值', '序号'], fridge);
    expect(errors).toEqual([]);
    expect(warnings).toEqual([]);
    expect(mapping.fields).toMatchObject({ standard_no: 0, standard_name: 1, enterprise_name: 2, uscc: 3 });
    expect(mapping.indicators.map((i) => i.indicator.id)).toEqual(['energy_index', 'energy_grade', 'noise', 'freezing_capacity', 'fresh_keeping', 'ccc', 'refrigerant_gwp']);
  });
  it('reports every unknown, duplicate, empty and missing header at once', () => {
    const { errors, warnings } = mapHeaders(['标准编号', '执行标准', '能耗', '', '能效指数', 'energy_index'], fridge);
    expect(errors.map((e) => e.code).sort()).toEqual([
      'E_HEADER_DUPLICATE', 'E_HEADER_DUPLICATE', 'E_HEADER_EMPTY', 'E_HEADER_MISSING', 'E_HEADER_MISSING', 'E_HEADER_MISSING', 'E_HEADER_UNKNOWN',
    ]);
    expect(errors.find((e) => e.code === 'E_HEADER_UNKNOWN')).toMatchObject({ column: '能耗', params: { index: 3 } });
    expect(warnings.map((w) => w.params.id)).toEqual(['energy_grade', 'noise', 'freezing_capacity', 'fresh_keeping', 'ccc', 'refrigerant_gwp']);
  });
});

describe('row normalisation', () => {
  const headers = ['标准编号', '标准名称', '企业名称', '统一社会信用代码', '型号', '公开日期', '状态', '能效指数', '能效等级', 'CCC认证'];
  const { mapping } = mapHeaders(headers, fridge);
  const run = (cells: string[]) => {
    const errors: ImportProblem[] = [];
    const warnings: ImportProblem[] = [];
    const row = normaliseRow(cells, 7, mapping, { error: (p) => errors.push(p), warn: (p) => warnings.push(p) });
    return { row, errors, warnings };
  };
  it('normalises a good row, keeping raw text beside parsed values', () => {
    const { row, errors } = run(['Ｑ／ＡＢＣ 1-2025', '家用电冰箱', '某（示例）有限公司', ' 91330100799655058b', 'A1；A2、A3', '2026/3/15', '', '≤40', '１级', '是']);
    expect(errors).toEqual([]);
    expect(row).toMatchObject({
      line: 7, standardNo: 'Q/ABC 1-2025', standardNoRaw: 'Ｑ／ＡＢＣ 1-2025', uscc: '91330100799655058B', enterpriseName: '某（示例）有限公司',
      models: '["A1","A2","A3"]', publicDate: '2026-03-15', status: '现行',
      valuesJson: '{"energy_index":"40","energy_grade":"1级","ccc":"true"}', rawJson: '{"energy_index":"≤40","energy_grade":"１级","ccc":"是"}',
    });
    expect(row!.contentSha256).toMatch(/^[0-9a-f]{64}$/);
  });
  it('every problem names line, column and value', () => {
    const { row, errors, warnings } = run(['Q/ABC 1-2025', '', '某公司', '914403001922038217', '', '2026-02-30', '作废了', 'abc', '0级', '待定']);
    expect(row).toBeUndefined();
    expect(errors.map((e) => [e.line, e.column, e.value, e.code])).toEqual([
      [7, '标准名称', '', 'E_ROW_REQUIRED'], [7, '公开日期', '2026-02-30', 'E_ROW_DATE'], [7, '状态', '作废了', 'E_ROW_STATUS'],
      [7, '能效指数', 'abc', 'E_VALUE_NUMBER'], [7, '能效等级', '0级', 'E_VALUE_GRADE'], [7, 'CCC认证', '待定', 'E_VALUE_BOOLEAN'],
    ]);
    expect(warnings).toEqual([expect.objectContaining({ line: 7, column: '统一社会信用代码', code: 'W_USCC_CHECK', params: expect.objectContaining({ expected: '6' }) })]);
  });
  it('the same content written differently hashes the same; a changed value does not', () => {
    const a = run(['Q/ABC 1-2025', 'N', 'E', '914403001922038216', '', '2026-03-15', '现行', '40', '1级', '是']).row!;
    const b = run(['Ｑ/ABC 1-2025', 'N', 'E', '９１４４０３００１９２２０３８２１６', '', '2026年3月15日', '', '≤４０', '1级', '有']).row!;
    const c = run(['Q/ABC 1-2025', 'N', 'E', '914403001922038216', '', '2026-03-15', '现行', '39', '1级', '是']).row!;
    expect(b.contentSha256).toBe(a.contentSha256);
    expect(c.contentSha256).not.toBe(a.contentSha256);
  });
  it('status 废止 is kept', () => {
    expect(run(['Q/ABC 1-2025', 'N', 'E', '914403001922038216', '', '', '废止', '', '', '']).row).toMatchObject({ status: '废止', valuesJson: '{}' });
  });
});

describe('fast paths give what the general paths give', () => {
  // A leading ideographic space defeats each fast path (it is not ASCII) and is removed by NFKC + trim.
  it('ISO dates (day <= 28 taken as they stand, the rest checked)', () => {
    const d = fc.constantFrom(...'0123456789'.split(''));
    fc.assert(fc.property(fc.array(d, { minLength: 8, maxLength: 8 }), fc.constantFrom('-', '/', '.'), (ds, sep) => {
      const t = ds.slice(0, 4).join('') + sep + ds.slice(4, 6).join('') + sep + ds.slice(6).join('');
      expect(parseDate(t)).toBe(parseDate('\u3000' + t));
      expect(parseDate(t)).toBe(parseDate(t)); // memoised answer
    }), { numRuns: 3000 });
  });
  it('standard numbers already normal are kept as they are', () => {
    const ch = fc.constantFrom(...'Qq/ABCxyz019- .\t'.split(''), '  ');
    fc.assert(fc.property(fc.array(ch, { maxLength: 20 }), (cs) => {
      const s = cs.join('');
      expect(normaliseStandardNo(s)).toBe(normaliseStandardNo('\u3000' + s));
    }), { numRuns: 3000 });
  });
});
