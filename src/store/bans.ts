/**
 * The three-year bans in force on a date (scoring.md §7): a revocation on date d bans its enterprise
 * for evaluations dated from d up to, not including, `ban_until`; a rescinded revocation bans nothing.
 * Read by `leader rank` (ENTERPRISE_BANNED) and `leader explain`.
 */
import type { DB } from './db.js';

export interface Ban { revocationId: number; uscc: string; reason: string; date: string; banUntil: string }

/** Bans covering `asOf` (YYYY-MM-DD), by normalised credit code. */
export function bansInForce(db: DB, asOf: string): Map<string, Ban[]> {
  const rows = db.prepare(`SELECT r.id AS revocationId, r.uscc, r.reason, r.date, r.ban_until AS banUntil
    FROM revocations r
    WHERE r.date <= ? AND ? < r.ban_until
      AND NOT EXISTS (SELECT 1 FROM rescissions s WHERE s.revocation_id = r.id)
    ORDER BY r.uscc, r.date, r.id`).all(asOf, asOf) as Ban[];
  const byUscc = new Map<string, Ban[]>();
  for (const b of rows) {
    const list = byUscc.get(b.uscc);
    if (list) list.push(b);
    else byUscc.set(b.uscc, [b]);
  }
  return byUscc;
}
