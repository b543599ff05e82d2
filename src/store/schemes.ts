/** Stored schemes: immutable copies with their SHA-256; the latest added version of an id is current. */
import { NotFoundError, UsageError } from '../core/errors.js';
import { storedScheme, type Scheme } from '../core/scheme-model.js';
import { nowIso } from '../io/clock.js';
import { appendEvent } from './audit.js';
import type { DB } from './db.js';

export interface StoredScheme {
  id: string;
  version: string;
  sha256: string;
  content: string;
  name: string;
  category: string;
  year: number;
  fileName: string | null;
  addedAt: string;
}

const columns = 'id, version, sha256, content, name, category, year, file_name AS fileName, added_at AS addedAt';

/** Adds a validated scheme. Same id+version+content: 'unchanged'; same id+version, other content: refused. */
export function addScheme(db: DB, scheme: Scheme, content: string, sha256: string, fileName: string | null): 'added' | 'unchanged' {
  return db.transaction(() => {
    const existing = db.prepare('SELECT sha256 FROM schemes WHERE id = ? AND version = ?').get(scheme.id, scheme.version) as { sha256: string } | undefined;
    if (existing) {
      if (existing.sha256 === sha256) return 'unchanged' as const;
      throw new UsageError('E_SCHEME_CONFLICT', { id: scheme.id, version: scheme.version, stored: existing.sha256.slice(0, 12), sha256: sha256.slice(0, 12) });
    }
    const seq = (db.prepare('SELECT coalesce(max(seq), 0) + 1 AS n FROM schemes').get() as { n: number }).n;
    db.prepare(`INSERT INTO schemes (id, version, sha256, content, name, category, year, file_name, added_at, seq)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`).run(scheme.id, scheme.version, sha256, content, scheme.name, scheme.category, scheme.year, fileName, nowIso(), seq);
    appendEvent(db, 'scheme.added', `scheme:${scheme.id}@${scheme.version}`, { sha256, fileName });
    return 'added' as const;
  }).immediate();
}

export function listSchemes(db: DB): StoredScheme[] {
  return db.prepare(`SELECT ${columns} FROM schemes ORDER BY id, seq`).all() as StoredScheme[];
}

/** The stored scheme `id` at `version`, or its current (latest added) version. */
export function getStoredScheme(db: DB, id: string, version?: string): StoredScheme {
  const row = (version
    ? db.prepare(`SELECT ${columns} FROM schemes WHERE id = ? AND version = ?`).get(id, version)
    : db.prepare(`SELECT ${columns} FROM schemes WHERE id = ? ORDER BY seq DESC LIMIT 1`).get(id)) as StoredScheme | undefined;
  if (!row) throw new NotFoundError('E_SCHEME_NOT_FOUND', { id: version ? `${id} ${version}` : id });
  return row;
}

/**
 * A stored scheme, parsed: stored copies were validated when added and are immutable, so they are
 * read without the validator (`storedScheme`; `leader db check` re-validates them).
 */
export function loadScheme(db: DB, id: string, version?: string): { stored: StoredScheme; scheme: Scheme } {
  const stored = getStoredScheme(db, id, version);
  return { stored, scheme: storedScheme(JSON.parse(stored.content.replace(/^\uFEFF/, ''))) };
}
