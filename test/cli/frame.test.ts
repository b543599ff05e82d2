import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { FIXTURES, ROOT, json, runCli, tempDir } from '../helpers/cli.js';

const tmp = tempDir();
afterAll(() => tmp.cleanup());
const db = join(tmp.dir, 'frame.db');
const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));

describe('the leader CLI frame', () => {
  it('prints its version', () => {
    const r = runCli(['--version']);
    expect([r.status, r.stdout.trim()]).toEqual([0, pkg.version]);
  });

  it('shows help with examples, the exit codes and the environment, in Chinese by default and English with --lang en', () => {
    const zh = runCli(['--help']);
    expect(zh.status).toBe(0);
    expect(zh.stdout).toContain('示例：');
    expect(zh.stdout).toContain('退出码');
    expect(zh.stdout).toContain('LEADER_DB');
    const en = runCli(['--lang', 'en', '--help']);
    expect(en.stdout).toContain('Examples:');
    expect(en.stdout).toContain('Exit codes');
  });

  it('every command and subcommand has help with examples', () => {
    const top = runCli(['--lang', 'en', '--help']).stdout;
    const commands = [...top.matchAll(/^ {2}([a-z]+)\b/gm)].map((m) => m[1]!).filter((c) => c !== 'help');
    expect(commands).toContain('scheme');
    for (const c of commands) {
      const h = runCli(['--lang', 'en', c, '--help']);
      expect(h.status, c).toBe(0);
      const subs = [...h.stdout.matchAll(/^ {2}([a-z-]+)\b(?=.*\S)/gm)].map((m) => m[1]!);
      const section = h.stdout.split(/^Commands:$/m)[1];
      if (section) {
        for (const s of subs.filter((x) => section.includes(`  ${x}`) && x !== 'help')) {
          const sh = runCli(['--lang', 'en', c, s, '--help']);
          expect(sh.status, `${c} ${s}`).toBe(0);
          expect(sh.stdout, `${c} ${s} --help`).toContain('Examples:');
        }
      } else {
        expect(h.stdout, `${c} --help`).toContain('Examples:');
      }
    }
  });

  it('an unknown command is a usage error (exit 2), also as one JSON document', () => {
    const r = runCli(['frobnicate']);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/frobnicate/);
    const j = runCli(['--json', 'frobnicate']);
    expect(j.status).toBe(2);
    expect(json(j)).toMatchObject({ ok: false, error: { code: 'E_USAGE' } });
  });

  it('an unknown option is a usage error naming it', () => {
    const r = runCli(['--lang', 'en', 'scheme', 'list', '--frob']);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('--frob');
  });

  it('picks the language from --lang, then LEADER_LANG, then LANG; Chinese when nothing decides', () => {
    const missing = ['scheme', 'validate', join(tmp.dir, 'nope.json')];
    expect(runCli(missing).stderr).toContain('找不到文件');
    expect(runCli(missing, { env: { LEADER_LANG: undefined, LANG: 'en_US.UTF-8' } }).stderr).toContain('File not found');
    expect(runCli(missing, { env: { LEADER_LANG: 'en', LANG: 'zh_CN.UTF-8' } }).stderr).toContain('File not found');
    expect(runCli(['--lang', 'zh', ...missing], { env: { LEADER_LANG: 'en' } }).stderr).toContain('找不到文件');
    expect(runCli(missing, { env: { LEADER_LANG: undefined, LANG: 'C.UTF-8' } }).stderr).toContain('找不到文件');
  });

  it('a missing input file exits 66 with a stable code', () => {
    const r = runCli(['--json', 'scheme', 'validate', join(tmp.dir, 'nope.json')]);
    expect(r.status).toBe(66);
    expect(json(r).error.code).toBe('E_FILE_MISSING');
  });

  it('a reading command on a missing database exits 66 and does not create it', () => {
    const r = runCli(['--db', join(tmp.dir, 'absent.db'), '--json', 'scheme', 'list']);
    expect(r.status).toBe(66);
    expect(json(r).error.code).toBe('E_DB_MISSING');
  });

  it('honours LEADER_DB', () => {
    const p = join(tmp.dir, 'env.db');
    expect(runCli(['scheme', 'add', join(ROOT, 'schemes/refrigerator-2026.json')], { env: { LEADER_DB: p } }).status).toBe(0);
    expect(json(runCli(['--json', '--db', p, 'scheme', 'list'])).schemes).toHaveLength(1);
  });

  it('db check passes on a fresh store and db backup writes a usable copy', () => {
    runCli(['--db', db, 'scheme', 'add', join(ROOT, 'schemes/refrigerator-2026.json')]);
    const c = runCli(['--db', db, '--json', 'db', 'check']);
    expect(c.status).toBe(0);
    expect(json(c).db).toMatchObject({ integrity: 'ok', foreignKeyViolations: 0 });
    const copy = join(tmp.dir, 'copy.db');
    expect(runCli(['--db', db, 'db', 'backup', copy]).status).toBe(0);
    expect(json(runCli(['--db', copy, '--json', 'scheme', 'list'])).schemes[0].id).toBe('refrigerator-2026');
    const again = runCli(['--db', db, '--json', 'db', 'backup', copy]);
    expect(again.status).toBe(73);
    expect(json(again).error.code).toBe('E_OUTPUT_EXISTS');
  });

  it('db check names versions altered below the triggers (the version chunks no longer match) and a stored scheme that no longer validates', () => {
    const file = join(tmp.dir, 'tampered.db');
    runCli(['--db', file, 'scheme', 'add', join(ROOT, 'schemes/refrigerator-2026.json')]);
    expect(runCli(['--db', file, 'import', join(ROOT, 'fixtures/example/refrigerator-2026.csv'), '--scheme', 'refrigerator-2026']).status).toBe(0);
    expect(runCli(['--db', file, 'db', 'check']).status).toBe(0);
    const raw = new Database(file);
    raw.exec("DROP TRIGGER standard_versions_immutable_update; UPDATE standard_versions SET values_json = '{}' WHERE id = 3");
    raw.exec("DROP TRIGGER schemes_immutable_update; UPDATE schemes SET content = replace(content, '\"cycleMonths\": 12', '\"cycleMonths\": 99')");
    raw.close();
    const r = runCli(['--db', file, '--json', 'db', 'check']);
    expect(r.status).toBe(1);
    const e = json(r).error;
    expect(e.code).toBe('E_DB_CHECK_FAILED');
    expect(e.details.chunks).toEqual(['version 3 differs from its chunk']);
    expect(e.details.schemes).toEqual(['stored scheme refrigerator-2026 1.0.0 does not validate']);
  });

  it('db check on a file that is not a database fails cleanly (exit 2), never a crash', () => {
    const junk = join(FIXTURES, 'schemes/three-mistakes.json');
    const r = runCli(['--db', junk, '--json', 'db', 'check']);
    expect(r.status).toBe(2);
    expect(json(r).error.code).toBe('E_DB_NOT_LEADER');
  });

  it('a folder or device given as the store is refused plainly (exit 73), never an internal error', () => {
    for (const path of [FIXTURES, ...(existsSync('/dev/null') ? ['/dev/null'] : [])]) {
      const r = runCli(['--db', path, '--json', 'scheme', 'list']);
      expect(r.status, path).toBe(73);
      expect(json(r).error).toMatchObject({ code: 'E_DB_OPEN' });
      expect(json(r).error.message, path).toContain('not a regular file');
    }
  });
});
