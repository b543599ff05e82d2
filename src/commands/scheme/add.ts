import { addScheme } from '../../store/schemes.js';
import type { Handler } from '../../ui/context.js';
import { openCommandStore } from '../open-store.js';
import { readSchemeFile } from './read.js';

export const add: Handler = async (ctx, [file]) => {
  const { scheme, content, sha256, fileName } = readSchemeFile(ctx, file!);
  const db = await openCommandStore(ctx);
  try {
    const result = addScheme(db, scheme, content, sha256, fileName);
    ctx.out.info(result === 'added' ? 'I_SCHEME_ADDED' : 'I_SCHEME_UNCHANGED', { id: scheme.id, version: scheme.version, sha256 });
    return { json: { scheme: { id: scheme.id, version: scheme.version, sha256, added: result === 'added' } } };
  } finally {
    db.close();
  }
};
