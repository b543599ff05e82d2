import { describe, expect, test } from 'vitest';
import { rankingCsv } from '../../src/commands/rank/csv.js';
import { computeRun } from '../../src/core/run.js';
import { FIXTURE_AS_OF, fixtureScheme, ok, rec } from '../helpers/rank-data.js';

describe('ranking CSV', () => {
  test('text cells starting with = + - @ tab CR are neutralised with a quote; numbers stay numbers; RFC 4180 quoting', () => {
    const scheme = fixtureScheme();
    const values = { ...ok, efficiency: '90', noise: '35', grade: 'A', life: '2000' };
    const records = [
      rec({ standardNo: 'Q/1', enterpriseName: '=HYPERLINK("http://x")', standardName: '+1', product: '-2', models: ['@SUM(A1)', '\tTab'], values }),
      rec({ standardNo: 'Q/2', enterpriseName: 'A, "B"', standardName: 'line\nbreak', values }),
    ];
    const csv = rankingCsv(computeRun({ scheme, records, bans: new Map(), asOf: FIXTURE_AS_OF }), scheme, 'en');
    expect(csv.startsWith('\uFEFFrank,total,')).toBe(true);
    const lines = csv.slice(1).split('\r\n');
    expect(lines[1]).toBe(`1,100.00,Q/1,${records[0]!.uscc},"'=HYPERLINK(""http://x"")",'+1,'-2,'@SUM(A1); \tTab,90.0,leader,100.0000,35,leader,100.0000,A,leader,100.0000,2000,leader,100.0000`);
    expect(csv).toContain('"A, ""B""","line\nbreak"');
  });
});
