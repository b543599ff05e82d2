/**
 * `leader verify <dir|zip> [--public-key <file>]`: every file against manifest.json (missing, extra,
 * altered) and the Ed25519 signature when present. Exit 0 intact, 1 not; findings in --json.
 */
import { createHash } from 'node:crypto';
import { resolve } from 'node:path';
import { checkFiles, MANIFEST_FILE, parseManifest, SIGNATURE_FILE, type Finding, type Manifest } from '../../core/package-manifest.js';
import { readInputFile } from '../../io/files.js';
import { readPackage } from '../../io/package.js';
import type { Handler } from '../../ui/context.js';
import { checkSignature, loadPublicKey, type SignatureCheck } from './signature.js';
import type { MessageCode } from '../../i18n/index.js';

export const verifyPackage: Handler = async (ctx, [target], opts) => {
  const path = resolve(ctx.cwd, target!);
  const trusted = opts.publicKey ? loadPublicKey(readInputFile(resolve(ctx.cwd, String(opts.publicKey))), String(opts.publicKey)) : undefined;
  const pkg = readPackage(path);
  const files = new Map(pkg.files.map((f) => [f.path, f.data]));
  const findings: Finding[] = [];

  const manifestBytes = files.get(MANIFEST_FILE);
  let manifest: Manifest | null = null;
  if (!manifestBytes) {
    findings.push({ kind: 'manifest-missing', path: MANIFEST_FILE });
  } else {
    let parsed: unknown;
    try {
      parsed = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(manifestBytes));
    } catch (e) {
      findings.push({ kind: 'manifest-invalid', path: MANIFEST_FILE, detail: (e as Error).message });
    }
    if (parsed !== undefined) {
      const m = parseManifest(parsed);
      if (m.ok) manifest = m.manifest;
      else findings.push({ kind: 'manifest-invalid', path: MANIFEST_FILE, detail: m.detail });
    }
  }
  // a link or special file in a folder is never read (a listed file behind one is also missing)
  for (const path of pkg.irregular) findings.push({ kind: 'not-a-file', path });
  // a zip that tools read differently is never intact, whatever the copy read here holds
  for (const a of pkg.ambiguities) findings.push({ kind: a.kind === 'duplicate' ? 'zip-duplicate' : 'zip-unaccounted', path: a.name, detail: a.detail });
  if (manifest) {
    const digests = pkg.files.map((f) => ({ path: f.path, size: f.data.length, sha256: createHash('sha256').update(f.data).digest('hex') }));
    findings.push(...checkFiles(manifest, digests));
  }

  let signature: SignatureCheck = { present: false, valid: false, trusted: false, keyId: null, problem: null };
  const sigBytes = files.get(SIGNATURE_FILE);
  if (sigBytes && manifestBytes) {
    signature = checkSignature(manifestBytes, sigBytes, trusted);
    if (signature.problem) findings.push({ kind: signature.problem, path: SIGNATURE_FILE, ...(signature.detail ? { detail: signature.detail } : {}) });
  } else if (sigBytes && !manifestBytes) {
    signature = { present: true, valid: false, trusted: false, keyId: null, problem: null };
  } else if (trusted || manifest?.signed) {
    findings.push({ kind: 'signature-missing', path: SIGNATURE_FILE });
  }

  const intact = findings.length === 0;
  const { out } = ctx;
  for (const f of findings) {
    out.data(`${out.t(`VERIFY_${f.kind}` as MessageCode).padEnd(8)}\t${f.path}${f.detail ? `\t${f.detail}` : ''}`);
  }
  if (intact) {
    out.info('I_VERIFY_OK', { count: manifest?.files.length ?? 0 });
    if (signature.valid && signature.trusted) out.info('I_VERIFY_SIGNED_TRUSTED', { keyId: signature.keyId?.slice(0, 16) });
    else if (signature.valid) out.warn('W_VERIFY_SIGNATURE_UNTRUSTED', { keyId: signature.keyId?.slice(0, 16) });
  } else {
    out.note(out.ce.red(out.t('E_VERIFY_FAILED', { count: findings.length })));
  }
  return {
    exitCode: intact ? 0 : 1,
    json: {
      verify: {
        target: path,
        kind: pkg.kind,
        intact,
        files: manifest?.files.length ?? 0,
        manifest: manifest ? {
          scheme: { id: manifest.scheme?.id, version: manifest.scheme?.version },
          shortlistId: manifest.shortlist?.id ?? null,
          runId: manifest.run?.id ?? null,
          exportDate: manifest.exportDate ?? null,
        } : null,
        signature: { present: signature.present, valid: signature.valid, trusted: signature.trusted, keyId: signature.keyId },
        findings,
      },
    },
  };
};
