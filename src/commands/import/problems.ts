/** Wording of import problems: `第 12 行，列「能效指数」：…` / `line 12, column "能效指数": …`, and their JSON form. */
import type { ImportProblem } from '../../core/import-row.js';
import { t, type Lang, type MessageCode } from '../../i18n/index.js';

/** The location prefix alone (`onlyAt`) or the whole message. */
export function formatProblem(p: ImportProblem, lang: Lang, onlyAt = false): string {
  const header = p.code.startsWith('E_HEADER') || p.code === 'W_INDICATOR_COLUMN_MISSING';
  const at = header ? t(lang, 'I_AT_HEADER', { column: p.column })
    : p.column === '' ? t(lang, 'I_AT_LINE', { line: p.line })
    : t(lang, 'I_AT_CELL', { line: p.line, column: p.column });
  if (onlyAt) return at;
  return t(lang, p.code as MessageCode, { ...p.params, at });
}

export function problemJson(p: ImportProblem, lang: Lang) {
  return { line: p.line, column: p.column, value: p.value, code: p.code, message: formatProblem(p, lang) };
}
