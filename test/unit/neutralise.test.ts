import { describe, expect, it } from 'vitest';
import { isFormulaLike, neutraliseText } from '../../src/core/neutralise.js';

describe('formula-injection neutralisation (OWASP CSV Injection; shared/style.md "Exports")', () => {
  it.each(['=1+1', '+1', '-1', '@SUM(A1)', '\tx', '\rx', '=HYPERLINK("http://x","y")'])('prefixes %j with a quote', (s) => {
    expect(isFormulaLike(s)).toBe(true);
    expect(neutraliseText(s)).toBe(`'${s}`);
  });
  it.each(['', 'abc', '某某电器有限公司', ' =1', "'=1", '1=1', 'Q/ABC 001-2024'])('leaves %j unchanged', (s) => {
    expect(isFormulaLike(s)).toBe(false);
    expect(neutraliseText(s)).toBe(s);
  });
});
