import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Output } from '../../src/ui/output.js';
import { cliTable3, displayWidth, renderTable } from '../../src/ui/table.js';

const fakeStream = (isTTY: boolean) => ({ isTTY, write: () => true }) as unknown as NodeJS.WriteStream;
const plain = new Output({ lang: 'zh', json: false, quiet: false, color: true }, fakeStream(false), fakeStream(false), {});
const coloured = new Output({ lang: 'en', json: false, quiet: false, color: true }, fakeStream(true), fakeStream(true), { FORCE_COLOR: '1' });
const texts = ['', 'a', '名次', '领跑水平', '核心指标「噪声」低于基准水平（弱于引用标准） [BELOW_BASE:noise]',
  '标准已废止 [ABOLISHED]\n缺少核心指标「滤网寿命」 [CORE_MISSING:filter_life]', '97.06', 'Q/NJRY 0007S-2025', '—', '……', 'Ａ级', 'é', '😀'];

describe('renderTable: the text of cli-table3 in one linear pass', () => {
  it('renders Chinese, ASCII, numbers, empty and multi-line cells exactly like cli-table3, with and without colour', () => {
    const head = ['标准编号', '名次', 'rule', '说明'];
    const rows: Array<Array<string | number>> = [
      ['Q/ABC 001-2026', 1, 'min-score', '总分 69.5 低于 70'],
      ['Q/海尔 0002S-2025', 12345, 'cap', ''],
      ['', 0, 'max-per-enterprise', '企业已有 Q/1,\nQ/2'],
      ['😀 emoji', -3, 'tie-exclude-all', 'é accents ü'],
    ];
    for (const out of [plain, coloured]) expect(renderTable(out, head, rows)).toBe(cliTable3(out, head, rows));
    expect(renderTable(plain, head, [])).toBe(cliTable3(plain, head, []));
    expect(renderTable(plain, ['a', 'b'], [['x']])).toBe(cliTable3(plain, ['a', 'b'], [['x']]));
  });

  it('agrees with cli-table3 on arbitrary cells (property)', () => {
    const cell = fc.oneof(fc.constantFrom(...texts), fc.integer(), fc.string({ unit: 'grapheme', maxLength: 8 }));
    fc.assert(fc.property(fc.integer({ min: 1, max: 4 }).chain((n) => fc.tuple(
      fc.array(fc.constantFrom(...texts), { minLength: n, maxLength: n }),
      fc.array(fc.array(cell, { minLength: n, maxLength: n }), { maxLength: 6 }),
    )), ([head, rows]) => {
      expect(renderTable(plain, head, rows)).toBe(cliTable3(plain, head, rows));
    }), { numRuns: 300 });
  });

  it('measures display width as cli-table3 does: CJK and full-width count 2', () => {
    expect(displayWidth('Q/A 1')).toBe(5);
    expect(displayWidth('领跑（Ａ）')).toBe(10);
    expect(displayWidth('\u001b[1m名次\u001b[22m')).toBe(4);
  });
});
