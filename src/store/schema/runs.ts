/** Ranking runs (owned by `leader rank`): immutable once written. */
export const runsDdl = `
CREATE TABLE runs (
  id INTEGER PRIMARY KEY,
  scheme_id TEXT NOT NULL,
  scheme_version TEXT NOT NULL,
  scheme_sha256 TEXT NOT NULL,
  input_sha256 TEXT NOT NULL,
  content_sha256 TEXT NOT NULL,     -- SHA-256 of the content (result, then columns): the same data and scheme give the same
  as_of TEXT NOT NULL,
  engine_version TEXT NOT NULL,
  method TEXT NOT NULL,
  created_at TEXT NOT NULL,
  entry_count INTEGER NOT NULL,     -- ranked standards
  excluded_count INTEGER NOT NULL,  -- ineligible standards
  result TEXT NOT NULL,             -- the content as JSON: the whole RunResult, or (format leader-run/2) the header of the columns
  columns BLOB                      -- leader-run/2: entries and excluded standards as binary columns (see src/store/runs.ts)
) STRICT;
CREATE TRIGGER runs_immutable_update BEFORE UPDATE ON runs BEGIN SELECT RAISE(ABORT, 'runs are immutable'); END;
CREATE TRIGGER runs_immutable_delete BEFORE DELETE ON runs BEGIN SELECT RAISE(ABORT, 'runs are immutable'); END;
`;
