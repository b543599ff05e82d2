/** Ranking runs (owned by `leader rank`): immutable once written. */
export const runsDdl = `
CREATE TABLE runs (
  id INTEGER PRIMARY KEY,
  scheme_id TEXT NOT NULL,
  scheme_version TEXT NOT NULL,
  scheme_sha256 TEXT NOT NULL,
  input_sha256 TEXT NOT NULL,
  content_sha256 TEXT NOT NULL,     -- SHA-256 of the result: the same data and scheme give the same
  as_of TEXT NOT NULL,
  engine_version TEXT NOT NULL,
  method TEXT NOT NULL,
  created_at TEXT NOT NULL,
  result TEXT NOT NULL              -- the run's content as JSON (entries, excluded, indicators)
) STRICT;
CREATE TRIGGER runs_immutable_update BEFORE UPDATE ON runs BEGIN SELECT RAISE(ABORT, 'runs are immutable'); END;
CREATE TRIGGER runs_immutable_delete BEFORE DELETE ON runs BEGIN SELECT RAISE(ABORT, 'runs are immutable'); END;
`;
