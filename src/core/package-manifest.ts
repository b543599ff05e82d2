/**
 * The submission package's manifest (manifest.json): what it declares (format, body, scheme, run,
 * shortlist, dates, counts, tool) and every other file with its size and SHA-256; and the check of a
 * package's actual files against it (missing, extra, altered). Pure: hashes are computed by callers.
 */

export const MANIFEST_FILE = 'manifest.json';
export const SIGNATURE_FILE = 'signature.json';
export const PACKAGE_FORMAT = 'leader-submission-package';
export const PACKAGE_FORMAT_VERSION = 1;

export interface FileDigest {
  path: string;
  size: number;
  sha256: string;
}

export interface ManifestMeta {
  tool: { name: string; version: string };
  lang: 'zh' | 'en';
  /** the export date (YYYY-MM-DD): never the wall clock, so re-exports are identical */
  exportDate: string;
  body: { name: string; uscc: string | null };
  scheme: { id: string; version: string; sha256: string; name: string; category: string; year: number };
  run: { id: number; asOf: string; method: string; contentSha256: string; schemeSha256: string; inputSha256: string; createdAt: string };
  shortlist: { id: number; createdAt: string };
  counts: { ranked: number; excluded: number; shortlisted: number; revocations: number; auditEvents: number };
  publicity: { start: string; end: string; workingDays: number; countFrom: string; provisional: boolean; started: boolean } | null;
  /** the audit events carried in audit-events.jsonl: a prefix of the store's hash chain */
  audit: { firstSeq: number; lastSeq: number; lastHash: string } | null;
  /** true when signature.json accompanies the manifest (the signature itself is not listed) */
  signed: boolean;
}

export interface Manifest extends ManifestMeta {
  format: string;
  formatVersion: number;
  files: FileDigest[];
}

export type FindingKind = 'missing' | 'extra' | 'altered' | 'manifest-missing' | 'manifest-invalid'
  | 'signature-invalid' | 'signature-missing' | 'signature-key-mismatch' | 'signature-unreadable'
  /** a zip that another tool could read differently: an entry name used twice, or bytes no entry accounts for */
  | 'zip-duplicate' | 'zip-unaccounted'
  /** in a package folder: a symbolic link or special file (never followed or read) */
  | 'not-a-file';

export interface Finding {
  kind: FindingKind;
  path: string;
  expected?: { size: number; sha256: string };
  actual?: { size: number; sha256: string };
  detail?: string;
}

function byPath(a: { path: string }, b: { path: string }): number {
  return a.path < b.path ? -1 : a.path > b.path ? 1 : 0;
}

/** A path a manifest may name: relative, forward slashes, no `.`/`..` segment, not reserved. */
export function isSafePackagePath(p: string): boolean {
  if (p.length === 0 || p.length > 255 || p.startsWith('/') || p.includes('\\') || p.includes('\0') || /^[A-Za-z]:/.test(p)) return false;
  return p.split('/').every((seg) => seg !== '' && seg !== '.' && seg !== '..');
}

export function buildManifest(meta: ManifestMeta, files: FileDigest[]): Manifest {
  const listed = files.filter((f) => f.path !== MANIFEST_FILE && f.path !== SIGNATURE_FILE).sort(byPath);
  for (const f of listed) if (!isSafePackagePath(f.path)) throw new Error(`unsafe package path ${f.path}`);
  // Key order is fixed by construction: the serialised manifest is the same for the same content.
  return {
    format: PACKAGE_FORMAT,
    formatVersion: PACKAGE_FORMAT_VERSION,
    tool: meta.tool,
    lang: meta.lang,
    exportDate: meta.exportDate,
    body: meta.body,
    scheme: meta.scheme,
    run: meta.run,
    shortlist: meta.shortlist,
    counts: meta.counts,
    publicity: meta.publicity,
    audit: meta.audit,
    signed: meta.signed,
    files: listed.map((f) => ({ path: f.path, size: f.size, sha256: f.sha256 })),
  };
}

/** The bytes of manifest.json: 2-space JSON with a final newline (signed as they are). */
export function serialiseManifest(m: Manifest): string {
  return JSON.stringify(m, null, 2) + '\n';
}

/** Checks the shape of a parsed manifest.json; returns the problem in words for a finding, or the manifest. */
export function parseManifest(v: unknown): { ok: true; manifest: Manifest } | { ok: false; detail: string } {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return { ok: false, detail: 'not a JSON object' };
  const m = v as Record<string, unknown>;
  if (m.format !== PACKAGE_FORMAT) return { ok: false, detail: `format is not ${PACKAGE_FORMAT}` };
  if (m.formatVersion !== PACKAGE_FORMAT_VERSION) return { ok: false, detail: `unsupported formatVersion ${String(m.formatVersion)}` };
  if (!Array.isArray(m.files)) return { ok: false, detail: 'files is not a list' };
  const seen = new Set<string>();
  for (const [i, f] of (m.files as unknown[]).entries()) {
    const e = f as Record<string, unknown>;
    if (typeof e !== 'object' || e === null || typeof e.path !== 'string' || typeof e.size !== 'number'
      || typeof e.sha256 !== 'string' || !/^[0-9a-f]{64}$/.test(e.sha256)) {
      return { ok: false, detail: `files[${i}] needs path, size and a hex sha256` };
    }
    if (!isSafePackagePath(e.path) || e.path === MANIFEST_FILE || e.path === SIGNATURE_FILE) return { ok: false, detail: `files[${i}].path is not allowed: ${e.path}` };
    if (seen.has(e.path)) return { ok: false, detail: `files[${i}].path is listed twice: ${e.path}` };
    seen.add(e.path);
  }
  return { ok: true, manifest: v as Manifest };
}

/**
 * Compares the files present (manifest.json and signature.json excluded by the caller or here) with
 * the manifest: every listed file must be present with the same size and SHA-256, and nothing else.
 * Findings are sorted by path, then kind.
 */
export function checkFiles(manifest: Manifest, present: FileDigest[]): Finding[] {
  const findings: Finding[] = [];
  const actual = new Map(present.filter((f) => f.path !== MANIFEST_FILE && f.path !== SIGNATURE_FILE).map((f) => [f.path, f]));
  for (const e of manifest.files) {
    const a = actual.get(e.path);
    if (!a) findings.push({ kind: 'missing', path: e.path, expected: { size: e.size, sha256: e.sha256 } });
    else if (a.size !== e.size || a.sha256 !== e.sha256) {
      findings.push({ kind: 'altered', path: e.path, expected: { size: e.size, sha256: e.sha256 }, actual: { size: a.size, sha256: a.sha256 } });
    }
    actual.delete(e.path);
  }
  for (const a of actual.values()) findings.push({ kind: 'extra', path: a.path, actual: { size: a.size, sha256: a.sha256 } });
  return findings.sort((x, y) => byPath(x, y) || (x.kind < y.kind ? -1 : x.kind > y.kind ? 1 : 0));
}
