/** `leader keys generate --out <prefix>`: an Ed25519 key pair in PEM files (private key mode 0600). */
import { chmodSync, existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { OutputError } from '../../core/errors.js';
import { writeOutputFile } from '../../io/files.js';
import type { Handler } from '../../ui/context.js';
import { generateKeyPair } from './signature.js';

export const generateKeys: Handler = async (ctx, _args, opts) => {
  const prefix = resolve(ctx.cwd, String(opts.out));
  const privatePath = `${prefix}.private.pem`;
  const publicPath = `${prefix}.public.pem`;
  for (const p of [privatePath, publicPath]) {
    if (existsSync(p) && !opts.force) throw new OutputError('E_OUTPUT_EXISTS', { file: p });
  }
  const k = generateKeyPair();
  writeOutputFile(privatePath, k.privatePem, { force: Boolean(opts.force) });
  chmodSync(privatePath, 0o600);
  writeOutputFile(publicPath, k.publicPem, { force: Boolean(opts.force) });
  ctx.out.info('I_KEYS_WRITTEN', { private: privatePath, public: publicPath, keyId: k.keyId.slice(0, 16) });
  return { json: { keys: { privateKey: privatePath, publicKey: publicPath, keyId: k.keyId, algorithm: 'Ed25519' } } };
};
