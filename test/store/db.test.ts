import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { LeaderError } from '../../src/core/errors.js';
import { appendEvent, GENESIS_HASH, eventHash } from '../../src/store/audit.js';
import { APPLICATION_ID, openMemoryStore, openStore, withoutWal } from '../../src/store/db.js';
import { migrations, SCHEMA_VERSION } from '../../src/store/migrations.js';
import { tempDir } from '../helpers/cli.js';

let cleanup = () => {};
afterEach(() => cleanup());
function dbPath() {
  const t = tempDir();
  cleanup = t.cleanup;
  return join(t.dir, 'leader.db');
}

describe('store', () => {
  it('creates a new file with WAL, foreign keys, STRICT tables and the current schema version', async () => {
    const path = dbPath();
    const db = await openStore(path);
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(db.pragma('synchronous', { simple: true })).toBe(2); // FULL
    expect(db.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION);
    expect(db.pragma('application_id', { simple: true })).toBe(APPLICATION_ID);
    const tables = db.prepare("SELECT name, sql FROM sqlite_schema WHERE type = 'table'").all() as Array<{ name: string; sql: string }>;
    expect(tables.length).toBeGreaterThan(3);
    for (const t of tables) expect(t.sql, t.name).toMatch(/\)\s*(WITHOUT ROWID,\s*)?STRICT\s*$/);
    db.close();
    expect(existsSync(`${path}.v1.bak`)).toBe(false); // a new file needs no backup
  });

  it('refuses a database made by a newer version, naming both versions', async () => {
    const path = dbPath();
    (await openStore(path)).close();
    const raw = new Database(path);
    raw.pragma('user_version = 99');
    raw.close();
    await expect(openStore(path)).rejects.toMatchObject({ code: 'E_DB_NEWER', params: { found: 99, supported: SCHEMA_VERSION }, exitCode: 2 });
  });

  it('backs an existing file up before migrating it, then migrates in order', async () => {
    const path = dbPath();
    const db1 = await openStore(path);
    db1.prepare("INSERT INTO calendar_years (year, source, sha256, content, added_at) VALUES (2030, 'test', 'x', '{}', 'now')").run();
    db1.close();
    const next = [...migrations, { version: SCHEMA_VERSION + 1, sql: 'CREATE TABLE later (x INTEGER) STRICT;' }];
    let told: unknown;
    const db2 = await openStore(path, { migrations: next, onMigrated: (i) => { told = i; } });
    expect(db2.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION + 1);
    expect(told).toEqual({ from: SCHEMA_VERSION, to: SCHEMA_VERSION + 1, backup: `${path}.v${SCHEMA_VERSION}.bak` });
    db2.close();
    const backup = new Database(`${path}.v${SCHEMA_VERSION}.bak`, { readonly: true });
    expect(backup.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION);
    expect(backup.prepare('SELECT year FROM calendar_years').all()).toEqual([{ year: 2030 }]);
    backup.close();
  });

  it('refuses a SQLite file that is not a leader store', async () => {
    const path = dbPath();
    const raw = new Database(path);
    raw.exec('CREATE TABLE foreign_data (x TEXT)');
    raw.close();
    await expect(openStore(path)).rejects.toMatchObject({ code: 'E_DB_NOT_LEADER' });
    const junk = path + '.txt';
    writeFileSync(junk, 'not a database at all, just text '.repeat(100));
    await expect(openStore(junk)).rejects.toMatchObject({ code: 'E_DB_NOT_LEADER', exitCode: 2 });
  });

  it('fails with E_DB_MISSING (exit 66) when a reading command names a missing file', async () => {
    await expect(openStore(dbPath(), { create: false })).rejects.toMatchObject({ code: 'E_DB_MISSING', exitCode: 66 });
  });

  it('keeps schemes and audit events append-only', () => {
    const db = openMemoryStore();
    appendEvent(db, 'test.event', 'test:1', { a: 1 });
    expect(() => db.prepare("UPDATE audit_events SET payload = '{}'").run()).toThrow(/append-only/);
    expect(() => db.prepare('DELETE FROM audit_events').run()).toThrow(/append-only/);
  });

  it('chains audit events: each holds the hash of the previous one', () => {
    const db = openMemoryStore();
    const a = appendEvent(db, 'x', 's', { b: 2, a: 1 }, '2026-01-01T00:00:00.000Z');
    const b = appendEvent(db, 'y', 's', [1], '2026-01-02T00:00:00.000Z');
    expect(a.prevHash).toBe(GENESIS_HASH);
    expect(a.payload).toBe('{"a":1,"b":2}');
    expect(b.prevHash).toBe(a.hash);
    expect(eventHash({ ...b })).toBe(b.hash);
    expect(eventHash({ ...b, payload: '[2]' })).not.toBe(b.hash);
  });
});

describe('large writes through a rollback journal (withoutWal)', () => {
  const mode = (db: Database.Database) => db.pragma('journal_mode', { simple: true });
  it('switches for the write, commits it, and is back in WAL after, also when the write throws', async () => {
    const path = dbPath();
    const db = await openStore(path);
    const seen = withoutWal(db, () => {
      db.exec("CREATE TABLE t (x BLOB) STRICT; INSERT INTO t VALUES (zeroblob(1000000))");
      return mode(db);
    });
    expect(seen).toBe('delete');
    expect(mode(db)).toBe('wal');
    expect(() => withoutWal(db, () => { throw new Error('boom'); })).toThrow('boom');
    expect(mode(db)).toBe('wal');
    db.close();
    expect(existsSync(`${path}-journal`)).toBe(false);
    const again = new Database(path, { readonly: true });
    expect(again.prepare('SELECT length(x) AS n FROM t').get()).toEqual({ n: 1000000 });
    expect(mode(again)).toBe('wal'); // WAL is persistent: recorded in the file
    again.close();
  });
  it('stays in WAL while another connection has the store open, and inside a transaction', async () => {
    const path = dbPath();
    const db = await openStore(path);
    const other = await openStore(path);
    other.prepare('SELECT 1 FROM schemes').all();
    expect(withoutWal(db, () => mode(db))).toBe('wal');
    other.close();
    db.exec('BEGIN');
    expect(withoutWal(db, () => mode(db))).toBe('wal');
    db.exec('ROLLBACK');
    expect(withoutWal(openMemoryStore(), () => 1)).toBe(1);
    db.close();
  });
});

describe('errors', () => {
  it('carry codes and exit codes', () => {
    const e = new LeaderError('E_DB_BUSY', {}, 75);
    expect([e.code, e.exitCode]).toEqual(['E_DB_BUSY', 75]);
  });
});
