/**
 * Exact decimal and rational arithmetic on text and BigInt: parsing, comparison, sums, products,
 * division to a scale and round-half-even (GB/T 8170 四舍六入五成双). Never a binary float where a
 * result is decided. Also the fast helpers the scoring engine uses at a fixed scale.
 */

/** value = int / 10^scale */
export interface Dec { int: bigint; scale: number }
/** value = num / den, den > 0, reduced */
export interface Frac { num: bigint; den: bigint }

const DECIMAL_RE = /^([+-]?)(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d+))?$/;

const POW10: bigint[] = [];
export function pow10(n: number): bigint {
  if (n < 0) throw new RangeError('negative power');
  if (n < 64) return (POW10[n] ??= 10n ** BigInt(n));
  return 10n ** BigInt(n);
}

/** Parses "12.340", "-0.5", ".5", "1e-3" exactly; throws on anything else. */
export function parseDecimal(text: string): Dec {
  const m = DECIMAL_RE.exec(text.trim());
  if (!m || (m[2] === '' && (m[3] === undefined || m[3] === ''))) throw new SyntaxError(`not a decimal: ${JSON.stringify(text)}`);
  const frac = m[3] ?? '';
  let int = BigInt((m[2] || '0') + frac);
  let scale = frac.length;
  if (m[4] !== undefined) {
    const e = Number(m[4]);
    if (e >= 0) {
      if (e >= scale) { int *= pow10(e - scale); scale = 0; } else scale -= e;
    } else scale += -e;
  }
  if (m[1] === '-') int = -int;
  return { int, scale };
}

export function isDecimalText(text: string): boolean {
  const m = DECIMAL_RE.exec(text.trim());
  return Boolean(m && !(m[2] === '' && (m[3] === undefined || m[3] === '')));
}

/** A JSON number (scheme thresholds, limits, points, weights) as its shortest exact decimal. */
export function decFromNumber(n: number): Dec {
  if (!Number.isFinite(n)) throw new RangeError(`not finite: ${n}`);
  return parseDecimal(String(n));
}

/** Text with exactly `d.scale` decimals. */
export function formatDec(d: Dec): string {
  const neg = d.int < 0n;
  let s = (neg ? -d.int : d.int).toString();
  if (d.scale > 0) {
    if (s.length <= d.scale) s = '0'.repeat(d.scale - s.length + 1) + s;
    s = s.slice(0, s.length - d.scale) + '.' + s.slice(s.length - d.scale);
  }
  return (neg ? '-' : '') + s;
}

/** The decimals a number text has ("1.50" -> 2, "3" -> 0). */
export function decimalsOf(text: string): number {
  return parseDecimal(text).scale;
}

export function rescale(d: Dec, scale: number): Dec {
  if (scale === d.scale) return d;
  if (scale > d.scale) return { int: d.int * pow10(scale - d.scale), scale };
  return roundHalfEven(d, scale);
}

/** q = num/den rounded half-even to an integer (den != 0). */
export function divRoundHalfEven(num: bigint, den: bigint): bigint {
  if (den < 0n) { num = -num; den = -den; }
  let q = num / den; // truncates toward zero
  let r = num - q * den;
  if (r < 0n) { q -= 1n; r += den; } // floor
  const twice = 2n * r;
  if (twice > den || (twice === den && (q & 1n) === 1n)) q += 1n;
  return q;
}

/** Round half-even (四舍六入五成双) to `decimals` decimals, on the exact decimal value. */
export function roundHalfEven(d: Dec, decimals: number): Dec {
  if (decimals >= d.scale) return rescale(d, decimals);
  return { int: divRoundHalfEven(d.int, pow10(d.scale - decimals)), scale: decimals };
}

/** "2.675" -> "2.68" at 2 decimals; the result always has exactly `decimals` decimals. */
export function roundHalfEvenText(text: string, decimals: number): string {
  return formatDec(roundHalfEven(parseDecimal(text), decimals));
}

export function compareDec(a: Dec, b: Dec): -1 | 0 | 1 {
  const s = Math.max(a.scale, b.scale);
  const x = rescale(a, s).int;
  const y = rescale(b, s).int;
  return x < y ? -1 : x > y ? 1 : 0;
}

export function addDec(a: Dec, b: Dec): Dec {
  const s = Math.max(a.scale, b.scale);
  return { int: rescale(a, s).int + rescale(b, s).int, scale: s };
}
export function subDec(a: Dec, b: Dec): Dec {
  return addDec(a, { int: -b.int, scale: b.scale });
}
export function mulDec(a: Dec, b: Dec): Dec {
  return { int: a.int * b.int, scale: a.scale + b.scale };
}
/** a / b rounded half-even to `scale` decimals. */
export function divDec(a: Dec, b: Dec, scale: number): Dec {
  if (b.int === 0n) throw new RangeError('division by zero');
  // a/b = (a.int / 10^as) / (b.int / 10^bs) = a.int * 10^(bs + scale - as) / b.int / 10^scale
  const shift = b.scale + scale - a.scale;
  const num = shift >= 0 ? a.int * pow10(shift) : a.int;
  const den = shift >= 0 ? b.int : b.int * pow10(-shift);
  return { int: divRoundHalfEven(num, den), scale };
}

// ---------------------------------------------------------------- fractions

function gcd(a: bigint, b: bigint): bigint {
  if (a < 0n) a = -a;
  if (b < 0n) b = -b;
  while (b) [a, b] = [b, a % b];
  return a;
}
export function frac(num: bigint, den: bigint = 1n): Frac {
  if (den === 0n) throw new RangeError('zero denominator');
  if (den < 0n) { num = -num; den = -den; }
  const g = gcd(num, den);
  return g > 1n ? { num: num / g, den: den / g } : { num, den };
}
export function fracFromDec(d: Dec): Frac {
  return frac(d.int, pow10(d.scale));
}
export function fracAdd(a: Frac, b: Frac): Frac {
  return frac(a.num * b.den + b.num * a.den, a.den * b.den);
}
export function fracSub(a: Frac, b: Frac): Frac {
  return frac(a.num * b.den - b.num * a.den, a.den * b.den);
}
export function fracMul(a: Frac, b: Frac): Frac {
  return frac(a.num * b.num, a.den * b.den);
}
export function fracDiv(a: Frac, b: Frac): Frac {
  return frac(a.num * b.den, a.den * b.num);
}
export function fracCompare(a: Frac, b: Frac): -1 | 0 | 1 {
  const x = a.num * b.den;
  const y = b.num * a.den;
  return x < y ? -1 : x > y ? 1 : 0;
}
export function fracEquals(a: Frac, b: Frac): boolean {
  return a.num === b.num && a.den === b.den;
}
/** Rounded half-even to `decimals` decimals, as text. */
export function fracToFixed(f: Frac, decimals: number): string {
  return formatDec({ int: divRoundHalfEven(f.num * pow10(decimals), f.den), scale: decimals });
}
/** True when the fraction has a finite decimal expansion. */
export function fracTerminates(f: Frac): boolean {
  let d = f.den;
  while (d % 2n === 0n) d /= 2n;
  while (d % 5n === 0n) d /= 5n;
  return d === 1n;
}
/** "1234/17" or "12" */
export function fracText(f: Frac): string {
  return f.den === 1n ? f.num.toString() : `${f.num}/${f.den}`;
}
/**
 * The exact value as decimal text when it terminates within `maxDecimals` (trailing zeros trimmed),
 * otherwise rounded half-even to `maxDecimals` and marked with a trailing "…".
 */
export function fracToDecimalText(f: Frac, maxDecimals = 6): string {
  if (fracTerminates(f)) {
    for (let k = 0; k <= maxDecimals; k++) {
      if ((pow10(k) * f.num) % f.den === 0n) return formatDec({ int: (pow10(k) * f.num) / f.den, scale: k });
    }
  }
  return fracToFixed(f, maxDecimals) + '…';
}

// ---------------------------------------------------------------- fast helpers (Number, exact when safe)

/**
 * Decimal text -> integer at `scale` (value * 10^scale), rounded half-even to `decimals` first
 * (decimals <= scale). Returns undefined when the text is not a plain decimal or the result is not a
 * safe integer (the caller then uses the BigInt path).
 */
export function scaledInt(text: string, decimals: number, scale: number): number | undefined {
  if (!isDecimalText(text)) return undefined;
  const d = rescale(roundHalfEven(parseDecimal(text), decimals), scale);
  if (d.int > BigInt(Number.MAX_SAFE_INTEGER) || d.int < -BigInt(Number.MAX_SAFE_INTEGER)) return undefined;
  return Number(d.int);
}

/**
 * floor-free half-even division of safe integers: round(x / d) for d > 0, exact as long as |x| and
 * d are below 2^53. Corrects the float quotient with an exact remainder.
 */
export function divRoundHalfEvenNumber(x: number, d: number): number {
  let q = Math.floor(x / d);
  let r = x - q * d;
  while (r < 0) { q -= 1; r += d; }
  while (r >= d) { q += 1; r -= d; }
  const twice = 2 * r;
  if (twice > d || (twice === d && q % 2 !== 0)) q += 1;
  return q;
}

/** Integer at `scale` as text with exactly `scale` decimals (safe integers). */
export function formatScaled(n: number, scale: number): string {
  if (scale === 0) return String(n);
  const neg = n < 0;
  let s = String(neg ? -n : n);
  if (s.length <= scale) s = '0'.repeat(scale - s.length + 1) + s;
  return (neg ? '-' : '') + s.slice(0, s.length - scale) + '.' + s.slice(s.length - scale);
}

export function bigGcd(a: bigint, b: bigint): bigint {
  return gcd(a, b);
}
export function bigLcm(a: bigint, b: bigint): bigint {
  if (a === 0n || b === 0n) return 0n;
  return (a / gcd(a, b)) * (b < 0n ? -b : b);
}
