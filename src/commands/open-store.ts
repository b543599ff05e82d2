/** Opens the store named by --db / LEADER_DB for a command, telling the user about migrations. */
import { resolve } from 'node:path';
import type { DB } from '../store/db.js';
import type { Context } from '../ui/context.js';

export async function openCommandStore(ctx: Context, o: { create?: boolean } = {}): Promise<DB> {
  const { openStore } = await import('../store/db.js');
  const path = ctx.opts.db === ':memory:' ? ':memory:' : resolve(ctx.cwd, ctx.opts.db);
  return openStore(path, {
    create: o.create ?? true,
    onMigrated: ({ to, backup }) => ctx.out.info('I_DB_MIGRATED', { version: to, backup: backup ?? '-' }),
  });
}
