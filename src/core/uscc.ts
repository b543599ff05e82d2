/**
 * Unified Social Credit Code (统一社会信用代码, GB 32100-2015): normalisation and the check character.
 * Pure: a wrong check character is reported with the expected one (a warning at import), a wrong
 * length or a character outside the code set is malformed (a row error).
 */

/** The 31 code characters (no I, O, S, V, Z); a character's value is its index. */
export const USCC_CHARS = '0123456789ABCDEFGHJKLMNPQRTUWXY';
/** Weights of positions 1..17: 3^(i-1) mod 31. */
export const USCC_WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28] as const;

const VALUE = new Int8Array(128).fill(-1);
for (let i = 0; i < USCC_CHARS.length; i++) VALUE[USCC_CHARS.charCodeAt(i)] = i;

export type UsccCheck =
  | { ok: true; code: string }
  | { ok: false; code: string; problem: 'check'; expected: string }
  | { ok: false; code: string; problem: 'length' | 'character'; position?: number; char?: string };

/** Trim, NFKC (full-width to ASCII), upper case; fast path for plain ASCII input. */
export function normaliseUscc(raw: string): string {
  let s = raw.trim();
  // eslint-disable-next-line no-control-regex
  if (!/^[\x00-\x7f]*$/.test(s)) s = s.normalize('NFKC').trim();
  // inner spaces never belong to a code
  if (s.includes(' ')) s = s.replace(/\s+/gu, '');
  return s.toUpperCase();
}

/** The check character for the first 17 characters (all from USCC_CHARS), or undefined. */
export function usccCheckChar(first17: string): string | undefined {
  if (first17.length !== 17) return undefined;
  let sum = 0;
  for (let i = 0; i < 17; i++) {
    const c = first17.charCodeAt(i);
    const v = c < 128 ? VALUE[c]! : -1;
    if (v < 0) return undefined;
    sum += v * USCC_WEIGHTS[i]!;
  }
  return USCC_CHARS[(31 - (sum % 31)) % 31];
}

/** Normalises and checks a credit code. */
export function checkUscc(raw: string): UsccCheck {
  // fast path: 18 code characters (upper case ASCII) are already normal; the check sum on the way
  if (raw.length === 18) {
    let sum = 0;
    let i = 0;
    for (; i < 17; i++) {
      const c = raw.charCodeAt(i);
      const v = c < 128 ? VALUE[c]! : -1;
      if (v < 0) break;
      sum += v * USCC_WEIGHTS[i]!;
    }
    const last = raw.charCodeAt(17);
    if (i === 17 && last < 128 && VALUE[last]! >= 0) {
      const expected = USCC_CHARS[(31 - (sum % 31)) % 31]!;
      if (expected !== raw[17]) return { ok: false, code: raw, problem: 'check', expected };
      return { ok: true, code: raw };
    }
  }
  const code = normaliseUscc(raw);
  if (code.length !== 18) return { ok: false, code, problem: 'length' };
  for (let i = 0; i < 18; i++) {
    const c = code.charCodeAt(i);
    if (c >= 128 || VALUE[c]! < 0) return { ok: false, code, problem: 'character', position: i + 1, char: code[i] };
  }
  const expected = usccCheckChar(code.slice(0, 17))!;
  if (expected !== code[17]) return { ok: false, code, problem: 'check', expected };
  return { ok: true, code };
}

/** Completes 17 code characters with their check character (fixtures, tests). */
export function withCheckChar(first17: string): string {
  const c = usccCheckChar(first17);
  if (c === undefined) throw new Error(`not 17 credit-code characters: ${first17}`);
  return first17 + c;
}
