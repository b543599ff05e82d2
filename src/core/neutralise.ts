/**
 * Spreadsheet formula-injection neutralisation (OWASP "CSV Injection"): a TEXT cell that starts with
 * `=`, `+`, `-`, `@`, tab or carriage return would be read as a formula by Excel or LibreOffice.
 * Numbers are never touched: `-0.5` is a value, not a formula.
 */

/** True when a text cell would be taken for a formula by a spreadsheet (first character `=`, `+`, `-`, `@`, tab or CR). */
export function isFormulaLike(text: string): boolean {
  if (text.length === 0) return false;
  const c = text.charCodeAt(0);
  return c === 0x3d || c === 0x2b || c === 0x2d || c === 0x40 || c === 0x09 || c === 0x0d;
}

/** The text a CSV cell must hold: prefixed with `'` when it is formula-like, unchanged otherwise. */
export function neutraliseText(text: string): string {
  return isFormulaLike(text) ? `'${text}` : text;
}
