import { DomainError } from '../../core/errors.js';
import { validateScheme } from '../../core/scheme.js';
import { listSchemes } from '../../store/schemes.js';
import { verifyChunks } from '../../store/version-chunks.js';
import type { Handler } from '../../ui/context.js';
import { openCommandStore } from '../open-store.js';

/**
 * `leader db check`: SQLite's integrity and foreign key checks, then what the engine relies on
 * beyond them: every stored scheme still validates (commands read them without the validator), and
 * the columnar copies of the versions that rank reads match the tables.
 */
export const check: Handler = async (ctx) => {
  const db = await openCommandStore(ctx, { create: false });
  try {
    const integrity = (db.pragma('integrity_check') as Array<{ integrity_check: string }>).map((r) => r.integrity_check);
    const foreignKeys = db.pragma('foreign_key_check') as unknown[];
    const version = db.pragma('user_version', { simple: true }) as number;
    const sqliteOk = integrity.length === 1 && integrity[0] === 'ok' && foreignKeys.length === 0;
    const schemes = sqliteOk
      ? listSchemes(db).filter((s) => !validateScheme(JSON.parse(s.content.replace(/^\uFEFF/, ''))).ok).map((s) => `stored scheme ${s.id} ${s.version} does not validate`)
      : [];
    const chunks = sqliteOk ? verifyChunks(db) : [];
    if (!sqliteOk || schemes.length || chunks.length) {
      const detail = [...integrity.filter((s) => s !== 'ok'), ...foreignKeys.map((f) => JSON.stringify(f)), ...schemes, ...chunks].slice(0, 20).join('; ');
      throw new DomainError('E_DB_CHECK_FAILED', { detail }, { integrity, foreignKeys, schemes, chunks });
    }
    ctx.out.info('I_DB_CHECK_OK', { file: db.name, version });
    return { json: { db: { file: db.name, schemaVersion: version, integrity: 'ok', foreignKeyViolations: 0, schemes: 'ok', versionChunks: 'ok' } } };
  } finally {
    db.close();
  }
};
