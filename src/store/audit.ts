/**
 * The append-only audit log: every change to the store appends an event holding the SHA-256 of the
 * previous one, so a changed, removed or inserted row breaks the chain (`leader audit verify`).
 * Call `appendEvent` inside the same transaction as the change it records.
 */
import { createHash } from 'node:crypto';
import type { DB } from './db.js';
import { nowIso } from '../io/clock.js';

export const GENESIS_HASH = '0'.repeat(64);

export interface AuditEvent {
  seq: number;
  at: string;
  type: string;
  subject: string;
  payload: string;
  prevHash: string;
  hash: string;
}

/** Keys sorted at every level: the same event always hashes the same. */
export function canonicalJson(v: unknown): string {
  if (v === null || typeof v !== 'object') return JSON.stringify(v) ?? 'null';
  if (Array.isArray(v)) return '[' + v.map(canonicalJson).join(',') + ']';
  const o = v as Record<string, unknown>;
  return '{' + Object.keys(o).filter((k) => o[k] !== undefined).sort().map((k) => JSON.stringify(k) + ':' + canonicalJson(o[k])).join(',') + '}';
}

export function eventHash(e: Omit<AuditEvent, 'hash'>): string {
  const body = canonicalJson({ seq: e.seq, at: e.at, type: e.type, subject: e.subject, payload: e.payload });
  return createHash('sha256').update(e.prevHash).update('\n').update(body).digest('hex');
}

/**
 * Append one event. `type` is a stable dotted name (`scheme.added`, `import.committed`, `run.created`,
 * `shortlist.created`, `publicity.started`, `objection.added`, `revocation.recorded`, …); `subject`
 * names what changed (`scheme:refrigerator-2026@1.0.0`, `run:3`); `payload` is any JSON value.
 */
export function appendEvent(db: DB, type: string, subject: string, payload: unknown, at: string = nowIso()): AuditEvent {
  const last = db.prepare('SELECT seq, hash FROM audit_events ORDER BY seq DESC LIMIT 1').get() as { seq: number; hash: string } | undefined;
  const seq = (last?.seq ?? 0) + 1;
  const prevHash = last?.hash ?? GENESIS_HASH;
  const payloadText = canonicalJson(payload);
  const hash = eventHash({ seq, at, type, subject, payload: payloadText, prevHash });
  db.prepare('INSERT INTO audit_events (seq, at, type, subject, payload, prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?)')
    .run(seq, at, type, subject, payloadText, prevHash, hash);
  return { seq, at, type, subject, payload: payloadText, prevHash, hash };
}
