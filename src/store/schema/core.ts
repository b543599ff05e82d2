/** Schemes (immutable copies) and the append-only audit log. */
export const coreDdl = `
CREATE TABLE schemes (
  id TEXT NOT NULL,
  version TEXT NOT NULL,
  sha256 TEXT NOT NULL,
  content TEXT NOT NULL,           -- the exact file as added
  name TEXT NOT NULL,
  category TEXT NOT NULL,
  year INTEGER NOT NULL,
  file_name TEXT,
  added_at TEXT NOT NULL,
  seq INTEGER NOT NULL,            -- order of addition: the latest is the current version of an id
  PRIMARY KEY (id, version)
) STRICT;
CREATE TRIGGER schemes_immutable_update BEFORE UPDATE ON schemes BEGIN SELECT RAISE(ABORT, 'schemes are immutable'); END;
CREATE TRIGGER schemes_immutable_delete BEFORE DELETE ON schemes BEGIN SELECT RAISE(ABORT, 'schemes are immutable'); END;

-- Every change to the store appends one event; hash = sha256(prev_hash + canonical event).
CREATE TABLE audit_events (
  seq INTEGER PRIMARY KEY,
  at TEXT NOT NULL,
  type TEXT NOT NULL,
  subject TEXT NOT NULL,
  payload TEXT NOT NULL,
  prev_hash TEXT NOT NULL,
  hash TEXT NOT NULL
) STRICT;
CREATE TRIGGER audit_events_no_update BEFORE UPDATE ON audit_events BEGIN SELECT RAISE(ABORT, 'audit events are append-only'); END;
CREATE TRIGGER audit_events_no_delete BEFORE DELETE ON audit_events BEGIN SELECT RAISE(ABORT, 'audit events are append-only'); END;
`;
