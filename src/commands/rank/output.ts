/** Writing the ranking CSV to a file or stdout. */
import { resolve } from 'node:path';
import type { Scheme } from '../../core/scheme.js';
import type { RunResult } from '../../core/types.js';
import { writeOutputFile } from '../../io/files.js';
import type { Context } from '../../ui/context.js';
import { rankingCsv } from './csv.js';

export function writeCsv(ctx: Context, target: string, result: RunResult, scheme: Scheme | undefined, force: boolean): void {
  const csv = rankingCsv(result, scheme, ctx.out.lang);
  if (target === '-') { ctx.out.raw(csv); return; }
  const path = resolve(ctx.cwd, target);
  writeOutputFile(path, csv, { force });
  ctx.out.info('I_CSV_WRITTEN', { file: path });
}
