import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { canonicalJson, eventHash, GENESIS_HASH, verifyChain, type AuditEvent } from '../../src/core/audit-chain.js';

function chain(n: number): AuditEvent[] {
  const out: AuditEvent[] = [];
  let prev = GENESIS_HASH;
  for (let seq = 1; seq <= n; seq++) {
    const e = { seq, at: `2026-01-0${seq}T00:00:00.000Z`, type: 'test.event', subject: `t:${seq}`, payload: canonicalJson({ n: seq, 名称: '冰箱' }), prevHash: prev };
    const hash = eventHash(e);
    out.push({ ...e, hash });
    prev = hash;
  }
  return out;
}

describe('verifyChain (issue 7: audit verify names the first broken or missing event)', () => {
  it('passes an intact chain and reports its head', () => {
    const c = chain(5);
    expect(verifyChain(c)).toEqual({ ok: true, count: 5, headSeq: 5, headHash: c[4]!.hash });
    expect(verifyChain([])).toEqual({ ok: true, count: 0, headSeq: null, headHash: null });
  });
  it('canonical JSON sorts keys at every level and drops undefined', () => {
    expect(canonicalJson({ b: 1, a: { d: [1, { z: 1, y: 2 }], c: undefined } })).toBe('{"a":{"d":[1,{"y":2,"z":1}]},"b":1}');
  });
  it('a changed payload names that event (hash)', () => {
    const c = chain(5);
    c[2] = { ...c[2]!, payload: '{"n":99}' };
    expect(verifyChain(c).problem).toMatchObject({ kind: 'hash', seq: 3 });
  });
  it('a rewritten event with a recomputed hash breaks the next link', () => {
    const c = chain(5);
    const e = { ...c[1]!, type: 'forged' };
    c[1] = { ...e, hash: eventHash(e) };
    expect(verifyChain(c).problem).toMatchObject({ kind: 'link', seq: 3 });
  });
  it('a removed event is named as missing', () => {
    const c = chain(5);
    c.splice(3, 1);
    expect(verifyChain(c).problem).toMatchObject({ kind: 'missing', seq: 4, found: '5' });
  });
  it('a removed first event is missing #1; a wrong genesis link is a link problem', () => {
    expect(verifyChain(chain(3).slice(1)).problem).toMatchObject({ kind: 'missing', seq: 1 });
    const c = chain(2);
    c[0] = { ...c[0]!, prevHash: 'f'.repeat(64) };
    expect(verifyChain(c).problem).toMatchObject({ kind: 'link', seq: 1, expected: GENESIS_HASH });
  });
  it('a duplicated sequence number is out of order', () => {
    const c = chain(3);
    c.splice(2, 0, c[1]!);
    expect(verifyChain(c).problem).toMatchObject({ kind: 'order', seq: 2 });
  });
});

describe('canonicalJson', () => {
  // the form every stored event was hashed with: it must never change
  const reference = (v: unknown): string => {
    if (v === null || typeof v !== 'object') return JSON.stringify(v) ?? 'null';
    if (Array.isArray(v)) return '[' + v.map(reference).join(',') + ']';
    const o = v as Record<string, unknown>;
    return '{' + Object.keys(o).filter((k) => o[k] !== undefined).sort().map((k) => JSON.stringify(k) + ':' + reference(o[k])).join(',') + '}';
  };
  it('gives the reference form for any JSON value, undefined members and array holes included (property)', () => {
    const value = fc.oneof(fc.jsonValue(), fc.object({ values: [fc.constant(undefined), fc.string(), fc.integer()] }), fc.array(fc.option(fc.string(), { nil: undefined })));
    fc.assert(fc.property(value, (v) => { expect(canonicalJson(v)).toBe(reference(v)); }), { numRuns: 500 });
    expect(canonicalJson({ b: 1, a: [undefined, { d: undefined, c: 'x' }], '': null })).toBe('{"":null,"a":[null,{"c":"x"}],"b":1}');
  });
});
