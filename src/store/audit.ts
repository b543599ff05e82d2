/**
 * The append-only audit log: every change to the store appends an event holding the SHA-256 of the
 * previous one, so a changed, removed or inserted row breaks the chain (`leader audit verify`).
 * Call `appendEvent` inside the same transaction as the change it records. The hash rule itself lives
 * in src/core/audit-chain.ts (pure), re-exported here.
 */
import type { DB } from './db.js';
import { nowIso } from '../io/clock.js';
import { canonicalJson, eventHash, GENESIS_HASH, type AuditEvent } from '../core/audit-chain.js';

export { canonicalJson, eventHash, GENESIS_HASH, type AuditEvent };

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

const columns = 'seq, at, type, subject, payload, prev_hash AS prevHash, hash';

export interface EventFilter {
  /** events with seq >= sinceSeq */
  sinceSeq?: number;
  /** events at or after this instant or date (ISO text; a date means its start, China Standard Time) */
  sinceAt?: string;
  /** events before this instant (exclusive, ISO text) */
  beforeAt?: string;
  /** only this type, or types starting with `prefix.` when it ends with '.' */
  type?: string;
}

function where(f: EventFilter): { sql: string; params: unknown[] } {
  const parts: string[] = [];
  const params: unknown[] = [];
  if (f.sinceSeq !== undefined) { parts.push('seq >= ?'); params.push(f.sinceSeq); }
  if (f.sinceAt !== undefined) { parts.push('at >= ?'); params.push(instant(f.sinceAt)); }
  if (f.beforeAt !== undefined) { parts.push('at < ?'); params.push(instant(f.beforeAt)); }
  if (f.type !== undefined) {
    if (f.type.endsWith('.')) { parts.push('substr(type, 1, ?) = ?'); params.push(f.type.length, f.type); }
    else { parts.push('type = ?'); params.push(f.type); }
  }
  return { sql: parts.length ? ' WHERE ' + parts.join(' AND ') : '', params };
}

/** A date YYYY-MM-DD means its first instant in China Standard Time, as an ISO UTC instant (the form `at` is stored in). */
export function instant(s: string): string {
  if (/^\d{4}-\d{2}-\d{2}$/.test(s)) return new Date(`${s}T00:00:00+08:00`).toISOString();
  return s;
}

/** Events in sequence order. */
export function listEvents(db: DB, f: EventFilter = {}): AuditEvent[] {
  const w = where(f);
  return db.prepare(`SELECT ${columns} FROM audit_events${w.sql} ORDER BY seq`).all(...w.params) as AuditEvent[];
}

/** Every event in sequence order, streamed (for `leader audit verify` on a long history). */
export function iterateEvents(db: DB): IterableIterator<AuditEvent> {
  return db.prepare(`SELECT ${columns} FROM audit_events ORDER BY seq`).iterate() as IterableIterator<AuditEvent>;
}

/** Number of events per type. */
export function countEventsByType(db: DB, f: EventFilter = {}): Record<string, number> {
  const w = where(f);
  const rows = db.prepare(`SELECT type, count(*) AS n FROM audit_events${w.sql} GROUP BY type ORDER BY type`).all(...w.params) as Array<{ type: string; n: number }>;
  return Object.fromEntries(rows.map((r) => [r.type, r.n]));
}

/** The last event, or undefined on an empty log. */
export function headEvent(db: DB): AuditEvent | undefined {
  return db.prepare(`SELECT ${columns} FROM audit_events ORDER BY seq DESC LIMIT 1`).get() as AuditEvent | undefined;
}
