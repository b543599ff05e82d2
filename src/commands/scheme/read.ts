/** Reads a scheme file and validates it; problems are worded in the user's language. */
import { basename } from 'node:path';
import { validateScheme, type Scheme, type SchemeProblem } from '../../core/scheme.js';
import { UsageError } from '../../core/errors.js';
import { parseJsonFile, readInputFile, sha256 } from '../../io/files.js';
import type { Context } from '../../ui/context.js';

export interface ReadScheme { scheme: Scheme; content: string; sha256: string; fileName: string }

export function describeProblems(ctx: Context, problems: SchemeProblem[]) {
  return problems.map((p) => ({ path: p.path, code: p.code, message: ctx.out.t(p.code, p.params) }));
}

/** Validated scheme from a file, or UsageError (exit 2) listing every problem. */
export function readSchemeFile(ctx: Context, file: string): ReadScheme {
  const bytes = readInputFile(file);
  const data = parseJsonFile(file, bytes);
  const v = validateScheme(data);
  if (!v.ok) {
    const problems = describeProblems(ctx, v.problems);
    if (!ctx.opts.json) for (const p of problems) ctx.out.note(`  ${p.path}: [${p.code}] ${p.message}`);
    throw new UsageError('E_SCHEME_INVALID', { file: basename(file), count: problems.length }, { problems });
  }
  return { scheme: v.scheme, content: bytes.toString('utf8'), sha256: sha256(bytes), fileName: basename(file) };
}
