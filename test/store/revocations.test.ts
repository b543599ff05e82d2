import { describe, expect, it } from 'vitest';
import { openMemoryStore } from '../../src/store/db.js';
import { bansInForce } from '../../src/store/bans.js';
import { listEvents } from '../../src/store/audit.js';
import { insertRevocation, listRevocations, rescindRevocation, writeTransaction, getRevocation } from '../../src/store/revocations.js';
import * as revocationsStore from '../../src/store/revocations.js';

const HUAWEI = '914403001922038216';
const ALIBABA = '91330100799655058B';

function base(over: Partial<Parameters<typeof insertRevocation>[1]> = {}) {
  return { uscc: HUAWEI, enterpriseName: '华为技术有限公司', standardNo: 'Q/HW 0001-2026', schemeId: 'refrigerator-2026', reason: 'accident' as const, date: '2026-03-15', evidence: '抽检报告', ...over };
}

describe('revocations store (issue 7)', () => {
  it('records a revocation with its three-year ban and an audit event in the same transaction', () => {
    const db = openMemoryStore();
    const r = insertRevocation(db, base());
    expect(r).toMatchObject({ id: 1, uscc: HUAWEI, reason: 'accident', date: '2026-03-15', banUntil: '2029-03-15', integrity: false, rescission: null });
    const ev = listEvents(db);
    expect(ev).toHaveLength(1);
    expect(ev[0]).toMatchObject({ type: 'revocation.recorded', subject: 'revocation:1' });
    expect(JSON.parse(ev[0]!.payload)).toMatchObject({ uscc: HUAWEI, reason: 'accident', banUntil: '2029-03-15' });
  });

  it('fraud is flagged as an integrity problem', () => {
    const db = openMemoryStore();
    expect(insertRevocation(db, base({ reason: 'fraud' })).integrity).toBe(true);
    expect(listRevocations(db, { integrityOnly: true })).toHaveLength(1);
  });

  it('ban boundary (scoring.md §7): banned on the last day inside, not on the first day after; rescission lifts it', () => {
    const db = openMemoryStore();
    insertRevocation(db, base());
    expect(bansInForce(db, '2026-03-14').has(HUAWEI)).toBe(false);
    expect(bansInForce(db, '2026-03-15').has(HUAWEI)).toBe(true);
    expect(bansInForce(db, '2029-03-14').has(HUAWEI)).toBe(true);
    expect(bansInForce(db, '2029-03-15').has(HUAWEI)).toBe(false);
    expect(listRevocations(db, { activeOn: '2029-03-14' })).toHaveLength(1);
    const r = rescindRevocation(db, 1, '复核后撤销');
    expect(r.rescission).toMatchObject({ revocationId: 1, reason: '复核后撤销' });
    expect(bansInForce(db, '2027-01-01').has(HUAWEI)).toBe(false);
    expect(listRevocations(db, { activeOn: '2027-01-01' })).toHaveLength(0);
    expect(listRevocations(db)).toHaveLength(1); // the revocation stays
    expect(listEvents(db).map((e) => e.type)).toEqual(['revocation.recorded', 'revocation.rescinded']);
  });

  it('29 February: banned on 2027-02-28, free on 2027-03-01', () => {
    const db = openMemoryStore();
    insertRevocation(db, base({ date: '2024-02-29' }));
    expect(bansInForce(db, '2027-02-28').has(HUAWEI)).toBe(true);
    expect(bansInForce(db, '2027-03-01').has(HUAWEI)).toBe(false);
  });

  it('an enterprise this store never ranked is recorded and banned all the same', () => {
    const db = openMemoryStore();
    insertRevocation(db, base({ uscc: ALIBABA, enterpriseName: null, standardNo: null, schemeId: null, reason: 'other' }));
    expect(bansInForce(db, '2026-06-01').get(ALIBABA)).toHaveLength(1);
  });

  it('a second rescission is refused (exit 1), an unknown id is not found (exit 66)', () => {
    const db = openMemoryStore();
    insertRevocation(db, base());
    rescindRevocation(db, 1, 'x');
    expect(() => rescindRevocation(db, 1, 'y')).toThrowError(expect.objectContaining({ code: 'E_REVOCATION_ALREADY_RESCINDED', exitCode: 1 }));
    expect(() => rescindRevocation(db, 9, 'y')).toThrowError(expect.objectContaining({ code: 'E_REVOCATION_NOT_FOUND', exitCode: 66 }));
    expect(listEvents(db)).toHaveLength(2);
  });

  it('dry run: the same work, rolled back (no row, no event)', () => {
    const db = openMemoryStore();
    const r = writeTransaction(db, true, () => insertRevocation(db, base()));
    expect(r.id).toBe(1);
    expect(listRevocations(db)).toHaveLength(0);
    expect(listEvents(db)).toHaveLength(0);
  });

  it('nothing can delete or change a revocation, a rescission or an audit event (triggers), and the store API offers no way', () => {
    const db = openMemoryStore();
    insertRevocation(db, base());
    rescindRevocation(db, 1, 'x');
    expect(() => db.prepare('DELETE FROM revocations WHERE id = 1').run()).toThrow(/append-only/);
    expect(() => db.prepare("UPDATE revocations SET reason = 'other' WHERE id = 1").run()).toThrow(/append-only/);
    expect(() => db.prepare('DELETE FROM rescissions').run()).toThrow(/append-only/);
    expect(() => db.prepare("UPDATE rescissions SET reason = 'y'").run()).toThrow(/append-only/);
    expect(() => db.prepare('DELETE FROM audit_events').run()).toThrow(/append-only/);
    expect(() => db.prepare("UPDATE audit_events SET payload = '{}'").run()).toThrow(/append-only/);
    expect(getRevocation(db, 1).reason).toBe('accident');
    const names = Object.keys(revocationsStore);
    expect(names.filter((n) => /delete|remove|update|drop|purge/i.test(n))).toEqual([]);
  });
});
