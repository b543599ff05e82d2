/**
 * Ed25519 signatures over manifest.json (node:crypto): signature.json carries the algorithm, the
 * signed file's SHA-256, the signature, the signer's public key and its id (SHA-256 of the SPKI DER).
 * A signature checks integrity by itself; who signed is only known when `--public-key` is given.
 */
import { createHash, createPrivateKey, createPublicKey, generateKeyPairSync, sign, verify, type KeyObject } from 'node:crypto';
import { UsageError } from '../../core/errors.js';
import { MANIFEST_FILE } from '../../core/package-manifest.js';

export interface SignatureFile {
  algorithm: 'Ed25519';
  signedFile: string;
  signedSha256: string;
  keyId: string;
  publicKey: string;
  signature: string;
}

export function keyId(pub: KeyObject): string {
  return createHash('sha256').update(pub.export({ type: 'spki', format: 'der' })).digest('hex');
}

export function loadPrivateKey(pem: Buffer, file: string): KeyObject {
  let key: KeyObject;
  try {
    key = createPrivateKey(pem);
  } catch (e) {
    throw new UsageError('E_KEY_READ', { file, detail: (e as Error).message });
  }
  if (key.asymmetricKeyType !== 'ed25519') throw new UsageError('E_KEY_NOT_ED25519', { file, type: String(key.asymmetricKeyType) });
  return key;
}

export function loadPublicKey(pem: Buffer, file: string): KeyObject {
  let key: KeyObject;
  try {
    key = createPublicKey(pem);
  } catch (e) {
    throw new UsageError('E_KEY_READ', { file, detail: (e as Error).message });
  }
  if (key.asymmetricKeyType !== 'ed25519') throw new UsageError('E_KEY_NOT_ED25519', { file, type: String(key.asymmetricKeyType) });
  return key;
}

export function signManifest(manifestBytes: Uint8Array, privateKey: KeyObject): SignatureFile {
  const pub = createPublicKey(privateKey);
  return {
    algorithm: 'Ed25519',
    signedFile: MANIFEST_FILE,
    signedSha256: createHash('sha256').update(manifestBytes).digest('hex'),
    keyId: keyId(pub),
    publicKey: String(pub.export({ type: 'spki', format: 'pem' })),
    signature: sign(null, manifestBytes, privateKey).toString('base64'),
  };
}

export interface SignatureCheck {
  present: boolean;
  /** the signature matches manifest.json under the key used */
  valid: boolean;
  /** checked against a key the user supplied (--public-key) rather than the one in the file */
  trusted: boolean;
  keyId: string | null;
  problem: 'signature-invalid' | 'signature-key-mismatch' | 'signature-unreadable' | null;
  detail?: string;
}

export function checkSignature(manifestBytes: Uint8Array, sigBytes: Uint8Array, trustedKey?: KeyObject): SignatureCheck {
  let s: SignatureFile;
  let embedded: KeyObject;
  try {
    s = JSON.parse(new TextDecoder().decode(sigBytes)) as SignatureFile;
    if (s.algorithm !== 'Ed25519' || typeof s.signature !== 'string' || typeof s.publicKey !== 'string') throw new Error('not an Ed25519 signature file');
    embedded = createPublicKey(s.publicKey);
  } catch (e) {
    return { present: true, valid: false, trusted: false, keyId: null, problem: 'signature-unreadable', detail: (e as Error).message };
  }
  const id = keyId(embedded);
  if (trustedKey && keyId(trustedKey) !== id) {
    return { present: true, valid: false, trusted: true, keyId: id, problem: 'signature-key-mismatch', detail: `signed by key ${id.slice(0, 16)}, expected ${keyId(trustedKey).slice(0, 16)}` };
  }
  let ok = false;
  try {
    ok = verify(null, manifestBytes, trustedKey ?? embedded, Buffer.from(s.signature, 'base64'));
  } catch {
    ok = false;
  }
  return { present: true, valid: ok, trusted: Boolean(trustedKey), keyId: id, problem: ok ? null : 'signature-invalid' };
}

export function generateKeyPair(): { privatePem: string; publicPem: string; keyId: string } {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  return {
    privatePem: String(privateKey.export({ type: 'pkcs8', format: 'pem' })),
    publicPem: String(publicKey.export({ type: 'spki', format: 'pem' })),
    keyId: keyId(publicKey),
  };
}
