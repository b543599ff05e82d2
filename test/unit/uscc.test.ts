import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkUscc, normaliseUscc, usccCheckChar, USCC_WEIGHTS, withCheckChar } from '../../src/core/uscc.js';
import { SHARED } from '../helpers/cli.js';

const vectors = JSON.parse(readFileSync(join(SHARED, 'acceptance/uscc.json'), 'utf8')) as {
  valid: string[]; wrongCheck: Array<{ code: string; expectedCheck: string }>; malformed: string[];
};

describe('GB 32100-2015 credit code (acceptance/uscc.json)', () => {
  it.each(vectors.valid)('valid per GB 32100-2015 published codes: %j', (code) => {
    const r = checkUscc(code);
    expect(r).toEqual({ ok: true, code: code.trim().toUpperCase() });
  });
  it.each(vectors.wrongCheck)('wrong check character names the expected one (GB 32100-2015): $code', ({ code, expectedCheck }) => {
    expect(checkUscc(code)).toMatchObject({ ok: false, problem: 'check', expected: expectedCheck });
  });
  it.each(vectors.malformed)('malformed code is an error, not a check warning (GB 32100-2015): %s', (code) => {
    const r = checkUscc(code);
    expect(r.ok).toBe(false);
    expect(r.ok === false && r.problem).not.toBe('check');
  });
  it('weights are 3^(i-1) mod 31', () => {
    USCC_WEIGHTS.forEach((w, i) => expect(w).toBe(Number(3n ** BigInt(i) % 31n)));
  });
  it('normalises full-width characters, spaces and case before checking', () => {
    expect(normaliseUscc('\u3000９１４４０３００１９２２０３８２１６ ')).toBe('914403001922038216');
    expect(checkUscc('９１３３０１００７９９６５５０５８ｂ')).toEqual({ ok: true, code: '91330100799655058B' });
  });
  it('a character outside the code set names its position', () => {
    expect(checkUscc('91440300I922038216')).toMatchObject({ problem: 'character', position: 9, char: 'I' });
    expect(checkUscc('91440300O922038216')).toMatchObject({ problem: 'character', position: 9, char: 'O' });
  });
  it('withCheckChar completes 17 characters into a valid code', () => {
    expect(withCheckChar('91440300192203821')).toBe('914403001922038216');
    expect(usccCheckChar('9133010079965505')).toBeUndefined();
  });
});

describe('credit code fast path (18 code characters taken as they stand)', () => {
  // A leading blank makes the text 19 characters long, so it always takes the general path
  // (trim, NFKC, upper case): both paths must agree on every outcome.
  it('gives what normalising first gives, for codes, near-codes and junk', () => {
    const ch = fc.constantFrom(...'0123456789ABCDEFGHJKLMNPQRTUWXYIOSVZabcxy０Ａ -'.split(''));
    fc.assert(fc.property(fc.array(ch, { minLength: 17, maxLength: 19 }), (cs) => {
      const s = cs.join('');
      expect(checkUscc(s)).toEqual(checkUscc('\t' + s));
    }), { numRuns: 5000 });
  });
});
