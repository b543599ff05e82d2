import { describe, expect, it } from 'vitest';
import { buildManifest, checkFiles, isSafePackagePath, parseManifest, serialiseManifest, type ManifestMeta } from '../../src/core/package-manifest.js';

const meta: ManifestMeta = {
  tool: { name: 'leader', version: '0.1.0' },
  lang: 'zh',
  exportDate: '2026-05-01',
  body: { name: '某某标准化研究院', uscc: null },
  scheme: { id: 's', version: '1.0.0', sha256: 'a'.repeat(64), name: 'n', category: 'c', year: 2026 },
  run: { id: 1, asOf: '2026-05-01', method: 'weighted-sum', contentSha256: 'b'.repeat(64), schemeSha256: 'a'.repeat(64), inputSha256: 'c'.repeat(64), createdAt: '2026-05-01T00:00:00.000Z' },
  shortlist: { id: 1, createdAt: '2026-05-01T00:00:00.000Z' },
  counts: { ranked: 3, excluded: 1, shortlisted: 1, revocations: 0, auditEvents: 5 },
  publicity: null,
  audit: null,
  signed: false,
};
const h = (c: string) => c.repeat(64);

describe('package manifest', () => {
  it('lists files sorted by path, leaving out manifest.json and signature.json', () => {
    const m = buildManifest(meta, [
      { path: 'z.csv', size: 1, sha256: h('1') }, { path: 'manifest.json', size: 1, sha256: h('2') },
      { path: 'a.csv', size: 2, sha256: h('3') }, { path: 'signature.json', size: 1, sha256: h('4') },
    ]);
    expect(m.files.map((f) => f.path)).toEqual(['a.csv', 'z.csv']);
    expect(serialiseManifest(m)).toBe(serialiseManifest(buildManifest(meta, [...m.files].reverse())));
    expect(serialiseManifest(m).endsWith('}\n')).toBe(true);
    expect(parseManifest(JSON.parse(serialiseManifest(m)))).toEqual({ ok: true, manifest: m });
  });

  it('finds missing, extra and altered files (size or hash)', () => {
    const m = buildManifest(meta, [
      { path: 'a.csv', size: 2, sha256: h('1') }, { path: 'b.csv', size: 2, sha256: h('2') }, { path: 'c.csv', size: 2, sha256: h('3') },
    ]);
    const f = checkFiles(m, [
      { path: 'a.csv', size: 2, sha256: h('1') },
      { path: 'b.csv', size: 2, sha256: h('9') },
      { path: 'd.txt', size: 1, sha256: h('4') },
      { path: 'manifest.json', size: 5, sha256: h('5') },
    ]);
    expect(f.map((x) => [x.kind, x.path])).toEqual([['altered', 'b.csv'], ['missing', 'c.csv'], ['extra', 'd.txt']]);
    expect(checkFiles(m, m.files)).toEqual([]);
  });

  it('rejects manifests naming unsafe paths or of another format', () => {
    for (const p of ['../x', '/etc/passwd', 'a/../../b', 'C:/x', 'a\\b', '', 'a//b']) expect(isSafePackagePath(p), p).toBe(false);
    expect(isSafePackagePath('sub/ok.csv')).toBe(true);
    const m = JSON.parse(serialiseManifest(buildManifest(meta, [])));
    expect(parseManifest({ ...m, files: [{ path: '../evil', size: 1, sha256: h('1') }] }).ok).toBe(false);
    expect(parseManifest({ ...m, format: 'other' }).ok).toBe(false);
    expect(parseManifest({ ...m, files: [{ path: 'a', size: 1, sha256: 'nothex' }] }).ok).toBe(false);
    expect(parseManifest([]).ok).toBe(false);
  });
});
