import { DomainError } from '../../core/errors.js';
import type { Handler } from '../../ui/context.js';
import { openCommandStore } from '../open-store.js';

export const check: Handler = async (ctx) => {
  const db = await openCommandStore(ctx, { create: false });
  try {
    const integrity = (db.pragma('integrity_check') as Array<{ integrity_check: string }>).map((r) => r.integrity_check);
    const foreignKeys = db.pragma('foreign_key_check') as unknown[];
    const version = db.pragma('user_version', { simple: true }) as number;
    const ok = integrity.length === 1 && integrity[0] === 'ok' && foreignKeys.length === 0;
    if (!ok) {
      const detail = [...integrity.filter((s) => s !== 'ok'), ...foreignKeys.map((f) => JSON.stringify(f))].slice(0, 20).join('; ');
      throw new DomainError('E_DB_CHECK_FAILED', { detail }, { integrity, foreignKeys });
    }
    ctx.out.info('I_DB_CHECK_OK', { file: db.name, version });
    return { json: { db: { file: db.name, schemaVersion: version, integrity: 'ok', foreignKeyViolations: 0 } } };
  } finally {
    db.close();
  }
};
