import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { OutputError } from '../../core/errors.js';
import type { Handler } from '../../ui/context.js';
import { openCommandStore } from '../open-store.js';

export const backup: Handler = async (ctx, [file], opts) => {
  const target = resolve(ctx.cwd, file!);
  if (existsSync(target) && !opts.force) throw new OutputError('E_OUTPUT_EXISTS', { file: target });
  const db = await openCommandStore(ctx, { create: false });
  try {
    await db.backup(target);
  } catch (e) {
    throw new OutputError('E_FILE_WRITE', { file: target, detail: (e as Error).message });
  } finally {
    db.close();
  }
  ctx.out.info('I_DB_BACKUP_DONE', { file: target });
  return { json: { backup: { file: target } } };
};
