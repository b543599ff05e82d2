/**
 * Reads the current version of every standard imported for a scheme (tables of
 * src/store/schema/standards.ts, owned by `leader import`) as `StandardRecord`s for ranking and
 * explanations. One prepared statement, raw rows, in (credit code, standard number) order.
 */
import type { StandardRecord, StandardStatus } from '../core/types.js';
import type { DB } from './db.js';

const COLUMNS = `s.id, v.id, v.version, s.standard_no, s.uscc, v.enterprise_name, v.standard_name, v.product, v.brand, v.models,
  v.public_date, v.status, v.region, v.values_json, v.content_sha256`;
/** What ranking needs: brand and region are not read (null). */
const RANK_COLUMNS = `s.id, v.id, v.version, s.standard_no, s.uscc, v.enterprise_name, v.standard_name, v.product, NULL, v.models,
  v.public_date, v.status, NULL, v.values_json, v.content_sha256`;

/** `["a","b"]` without JSON.parse when nothing needs unescaping. */
function models(text: string | null): string[] {
  if (text === null || text === '[]') return [];
  if (text.startsWith('["') && text.endsWith('"]') && !text.includes('\\')) return text.slice(2, -2).split('","');
  return JSON.parse(text) as string[];
}

type Row = [number, number, number, string, string, string, string, string | null, string | null, string | null, string | null, string, string | null, string, string, string?];

const NO_RAW: Record<string, string> = Object.freeze({}) as Record<string, string>;

function toRecord(r: Row, withRaw: boolean): StandardRecord {
  return {
    standardId: r[0], versionId: r[1], version: r[2], standardNo: r[3], uscc: r[4], enterpriseName: r[5], standardName: r[6],
    product: r[7], brand: r[8], models: models(r[9]), publicDate: r[10],
    status: r[11] as StandardStatus, region: r[12], values: JSON.parse(r[13]) as Record<string, string>,
    raw: withRaw && r[15] !== undefined ? (JSON.parse(r[15]) as Record<string, string>) : NO_RAW, contentSha256: r[14],
  };
}

/**
 * Current versions of the standards of `schemeId`, ordered by credit code then standard number.
 * `raw: false` (what ranking uses) skips the declared texts (`raw` is then an empty frozen object),
 * the brand and the region (null).
 */
export function readStandards(db: DB, schemeId: string, o: { raw?: boolean } = {}): StandardRecord[] {
  const withRaw = o.raw !== false;
  const stmt = db.prepare(`SELECT ${withRaw ? COLUMNS : RANK_COLUMNS}${withRaw ? ', v.raw_json' : ''}
    FROM standards s JOIN standard_versions v ON v.id = s.current_version_id
    WHERE s.scheme_id = ? ORDER BY s.uscc, s.standard_no`).raw(true);
  const rows = stmt.all(schemeId) as Row[];
  const out = new Array<StandardRecord>(rows.length);
  for (let i = 0; i < rows.length; i++) out[i] = toRecord(rows[i]!, withRaw);
  return out;
}

/** One stored version (current or not) with its declared texts, by version id. */
export function readStandardVersion(db: DB, versionId: number): StandardRecord | undefined {
  const row = db.prepare(`SELECT ${COLUMNS}, v.raw_json FROM standard_versions v JOIN standards s ON s.id = v.standard_id WHERE v.id = ?`)
    .raw(true).get(versionId) as Row | undefined;
  return row ? toRecord(row, true) : undefined;
}
