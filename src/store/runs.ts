/**
 * Ranking runs: immutable records with their content. Owned by `leader rank`; other areas read runs
 * through `getRun`, `latestRunId` and `listRuns` only. The content is stored in a compact canonical
 * JSON (arrays, indicator and level ids given once, single-indicator groups rebuilt on read); its
 * SHA-256 is the run's content SHA-256.
 */
import { NotFoundError } from '../core/errors.js';
import { indicatorGroups } from '../core/rank.js';
import type { ExcludedEntry, IndicatorRanking, RunEntry, RunRecord, RunResult } from '../core/types.js';
import { nowIso } from '../io/clock.js';
import { appendEvent } from './audit.js';
import type { DB } from './db.js';

const recordColumns = `id, scheme_id AS schemeId, scheme_version AS schemeVersion, scheme_sha256 AS schemeSha256,
  input_sha256 AS inputSha256, content_sha256 AS contentSha256, as_of AS asOf, engine_version AS engineVersion,
  method, created_at AS createdAt`;

export const RUN_FORMAT = 'leader-run/1';

type EntryRow = [number, string, string, string, string, string, string | null, string[], number, number[], Array<string | null>, Array<string | null>, string[] | null];
type ExcludedRow = [string, string, string, string, number, string[]];

interface Compact {
  format: string;
  method: string | null;
  decimals: number | null;
  cohortDependent: boolean;
  indicators: Array<Omit<IndicatorRanking, 'groups'>>;
  levels: string[];
  entries: EntryRow[];
  excluded: ExcludedRow[];
  crossCheck: RunResult['crossCheck'] | null;
}

/**
 * The canonical stored form of a run's content: deterministic (fixed key order, arrays in the run's
 * order), so the same data, scheme and as-of date give byte-identical text. `levels` are the
 * scheme's level ids, low to high (entries store level indices, -1 for none).
 */
export function encodeRunResult(result: RunResult, levels: string[]): string {
  const levelIndex = new Map(levels.map((l, i) => [l, i]));
  const ids = result.indicators.map((i) => i.id);
  const entries: EntryRow[] = result.entries.map((e) => [
    e.rank, e.total, e.standardNo, e.uscc, e.enterpriseName, e.standardName, e.product, e.models, e.versionId,
    ids.map((id) => { const l = e.levels[id]; return l == null ? -1 : levelIndex.get(l)!; }),
    ids.map((id) => e.scores[id] ?? null),
    ids.map((id) => e.values[id] ?? null),
    e.zeroScored ?? null,
  ]);
  const compact: Compact = {
    format: RUN_FORMAT,
    method: result.method ?? null,
    decimals: result.decimals ?? null,
    cohortDependent: result.cohortDependent,
    indicators: result.indicators.map(({ groups: _g, ...rest }) => ({
      id: rest.id, name: rest.name, discriminating: rest.discriminating, cohortDependent: rest.cohortDependent,
      ...(rest.method !== undefined ? { method: rest.method } : {}), ...(rest.commonValue !== undefined ? { commonValue: rest.commonValue } : {}),
    })),
    levels,
    entries,
    excluded: result.excluded.map((x) => [x.standardNo, x.uscc, x.enterpriseName, x.standardName, x.versionId, x.reasons]),
    crossCheck: result.crossCheck ?? null,
  };
  return JSON.stringify(compact);
}

export function decodeRunResult(text: string): RunResult {
  const c = JSON.parse(text) as Compact;
  if (c.format !== RUN_FORMAT) return c as unknown as RunResult; // stored before the compact form
  const ids = c.indicators.map((i) => i.id);
  const entries: RunEntry[] = c.entries.map((r) => {
    const levels: Record<string, string | null> = {};
    const scores: Record<string, string> = {};
    const values: Record<string, string> = {};
    ids.forEach((id, i) => {
      levels[id] = r[9][i]! >= 0 ? c.levels[r[9][i]!]! : null;
      if (r[10][i] != null) scores[id] = r[10][i]!;
      if (r[11][i] != null) values[id] = r[11][i]!;
    });
    const e: RunEntry = { rank: r[0], total: r[1], standardNo: r[2], uscc: r[3], enterpriseName: r[4], standardName: r[5], product: r[6], models: r[7], versionId: r[8], levels, scores, values };
    if (r[12]) e.zeroScored = r[12];
    return e;
  });
  const excluded: ExcludedEntry[] = c.excluded.map((x) => ({ standardNo: x[0], uscc: x[1], enterpriseName: x[2], standardName: x[3], versionId: x[4], reasons: x[5] }));
  const indicators: IndicatorRanking[] = c.indicators.map((meta, i) => {
    const g = indicatorGroups(c.levels, c.entries.map((r) => ({ standardNo: r[2], uscc: r[3], level: r[9][i]!, value: r[11][i] ?? undefined })));
    return { id: meta.id, name: meta.name, discriminating: meta.discriminating, cohortDependent: meta.cohortDependent, groups: g.groups,
      ...(meta.method !== undefined ? { method: meta.method } : {}), ...(meta.commonValue !== undefined ? { commonValue: meta.commonValue } : {}) };
  });
  const result: RunResult = { entries, excluded, indicators, cohortDependent: c.cohortDependent };
  if (c.method !== null) result.method = c.method;
  if (c.decimals !== null) result.decimals = c.decimals;
  if (c.crossCheck) result.crossCheck = c.crossCheck;
  return result;
}

/**
 * Stores a run. `encoded` is `encodeRunResult(result, levels)` when the caller already has it (it
 * hashed it for `contentSha256`); otherwise the result is stored as plain JSON.
 */
export function insertRun(db: DB, r: Omit<RunRecord, 'id' | 'createdAt'>, result: RunResult, encoded?: string): RunRecord {
  return db.transaction(() => {
    const createdAt = nowIso();
    const info = db.prepare(`INSERT INTO runs (scheme_id, scheme_version, scheme_sha256, input_sha256, content_sha256, as_of, engine_version, method, created_at, result)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`).run(r.schemeId, r.schemeVersion, r.schemeSha256, r.inputSha256, r.contentSha256, r.asOf, r.engineVersion, r.method, createdAt, encoded ?? JSON.stringify(result));
    const id = Number(info.lastInsertRowid);
    appendEvent(db, 'run.created', `run:${id}`, { schemeId: r.schemeId, schemeVersion: r.schemeVersion, inputSha256: r.inputSha256, contentSha256: r.contentSha256, asOf: r.asOf, entries: result.entries.length, excluded: result.excluded.length });
    return { ...r, id, createdAt };
  }).immediate();
}

export function getRunRecord(db: DB, id: number): RunRecord {
  const row = db.prepare(`SELECT ${recordColumns} FROM runs WHERE id = ?`).get(id) as RunRecord | undefined;
  if (!row) throw new NotFoundError('E_RUN_NOT_FOUND', { id });
  return row;
}

export function getRun(db: DB, id: number): { run: RunRecord; result: RunResult } {
  const row = db.prepare(`SELECT ${recordColumns}, result FROM runs WHERE id = ?`).get(id) as (RunRecord & { result: string }) | undefined;
  if (!row) throw new NotFoundError('E_RUN_NOT_FOUND', { id });
  const { result, ...run } = row;
  return { run, result: decodeRunResult(result) };
}

/** The stored content text of a run (its SHA-256 is the run's content SHA-256). */
export function getRunContent(db: DB, id: number): string {
  const row = db.prepare('SELECT result FROM runs WHERE id = ?').get(id) as { result: string } | undefined;
  if (!row) throw new NotFoundError('E_RUN_NOT_FOUND', { id });
  return row.result;
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
