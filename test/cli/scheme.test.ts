import { copyFileSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { FIXTURES, SCHEMES, json, runCli, tempDir } from '../helpers/cli.js';

const tmp = tempDir();
afterAll(() => tmp.cleanup());
const db = join(tmp.dir, 'schemes.db');
const fridge = join(SCHEMES, 'refrigerator-2026.json');
const ebike = join(SCHEMES, 'electric-bicycle-2026.json');

describe('leader scheme', () => {
  it('validates every shipped scheme (exit 0, JSON parses)', () => {
    for (const f of [fridge, ebike]) {
      const r = runCli(['--json', 'scheme', 'validate', f]);
      expect(r.status).toBe(0);
      expect(json(r)).toMatchObject({ ok: true, problems: [] });
    }
  });

  it('reports all three mistakes with their paths and exits 2, in text and in JSON', () => {
    const bad = join(FIXTURES, 'schemes/three-mistakes.json');
    const r = runCli(['--lang', 'en', 'scheme', 'validate', bad]);
    expect(r.status).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain('$.cycleMonths: [SCHEME_CYCLE_MONTHS] cycleMonths must be between 1 and 24 months (is 30)');
    expect(r.stderr).toContain('$.indicators[0].thresholds.advanced: [SCHEME_NOT_MONOTONE]');
    expect(r.stderr).toContain('$.shortlist.requireAllCoreAtLeast: [SCHEME_UNKNOWN_LEVEL] level "excellent" is not one of levels');
    expect(r.stderr).toContain('[E_SCHEME_INVALID] Scheme three-mistakes.json has 3 problem(s)');
    const j = runCli(['--json', 'scheme', 'validate', bad]);
    expect(j.status).toBe(2);
    const doc = json(j);
    expect(doc.ok).toBe(false);
    expect(doc.error.code).toBe('E_SCHEME_INVALID');
    expect(doc.error.details.problems.map((p: { path: string }) => p.path)).toEqual([
      '$.cycleMonths', '$.indicators[0].thresholds.advanced', '$.shortlist.requireAllCoreAtLeast',
    ]);
    expect(doc.error.details.problems[0].message).toContain('1 到 24');
  });

  it('a file that is not JSON is a configuration error (exit 2)', () => {
    const f = join(tmp.dir, 'broken.json');
    writeFileSync(f, '{ "id": ');
    const r = runCli(['--json', 'scheme', 'validate', f]);
    expect(r.status).toBe(2);
    expect(json(r).error.code).toBe('E_JSON_PARSE');
  });

  it('adds a scheme with its SHA-256, is idempotent, and refuses the same id+version with other content', () => {
    const a = runCli(['--db', db, '--json', 'scheme', 'add', fridge]);
    expect(a.status).toBe(0);
    const sha = json(a).scheme.sha256;
    expect(sha).toMatch(/^[0-9a-f]{64}$/);
    expect(json(a).scheme.added).toBe(true);
    const again = runCli(['--db', db, '--json', 'scheme', 'add', fridge]);
    expect(json(again).scheme).toMatchObject({ added: false, sha256: sha });

    const changed = join(tmp.dir, 'fridge-changed.json');
    writeFileSync(changed, readFileSync(fridge, 'utf8').replace('"weight": 40', '"weight": 45'));
    const refused = runCli(['--db', db, '--json', 'scheme', 'add', changed]);
    expect(refused.status).toBe(2);
    expect(json(refused).error.code).toBe('E_SCHEME_CONFLICT');

    const bumped = join(tmp.dir, 'fridge-1.1.json');
    writeFileSync(bumped, readFileSync(changed, 'utf8').replace('"version": "1.0.0"', '"version": "1.1.0"'));
    expect(runCli(['--db', db, 'scheme', 'add', bumped]).status).toBe(0);
    const list = json(runCli(['--db', db, '--json', 'scheme', 'list'])).schemes;
    expect(list.map((s: { id: string; version: string }) => `${s.id}@${s.version}`)).toEqual(['refrigerator-2026@1.0.0', 'refrigerator-2026@1.1.0']);
  });

  it('shows the current version, a given version, and the exact stored copy', () => {
    const cur = json(runCli(['--db', db, '--json', 'scheme', 'show', 'refrigerator-2026']));
    expect(cur.scheme.version).toBe('1.1.0');
    const raw = runCli(['--db', db, 'scheme', 'show', 'refrigerator-2026', '--scheme-version', '1.0.0', '--raw']);
    expect(raw.stdout).toBe(readFileSync(fridge, 'utf8'));
    const text = runCli(['--db', db, 'scheme', 'show', 'refrigerator-2026']);
    expect(text.stdout).toContain('能效指数');
    const missing = runCli(['--db', db, '--json', 'scheme', 'show', 'nope']);
    expect(missing.status).toBe(66);
    expect(json(missing).error.code).toBe('E_SCHEME_NOT_FOUND');
  });

  it('init never hangs without a terminal: it fails naming --from, or copies a template', () => {
    const r = runCli(['scheme', 'init'], { cwd: tmp.dir });
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('--from');
    const y = runCli(['--yes', '--json', 'scheme', 'init'], { cwd: tmp.dir });
    expect(json(y).error.code).toBe('E_SCHEME_INIT_NO_TTY');

    const out = join(tmp.dir, 'fridge-2027.json');
    const t = runCli(['--json', 'scheme', 'init', '--from', fridge, '--id', 'fridge-2027', '--year', '2027', '--out', out]);
    expect(t.status).toBe(0);
    const written = JSON.parse(readFileSync(out, 'utf8'));
    expect([written.id, written.year, written.version]).toEqual(['fridge-2027', 2027, '1.0.0']);
    expect(runCli(['scheme', 'validate', out]).status).toBe(0);
    const twice = runCli(['--json', 'scheme', 'init', '--from', fridge, '--id', 'fridge-2027', '--out', out]);
    expect(twice.status).toBe(73);
  });

  it('the scheme file links its JSON schema', () => {
    copyFileSync(fridge, join(tmp.dir, 'x.json'));
    expect(JSON.parse(readFileSync(fridge, 'utf8')).$schema).toBe('./scheme.schema.json');
  });
});
