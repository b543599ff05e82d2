import { Chalk } from 'chalk';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createStyle } from '../../src/ui/style.js';

const names = ['bold', 'red', 'green', 'yellow'] as const;
// texts built from what matters to the styling: line breaks, the styles' own close codes, CJK, empty
const piece = fc.constantFrom('a', ' ', '领跑', '\n', '\r\n', '\r', '\u001b[22m', '\u001b[39m', '\u001b[1m', '✓', '');
const text = fc.array(piece, { maxLength: 8 }).map((p) => p.join(''));

describe('terminal styles: the bytes chalk 5 writes', () => {
  it('fixed cases: nesting, line breaks, empty text, no colour', () => {
    const s = createStyle(1);
    expect(s.bold('名次')).toBe('\u001b[1m名次\u001b[22m');
    expect(s.red('a\nb')).toBe('\u001b[31ma\u001b[39m\n\u001b[31mb\u001b[39m');
    expect(s.bold(s.red('x'))).toBe('\u001b[1m\u001b[31mx\u001b[39m\u001b[22m');
    expect(s.green('')).toBe('');
    expect(createStyle(0).yellow('a\nb')).toBe('a\nb');
    expect(createStyle(0).level).toBe(0);
  });

  it('agrees with chalk at every level, for every style and nesting of two (property)', () => {
    fc.assert(fc.property(fc.integer({ min: 0, max: 3 }), fc.constantFrom(...names), fc.constantFrom(...names), text, (level, a, b, s) => {
      const ours = createStyle(level);
      const chalk = new Chalk({ level: level as 0 | 1 | 2 | 3 });
      expect(ours[a](s)).toBe(chalk[a](s));
      expect(ours[a](ours[b](s))).toBe(chalk[a](chalk[b](s)));
    }), { numRuns: 1000 });
  });
});
