/**
 * Imported enterprise standards (owned by `leader import`). Identity is (scheme, credit code,
 * normalised standard number); changed content becomes a new version, old versions are kept.
 */
export const standardsDdl = `
CREATE TABLE imports (
  id INTEGER PRIMARY KEY,
  scheme_id TEXT NOT NULL,
  scheme_version TEXT NOT NULL,
  file_name TEXT NOT NULL,
  sha256 TEXT NOT NULL,
  encoding TEXT NOT NULL,
  rows INTEGER NOT NULL,
  inserted INTEGER NOT NULL,
  updated INTEGER NOT NULL,
  unchanged INTEGER NOT NULL,
  rejected INTEGER NOT NULL,
  warnings INTEGER NOT NULL,
  started_at TEXT NOT NULL,
  finished_at TEXT NOT NULL
) STRICT;

CREATE TABLE standards (
  id INTEGER PRIMARY KEY,
  scheme_id TEXT NOT NULL,
  uscc TEXT NOT NULL,
  standard_no TEXT NOT NULL,        -- normalised
  current_version_id INTEGER
) STRICT;
-- identity; a named index (not a table constraint) so a large import can rebuild it in one sorted pass
CREATE UNIQUE INDEX standards_identity ON standards (scheme_id, uscc, standard_no);

CREATE TABLE standard_versions (
  id INTEGER PRIMARY KEY,
  standard_id INTEGER NOT NULL REFERENCES standards(id),
  version INTEGER NOT NULL,
  import_id INTEGER NOT NULL REFERENCES imports(id),
  line INTEGER NOT NULL,
  content_sha256 TEXT NOT NULL,
  standard_no_raw TEXT NOT NULL,
  standard_name TEXT NOT NULL,
  enterprise_name TEXT NOT NULL,
  product TEXT,
  brand TEXT,
  models TEXT,                      -- JSON array of model names
  public_date TEXT,
  issue_date TEXT,
  implementation_date TEXT,
  status TEXT NOT NULL,             -- 现行 | 废止
  region TEXT,
  values_json TEXT NOT NULL,        -- {"<indicator id>": "<parsed value>"} (decimal text, grade name, "true"/"false")
  raw_json TEXT NOT NULL,           -- {"<indicator id>": "<text as declared>"}
  UNIQUE (standard_id, version)
) STRICT;
`;
