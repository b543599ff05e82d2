import { describe, expect, it } from 'vitest';
import { annualMarkdown, annualSummary, type AnnualInput } from '../../src/core/annual.js';

const input: AnnualInput = {
  year: 2026,
  generatedOn: '2026-12-20',
  bodies: ['示例标准化研究院', '示例标准化研究院'],
  schemes: [
    { id: 'refrigerator-2026', version: '1.0.0', name: '冰箱', category: '家用电冰箱', year: 2026 },
    { id: 'electric-bicycle-2026', version: '1.0.0', name: '电动自行车', category: '电动自行车', year: 2026 },
  ],
  imports: [
    { id: 1, schemeId: 'refrigerator-2026', fileName: 'a.csv', rows: 10, inserted: 8, updated: 0, unchanged: 0, rejected: 2, finishedOn: '2026-07-01' },
    { id: 2, schemeId: 'refrigerator-2026', fileName: 'b.csv', rows: 10, inserted: 0, updated: 3, unchanged: 7, rejected: 0, finishedOn: '2026-11-01' },
  ],
  runs: [
    { id: 1, schemeId: 'refrigerator-2026', asOf: '2026-07-02', createdOn: '2026-07-02', entries: 6, excluded: 2, standards: ['A|1', 'B|2', 'C|3'] },
    { id: 2, schemeId: 'refrigerator-2026', asOf: '2026-11-02', createdOn: '2026-11-02', entries: 6, excluded: 2, standards: ['A|1', 'D|4'] },
  ],
  shortlists: [{ id: 1, schemeId: 'refrigerator-2026', runId: 1, createdOn: '2026-07-03', entries: 2, reason: null, status: 'published' }],
  publicity: [{ shortlistId: 1, schemeId: 'refrigerator-2026', start: '2026-07-06', end: '2026-07-17', publishedDate: '2026-07-20', objections: { total: 2, upheld: 1, rejected: 1, open: 0 } }],
  leaders: [
    { schemeId: 'refrigerator-2026', shortlistId: 1, standardNo: 'Q/A 1-2026', uscc: 'A', enterpriseName: '甲', publishedDate: '2026-07-20', revoked: true },
    { schemeId: 'refrigerator-2026', shortlistId: 1, standardNo: 'Q/B 2-2026', uscc: 'B', enterpriseName: '乙|丙', publishedDate: '2026-07-20', revoked: false },
  ],
  revocations: [
    { id: 2, reason: 'fraud', integrity: true, date: '2026-10-01', rescinded: false, uscc: 'A', enterpriseName: '甲', standardNo: null },
    { id: 1, reason: 'accident', integrity: false, date: '2026-09-01', rescinded: true, uscc: 'B', enterpriseName: '乙', standardNo: 'Q/B 2-2026' },
  ],
};

describe('annualSummary (issue 7: annual work summary)', () => {
  const s = annualSummary(input);
  it('totals per scheme and overall', () => {
    expect(s.totals).toEqual({
      schemes: 2, categories: 2, imports: 2, rowsImported: 20, standardsImported: 11, rejectedRows: 2, standardsEvaluated: 4,
      runs: 2, shortlists: 1, publicityPeriods: 1, objections: { total: 2, upheld: 1, rejected: 1, open: 0 },
      leadersPublished: 2, leadersRevoked: 1, revocations: 1, rescinded: 1, integrity: 1,
    });
    expect(s.schemes.map((x) => x.id)).toEqual(['electric-bicycle-2026', 'refrigerator-2026']);
    expect(s.bodies).toEqual(['示例标准化研究院']);
  });
  it('revocations by reason count unrescinded ones, every reason listed', () => {
    expect(s.revocationsByReason.fraud).toBe(1);
    expect(s.revocationsByReason.accident).toBe(0);
    expect(Object.keys(s.revocationsByReason)).toHaveLength(9);
    expect(s.revocations.map((r) => r.id)).toEqual([1, 2]);
  });
  it('open items: a scheme without a ranking, the latest run without a shortlist', () => {
    expect(s.openItems).toEqual([
      { code: 'SCHEME_NOT_EVALUATED', schemeId: 'electric-bicycle-2026' },
      { code: 'RUN_WITHOUT_SHORTLIST', schemeId: 'refrigerator-2026', runId: 2 },
    ]);
  });
  it('open objections and an open publicity period are open items', () => {
    const t = annualSummary({ ...input, publicity: [{ ...input.publicity[0]!, publishedDate: null, objections: { total: 1, upheld: 0, rejected: 0, open: 1 } }] });
    expect(t.openItems.filter((o) => o.code === 'OBJECTIONS_OPEN' || o.code === 'PUBLICITY_OPEN')).toEqual([
      { code: 'OBJECTIONS_OPEN', schemeId: 'refrigerator-2026', shortlistId: 1, count: 1 },
      { code: 'PUBLICITY_OPEN', schemeId: 'refrigerator-2026', shortlistId: 1, end: '2026-07-17' },
    ]);
  });
  it('Markdown in Chinese and English, table cells escaped', () => {
    const zh = annualMarkdown(s, 'zh');
    expect(zh).toContain('# 2026 年度企业标准“领跑者”评估工作情况总结');
    expect(zh).toContain('| 通过弄虚作假入选企业标准“领跑者”或存在其他诚信问题 (fraud) | 1 |');
    expect(zh).toContain('乙\\|丙');
    expect(zh).toContain('- 方案 electric-bicycle-2026：本年度尚未生成排行榜');
    const en = annualMarkdown(s, 'en');
    expect(en).toContain('annual work summary 2026');
    expect(en).toContain('## 6. Open items');
  });
  it('is deterministic: the same facts in another order give the same summary', () => {
    const shuffled = { ...input, schemes: [...input.schemes].reverse(), revocations: [...input.revocations].reverse() };
    expect(JSON.stringify(annualSummary(shuffled))).toBe(JSON.stringify(s));
  });
});
