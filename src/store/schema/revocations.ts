/**
 * Revocations of leader titles (取消"领跑者"称号) and their rescissions (owned by `leader revoke`).
 * Append-only: nothing is ever updated or deleted; a rescission is a new row.
 */
export const revocationsDdl = `
CREATE TABLE revocations (
  id INTEGER PRIMARY KEY,
  uscc TEXT NOT NULL,               -- normalised credit code of the enterprise
  enterprise_name TEXT,
  standard_no TEXT,                 -- normalised; NULL: the enterprise as a whole
  scheme_id TEXT,
  reason TEXT NOT NULL,             -- process-change | indicator-lowered | accident | sampling-failed | ip-infringement | fraud | other | standard-abolished | discontinued
  date TEXT NOT NULL,               -- YYYY-MM-DD, the day the title was revoked: the ban starts here
  ban_until TEXT NOT NULL,          -- YYYY-MM-DD, exclusive: the same calendar date three years later
  evidence TEXT,
  integrity INTEGER NOT NULL,       -- 1: integrity problem, reported to the regulators and the credit system
  created_at TEXT NOT NULL
) STRICT;
CREATE INDEX revocations_uscc ON revocations (uscc);
CREATE TABLE rescissions (
  id INTEGER PRIMARY KEY,
  revocation_id INTEGER NOT NULL UNIQUE REFERENCES revocations(id),
  reason TEXT NOT NULL,
  created_at TEXT NOT NULL
) STRICT;
CREATE TRIGGER revocations_no_update BEFORE UPDATE ON revocations BEGIN SELECT RAISE(ABORT, 'revocations are append-only'); END;
CREATE TRIGGER revocations_no_delete BEFORE DELETE ON revocations BEGIN SELECT RAISE(ABORT, 'revocations are append-only'); END;
CREATE TRIGGER rescissions_no_update BEFORE UPDATE ON rescissions BEGIN SELECT RAISE(ABORT, 'rescissions are append-only'); END;
CREATE TRIGGER rescissions_no_delete BEFORE DELETE ON rescissions BEGIN SELECT RAISE(ABORT, 'rescissions are append-only'); END;
`;
