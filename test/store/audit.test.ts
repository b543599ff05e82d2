import { describe, expect, it } from 'vitest';
import { openMemoryStore } from '../../src/store/db.js';
import { appendEvent, countEventsByType, headEvent, iterateEvents, listEvents } from '../../src/store/audit.js';
import * as auditStore from '../../src/store/audit.js';
import { verifyChain } from '../../src/core/audit-chain.js';

describe('audit store (issue 7)', () => {
  it('lists events since a sequence number or a date (China Standard Time), by type', () => {
    const db = openMemoryStore();
    appendEvent(db, 'scheme.added', 'scheme:a@1', { a: 1 }, '2026-01-01T10:00:00.000Z');
    appendEvent(db, 'import.committed', 'import:1', { rows: 3 }, '2026-02-01T15:59:59.000Z'); // 2026-02-01 23:59:59 CST
    appendEvent(db, 'run.created', 'run:1', {}, '2026-02-01T16:00:00.000Z'); // 2026-02-02 00:00 CST
    expect(listEvents(db).map((e) => e.seq)).toEqual([1, 2, 3]);
    expect(listEvents(db, { sinceSeq: 2 }).map((e) => e.seq)).toEqual([2, 3]);
    expect(listEvents(db, { sinceAt: '2026-02-02' }).map((e) => e.seq)).toEqual([3]);
    expect(listEvents(db, { sinceAt: '2026-02-01', beforeAt: '2026-02-02' }).map((e) => e.seq)).toEqual([2]);
    expect(listEvents(db, { type: 'run.' }).map((e) => e.seq)).toEqual([3]);
    expect(countEventsByType(db)).toEqual({ 'import.committed': 1, 'run.created': 1, 'scheme.added': 1 });
    expect(headEvent(db)?.seq).toBe(3);
  });

  it('a real history verifies; a payload changed directly in SQLite names that event', () => {
    const db = openMemoryStore();
    for (let i = 0; i < 5; i++) appendEvent(db, 'test.event', `t:${i}`, { i });
    expect(verifyChain(iterateEvents(db))).toMatchObject({ ok: true, count: 5, headSeq: 5 });
    db.exec('DROP TRIGGER audit_events_no_update');
    db.prepare("UPDATE audit_events SET payload = '{\"i\":42}' WHERE seq = 3").run();
    expect(verifyChain(iterateEvents(db)).problem).toMatchObject({ kind: 'hash', seq: 3 });
  });

  it('offers no function that deletes or rewrites events', () => {
    expect(Object.keys(auditStore).filter((n) => /delete|remove|update|drop|purge|rewrite/i.test(n))).toEqual([]);
  });
});
