/**
 * Spreadsheet formula-injection neutralisation (OWASP "CSV Injection"): a TEXT cell that starts with
 * `=`, `+`, `-`, `@`, tab or carriage return would be read as a formula by Excel or LibreOffice.
 * Numbers are never touched: `-0.5` is a value, not a formula.
 */

const DANGEROUS_FIRST = new Set(['=', '+', '-', '@', '\t', '\r']);

/** True when a text cell would be taken for a formula by a spreadsheet. */
export function isFormulaLike(text: string): boolean {
  return text.length > 0 && DANGEROUS_FIRST.has(text[0]!);
}

/** The text a CSV cell must hold: prefixed with `'` when it is formula-like, unchanged otherwise. */
export function neutraliseText(text: string): string {
  return isFormulaLike(text) ? `'${text}` : text;
}
