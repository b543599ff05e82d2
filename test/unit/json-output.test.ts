import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { jsonPieces } from '../../src/ui/output.js';

const whole = (doc: unknown, chunk?: number) => [...jsonPieces(doc, '', chunk)].join('');

describe('--json output in pieces', () => {
  it('is byte for byte JSON.stringify(doc, null, 2) + newline, also with large arrays streamed', () => {
    const doc = {
      ok: true,
      run: { id: 3, asOf: '2026-11-26', note: undefined },
      entries: Array.from({ length: 2500 }, (_, i) => ({ rank: i + 1, total: '84.50', levels: { a: 'leader', b: null }, models: ['X-1', '型号'] })),
      excluded: [],
      nested: { list: Array.from({ length: 1200 }, (_, i) => [i, `Q/${i}`]) },
    };
    expect(whole(doc)).toBe(JSON.stringify(doc, null, 2) + '\n');
    expect([...jsonPieces(doc)].length).toBeGreaterThan(2500);
  });

  it('agrees with JSON.stringify on arbitrary JSON values with a tiny chunk size (property)', () => {
    fc.assert(fc.property(fc.jsonValue(), (v) => {
      expect(whole({ ok: false, v, list: [v, v, v] }, 1)).toBe(JSON.stringify({ ok: false, v, list: [v, v, v] }, null, 2) + '\n');
    }), { numRuns: 300 });
  });
});
