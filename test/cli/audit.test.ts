import { afterAll, describe, expect, it } from 'vitest';
import { copyFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { json, runCli, SCHEMES, tempDir } from '../helpers/cli.js';

const HUAWEI = '914403001922038216';

describe('leader audit log | verify (issue 7: tamper-evident audit trail)', () => {
  const { dir, cleanup } = tempDir();
  afterAll(cleanup);
  const db = join(dir, 'a.db');
  const cli = (args: string[], file = db) => runCli(['--db', file, ...args], { cwd: dir, env: { LEADER_NOW: '2026-12-01' } });

  it('every change appends an event; log shows them, filtered by --since seq or date and --type', () => {
    expect(cli(['scheme', 'add', join(SCHEMES, 'refrigerator-2026.json')]).status).toBe(0);
    expect(cli(['scheme', 'add', join(SCHEMES, 'electric-bicycle-2026.json')]).status).toBe(0);
    expect(cli(['revoke', '--enterprise', HUAWEI, '--reason', 'fraud', '--date', '2026-11-02', '--yes']).status).toBe(0);
    expect(cli(['revoke', 'rescind', '1', '--reason', '复核', '--yes']).status).toBe(0);
    expect(cli(['revoke', '--enterprise', HUAWEI, '--reason', 'accident', '--date', '2026-11-03', '--yes']).status).toBe(0);
    const all = json(cli(['--json', 'audit', 'log'])).events as Array<{ seq: number; type: string; payload: Record<string, unknown> }>;
    expect(all.map((e) => e.type)).toEqual(['scheme.added', 'scheme.added', 'revocation.recorded', 'revocation.rescinded', 'revocation.recorded']);
    expect(all[2]!.payload).toMatchObject({ uscc: HUAWEI, reason: 'fraud', banUntil: '2029-11-02' });
    expect(json(cli(['--json', 'audit', 'log', '--since', '4'])).events.map((e: { seq: number }) => e.seq)).toEqual([4, 5]);
    expect(json(cli(['--json', 'audit', 'log', '--since', '2099-01-01'])).events).toEqual([]);
    expect(json(cli(['--json', 'audit', 'log', '--type', 'revocation.'])).events).toHaveLength(3);
    expect(cli(['audit', 'log', '--since', 'yesterday']).status).toBe(2);
    const table = cli(['audit', 'log']);
    expect(table.stdout).toContain('revocation.rescinded');
  });

  it('verify passes on a real history (exit 0) and reports the head', () => {
    const r = cli(['--json', 'audit', 'verify']);
    expect(r.status).toBe(0);
    expect(json(r)).toMatchObject({ ok: true, verified: true, count: 5, headSeq: 5 });
    expect(json(r).headHash).toMatch(/^[0-9a-f]{64}$/);
  });

  it('a payload changed directly in SQLite (guard trigger dropped) fails verify, naming the event (exit 1)', () => {
    const copy = join(dir, 'tampered.db');
    copyFileSync(db, copy);
    const raw = new Database(copy);
    raw.exec('DROP TRIGGER audit_events_no_update');
    raw.prepare('UPDATE audit_events SET payload = ? WHERE seq = 3').run('{"reason":"other","uscc":"914403001922038216"}');
    raw.close();
    const r = cli(['--json', 'audit', 'verify'], copy);
    expect(r.status).toBe(1);
    const doc = json(r);
    expect(doc.ok).toBe(false);
    expect(doc.error.code).toBe('E_AUDIT_BROKEN_HASH');
    expect(doc.error.details).toMatchObject({ kind: 'hash', seq: 3, lastGoodSeq: 2 });
    const human = cli(['audit', 'verify'], copy);
    expect(human.status).toBe(1);
    expect(human.stderr).toContain('#3');
  });

  it('a deleted event is named as missing (exit 1)', () => {
    const copy = join(dir, 'deleted.db');
    copyFileSync(db, copy);
    const raw = new Database(copy);
    raw.exec('DROP TRIGGER audit_events_no_delete');
    raw.prepare('DELETE FROM audit_events WHERE seq = 2').run();
    raw.close();
    const r = cli(['--json', '--lang', 'en', 'audit', 'verify'], copy);
    expect(r.status).toBe(1);
    expect(json(r).error).toMatchObject({ code: 'E_AUDIT_BROKEN_MISSING', details: { kind: 'missing', seq: 2 } });
    expect(json(r).error.message).toContain('#2 does not exist');
  });

  it('the untouched store still verifies', () => {
    expect(cli(['audit', 'verify']).status).toBe(0);
  });
});
