/**
 * Ranking runs: immutable records with their content. Owned by `leader rank`; other areas read runs
 * through `getRun`, `latestRunId` and `listRuns` only.
 */
import { NotFoundError } from '../core/errors.js';
import type { RunRecord, RunResult } from '../core/types.js';
import { nowIso } from '../io/clock.js';
import { appendEvent } from './audit.js';
import type { DB } from './db.js';

const recordColumns = `id, scheme_id AS schemeId, scheme_version AS schemeVersion, scheme_sha256 AS schemeSha256,
  input_sha256 AS inputSha256, content_sha256 AS contentSha256, as_of AS asOf, engine_version AS engineVersion,
  method, created_at AS createdAt`;

export function insertRun(db: DB, r: Omit<RunRecord, 'id' | 'createdAt'>, result: RunResult): RunRecord {
  return db.transaction(() => {
    const createdAt = nowIso();
    const info = db.prepare(`INSERT INTO runs (scheme_id, scheme_version, scheme_sha256, input_sha256, content_sha256, as_of, engine_version, method, created_at, result)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`).run(r.schemeId, r.schemeVersion, r.schemeSha256, r.inputSha256, r.contentSha256, r.asOf, r.engineVersion, r.method, createdAt, JSON.stringify(result));
    const id = Number(info.lastInsertRowid);
    appendEvent(db, 'run.created', `run:${id}`, { schemeId: r.schemeId, schemeVersion: r.schemeVersion, inputSha256: r.inputSha256, contentSha256: r.contentSha256, asOf: r.asOf, entries: result.entries.length, excluded: result.excluded.length });
    return { ...r, id, createdAt };
  }).immediate();
}

export function getRun(db: DB, id: number): { run: RunRecord; result: RunResult } {
  const row = db.prepare(`SELECT ${recordColumns}, result FROM runs WHERE id = ?`).get(id) as (RunRecord & { result: string }) | undefined;
  if (!row) throw new NotFoundError('E_RUN_NOT_FOUND', { id });
  const { result, ...run } = row;
  return { run, result: JSON.parse(result) as RunResult };
}

/** The latest run of a scheme (any version), or undefined. */
export function latestRunId(db: DB, schemeId: string): number | undefined {
  const row = db.prepare('SELECT id FROM runs WHERE scheme_id = ? ORDER BY id DESC LIMIT 1').get(schemeId) as { id: number } | undefined;
  return row?.id;
}

export function listRuns(db: DB, schemeId?: string): RunRecord[] {
  return (schemeId
    ? db.prepare(`SELECT ${recordColumns} FROM runs WHERE scheme_id = ? ORDER BY id`).all(schemeId)
    : db.prepare(`SELECT ${recordColumns} FROM runs ORDER BY id`).all()) as RunRecord[];
}
