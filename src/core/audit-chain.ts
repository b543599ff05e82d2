/**
 * The hash chain of the audit log (审计日志), pure: the canonical form of an event, its SHA-256 over
 * the previous event's hash, and the verification of a whole chain naming the first broken or missing
 * event. src/store/audit.ts appends with exactly these functions.
 */
import { createHash } from 'node:crypto';

export const GENESIS_HASH = '0'.repeat(64);

export interface AuditEvent {
  seq: number;
  at: string;
  type: string;
  subject: string;
  /** canonical JSON text of the payload */
  payload: string;
  prevHash: string;
  hash: string;
}

/** Keys sorted at every level: the same event always hashes the same. */
export function canonicalJson(v: unknown): string {
  if (v === null || typeof v !== 'object') return JSON.stringify(v) ?? 'null';
  // built as one string, without intermediate arrays (a shortlist's payload lists ~40,000 standards)
  if (Array.isArray(v)) {
    let s = '[';
    for (let i = 0; i < v.length; i++) s += (i ? ',' : '') + canonicalJson(v[i]);
    return s + ']';
  }
  const o = v as Record<string, unknown>;
  const keys = Object.keys(o).sort();
  let s = '{';
  for (const k of keys) {
    const x = o[k];
    if (x === undefined) continue;
    s += (s.length > 1 ? ',' : '') + JSON.stringify(k) + ':' + canonicalJson(x);
  }
  return s + '}';
}

/** sha256(prevHash + "\n" + canonical {seq, at, type, subject, payload}). */
export function eventHash(e: Omit<AuditEvent, 'hash'>): string {
  const body = canonicalJson({ seq: e.seq, at: e.at, type: e.type, subject: e.subject, payload: e.payload });
  return createHash('sha256').update(e.prevHash).update('\n').update(body).digest('hex');
}

/**
 * What is wrong at the first bad event:
 * - `missing`: the sequence jumps (an event was removed); `seq` is the first missing number;
 * - `order`: a sequence number repeats or goes back;
 * - `link`: the event does not hold the previous event's hash (the previous one was rewritten, or this one was);
 * - `hash`: the event's content no longer matches its own hash (it was changed).
 */
export type ChainProblemKind = 'missing' | 'order' | 'link' | 'hash';

export interface ChainProblem {
  kind: ChainProblemKind;
  /** the event named: the changed one (`hash`), the first missing one (`missing`), the one whose link breaks (`link`, `order`) */
  seq: number;
  expected?: string;
  found?: string;
}

export interface ChainVerification {
  ok: boolean;
  /** events read */
  count: number;
  /** the last event's sequence number and hash: compare with an exported package to detect removed tail events */
  headSeq: number | null;
  headHash: string | null;
  problem?: ChainProblem;
}

/** Recomputes the chain in sequence order and stops at the first problem. */
export function verifyChain(events: Iterable<AuditEvent>): ChainVerification {
  let prevHash = GENESIS_HASH;
  let expectedSeq = 1;
  let count = 0;
  let head: AuditEvent | undefined;
  const fail = (problem: ChainProblem): ChainVerification => ({
    ok: false, count, headSeq: head?.seq ?? null, headHash: head?.hash ?? null, problem,
  });
  for (const e of events) {
    count++;
    if (e.seq > expectedSeq) return fail({ kind: 'missing', seq: expectedSeq, expected: String(expectedSeq), found: String(e.seq) });
    if (e.seq < expectedSeq) return fail({ kind: 'order', seq: e.seq, expected: String(expectedSeq), found: String(e.seq) });
    if (e.prevHash !== prevHash) return fail({ kind: 'link', seq: e.seq, expected: prevHash, found: e.prevHash });
    const h = eventHash(e);
    if (h !== e.hash) return fail({ kind: 'hash', seq: e.seq, expected: h, found: e.hash });
    prevHash = e.hash;
    expectedSeq = e.seq + 1;
    head = e;
  }
  return { ok: true, count, headSeq: head?.seq ?? null, headHash: head?.hash ?? null };
}
