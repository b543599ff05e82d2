import type { Handler } from '../../ui/context.js';
import { readSchemeFile } from './read.js';

export const validate: Handler = async (ctx, [file]) => {
  const { scheme, sha256 } = readSchemeFile(ctx, file!);
  ctx.out.info('I_SCHEME_VALID', { id: scheme.id, version: scheme.version, name: scheme.name });
  return { json: { scheme: { id: scheme.id, version: scheme.version, name: scheme.name, sha256 }, problems: [] } };
};
