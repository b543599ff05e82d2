import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { fastTable } from '../../src/commands/shortlist/table.js';
import { Output } from '../../src/ui/output.js';
import { renderTable } from '../../src/ui/table.js';

const fakeStream = (isTTY: boolean) => ({ isTTY, write: () => true }) as unknown as NodeJS.WriteStream;
const plain = new Output({ lang: 'zh', json: false, quiet: false, color: true }, fakeStream(false), fakeStream(false), {});
const coloured = new Output({ lang: 'en', json: false, quiet: false, color: true }, fakeStream(true), fakeStream(true), { FORCE_COLOR: '1' });

describe('fastTable: the same text as renderTable (cli-table3) in linear time', () => {
  it('renders Chinese, ASCII, numbers and empty cells exactly like cli-table3', () => {
    const head = ['标准编号', '名次', 'rule', '说明'];
    const rows: Array<Array<string | number>> = [
      ['Q/ABC 001-2026', 1, 'min-score', '总分 69.5 低于 70'],
      ['Q/海尔 0002S-2025', 12345, 'cap', ''],
      ['', 0, 'max-per-enterprise', '企业已有 Q/1, Q/2'],
      ['😀 emoji', -3, 'tie-exclude-all', 'é accents ü'],
    ];
    expect(fastTable(plain, head, rows)).toBe(renderTable(plain, head, rows));
    expect(fastTable(coloured, head, rows)).toBe(renderTable(coloured, head, rows));
    expect(fastTable(plain, head, [])).toBe(renderTable(plain, head, []));
  });

  it('falls back to cli-table3 for multi-line cells and ragged rows', () => {
    const head = ['a', 'b'];
    expect(fastTable(plain, head, [['x\ny', 1]])).toBe(renderTable(plain, head, [['x\ny', 1]]));
    expect(fastTable(plain, head, [['x']])).toBe(renderTable(plain, head, [['x']]));
  });

  it('agrees with cli-table3 on arbitrary single-line cells (property)', () => {
    const cell = fc.oneof(fc.string({ unit: 'grapheme' }), fc.integer(), fc.constantFrom('企业名称', '（有限公司）', 'Ｑ／全角'))
      .filter((v) => !String(v).includes('\n'));
    fc.assert(fc.property(fc.integer({ min: 1, max: 4 }).chain((n) => fc.tuple(
      fc.array(fc.string({ unit: 'grapheme', maxLength: 8 }).filter((s) => !s.includes('\n')), { minLength: n, maxLength: n }),
      fc.array(fc.array(cell, { minLength: n, maxLength: n }), { maxLength: 6 }),
    )), ([head, rows]) => {
      expect(fastTable(plain, head, rows)).toBe(renderTable(plain, head, rows));
    }), { numRuns: 300 });
  });
});
