import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { rankTable, simpleWidth } from '../../src/commands/rank/table.js';
import type { Output } from '../../src/ui/output.js';
import { renderTable } from '../../src/ui/table.js';

const plain = { c: { level: 0 } } as unknown as Output;
const texts = ['', 'a', '名次', '领跑水平', '核心指标「噪声」低于基准水平（弱于引用标准） [BELOW_BASE:noise]', '标准已废止 [ABOLISHED]\n缺少核心指标「滤网寿命」 [CORE_MISSING:filter_life]',
  '97.06', 'Q/NJRY 0007S-2025', '缺失(0分)', '—', '……', 'Ａ级', 'é', '😀'];

describe('the ranking tables drawn in one pass', () => {
  test('byte for byte what renderTable (cli-table3) draws, for ASCII, CJK, multi-line cells and fallbacks', () => {
    const cell = fc.oneof(fc.constantFrom(...texts), fc.integer({ min: 0, max: 100000 }), fc.string({ maxLength: 6 }));
    fc.assert(fc.property(fc.integer({ min: 1, max: 5 }).chain((cols) => fc.tuple(
      fc.array(fc.constantFrom(...texts), { minLength: cols, maxLength: cols }),
      fc.array(fc.array(cell, { minLength: cols, maxLength: cols }), { maxLength: 4 }),
    )), ([head, rows]) => {
      expect(rankTable(plain, head, rows)).toBe(renderTable(plain, head, rows));
    }), { numRuns: 300 });
  });
  test('widths: ASCII 1, CJK and full-width 2, anything else unsupported', () => {
    expect(simpleWidth('Q/A 1')).toBe(5);
    expect(simpleWidth('领跑（Ａ）')).toBe(10);
    expect(simpleWidth('—')).toBe(-1);
  });
});
