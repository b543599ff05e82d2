/**
 * Shortlists, publicity periods, objections, published lists and user-added calendar years (owned by
 * `leader shortlist`). Shortlists, their entries and published lists are immutable; a publicity row
 * changes once (closed_at / published_date set when it closes) and an objection once (its decision),
 * each guarded by a trigger. Nothing is ever deleted.
 */
export const publicityDdl = `
CREATE TABLE calendar_years (
  year INTEGER PRIMARY KEY,
  source TEXT NOT NULL,
  sha256 TEXT NOT NULL,
  content TEXT NOT NULL,            -- holiday-cn JSON layout
  added_at TEXT NOT NULL
) STRICT;
CREATE TRIGGER calendar_years_no_delete BEFORE DELETE ON calendar_years BEGIN SELECT RAISE(ABORT, 'calendar years are never deleted'); END;

CREATE TABLE shortlists (
  id INTEGER PRIMARY KEY,
  run_id INTEGER NOT NULL REFERENCES runs(id),
  scheme_id TEXT NOT NULL,
  scheme_version TEXT NOT NULL,
  participants INTEGER NOT NULL,    -- |E|, the ranked eligible standards of the run
  cap INTEGER,                      -- NULL: no cap
  tie_policy TEXT NOT NULL CHECK (tie_policy IN ('include-all', 'exclude-all')),
  tie_at_cut TEXT,                  -- JSON, NULL when there was no tie across the cut
  reason TEXT,                      -- TOO_FEW_PARTICIPANTS, NO_QUALIFYING_ENTRIES, TIE_EXCLUDED_ALL or NULL
  decision TEXT NOT NULL,           -- the decision record as JSON (rule used, shareCap, candidates, tie, reason)
  dropped TEXT NOT NULL,            -- JSON array in rank order: [{standardNo, uscc, rank, rule, detail}]; one value, so
                                    -- a run of 50,000 standards stores (and reads back) its ~40,000 drops in one step
  created_at TEXT NOT NULL
) STRICT;
CREATE INDEX shortlists_scheme ON shortlists (scheme_id, id);
CREATE TRIGGER shortlists_immutable_update BEFORE UPDATE ON shortlists BEGIN SELECT RAISE(ABORT, 'shortlists are immutable'); END;
CREATE TRIGGER shortlists_immutable_delete BEFORE DELETE ON shortlists BEGIN SELECT RAISE(ABORT, 'shortlists are immutable'); END;

CREATE TABLE shortlist_entries (
  shortlist_id INTEGER NOT NULL REFERENCES shortlists(id),
  position INTEGER NOT NULL,        -- publication order (standard number, then credit code)
  standard_no TEXT NOT NULL,
  uscc TEXT NOT NULL,
  enterprise_name TEXT NOT NULL,
  standard_name TEXT NOT NULL,
  product TEXT,
  models TEXT NOT NULL,             -- JSON array
  rank INTEGER NOT NULL,            -- the run's rank, never renumbered
  total TEXT NOT NULL,
  PRIMARY KEY (shortlist_id, position),
  UNIQUE (shortlist_id, standard_no, uscc)
) STRICT;
CREATE TRIGGER shortlist_entries_immutable_update BEFORE UPDATE ON shortlist_entries BEGIN SELECT RAISE(ABORT, 'shortlists are immutable'); END;
CREATE TRIGGER shortlist_entries_immutable_delete BEFORE DELETE ON shortlist_entries BEGIN SELECT RAISE(ABORT, 'shortlists are immutable'); END;

-- One publicity period (公示期) per shortlist. closed_at / published_date are set once, when it closes.
CREATE TABLE publicity (
  shortlist_id INTEGER PRIMARY KEY REFERENCES shortlists(id),
  start_date TEXT NOT NULL,
  end_date TEXT NOT NULL,
  working_days INTEGER NOT NULL,
  count_from TEXT NOT NULL CHECK (count_from IN ('start', 'next')),
  convention TEXT NOT NULL,
  provisional INTEGER NOT NULL CHECK (provisional IN (0, 1)),
  calendar_sources TEXT NOT NULL,   -- JSON: year -> data source used for the count
  started_at TEXT NOT NULL,
  closed_at TEXT,
  published_date TEXT
) STRICT;
CREATE TRIGGER publicity_close_once BEFORE UPDATE ON publicity
  WHEN OLD.closed_at IS NOT NULL OR NEW.closed_at IS NULL OR NEW.published_date IS NULL
    OR NEW.shortlist_id IS NOT OLD.shortlist_id OR NEW.start_date IS NOT OLD.start_date OR NEW.end_date IS NOT OLD.end_date
    OR NEW.working_days IS NOT OLD.working_days OR NEW.count_from IS NOT OLD.count_from OR NEW.convention IS NOT OLD.convention
    OR NEW.provisional IS NOT OLD.provisional OR NEW.calendar_sources IS NOT OLD.calendar_sources OR NEW.started_at IS NOT OLD.started_at
  BEGIN SELECT RAISE(ABORT, 'a publicity period only changes once, when it closes'); END;
CREATE TRIGGER publicity_no_delete BEFORE DELETE ON publicity BEGIN SELECT RAISE(ABORT, 'publicity periods are never deleted'); END;

-- Objections (异议) and their expert-review decision (专家评议处理意见), set once.
CREATE TABLE objections (
  id INTEGER PRIMARY KEY,
  shortlist_id INTEGER NOT NULL REFERENCES publicity(shortlist_id),
  standard_no TEXT NOT NULL,
  uscc TEXT NOT NULL,
  date TEXT NOT NULL,
  text TEXT NOT NULL,
  added_at TEXT NOT NULL,
  decision TEXT CHECK (decision IN ('upheld', 'rejected')),
  decision_text TEXT,
  resolved_at TEXT
) STRICT;
CREATE INDEX objections_shortlist ON objections (shortlist_id, id);
CREATE TRIGGER objections_resolve_once BEFORE UPDATE ON objections
  WHEN OLD.decision IS NOT NULL OR NEW.decision IS NULL OR NEW.decision_text IS NULL OR NEW.resolved_at IS NULL
    OR NEW.id IS NOT OLD.id OR NEW.shortlist_id IS NOT OLD.shortlist_id OR NEW.standard_no IS NOT OLD.standard_no
    OR NEW.uscc IS NOT OLD.uscc OR NEW.date IS NOT OLD.date OR NEW.text IS NOT OLD.text OR NEW.added_at IS NOT OLD.added_at
  BEGIN SELECT RAISE(ABORT, 'an objection is resolved once and never changed otherwise'); END;
CREATE TRIGGER objections_no_delete BEFORE DELETE ON objections BEGIN SELECT RAISE(ABORT, 'objections are never deleted'); END;

-- The published leader list (领跑者名单): the shortlist minus standards removed by upheld objections.
CREATE TABLE published_entries (
  shortlist_id INTEGER NOT NULL REFERENCES publicity(shortlist_id),
  position INTEGER NOT NULL,        -- publication order (排名不分先后)
  standard_no TEXT NOT NULL,
  uscc TEXT NOT NULL,
  PRIMARY KEY (shortlist_id, position),
  FOREIGN KEY (shortlist_id, standard_no, uscc) REFERENCES shortlist_entries (shortlist_id, standard_no, uscc)
) STRICT;
CREATE TRIGGER published_entries_immutable_update BEFORE UPDATE ON published_entries BEGIN SELECT RAISE(ABORT, 'published lists are immutable'); END;
CREATE TRIGGER published_entries_immutable_delete BEFORE DELETE ON published_entries BEGIN SELECT RAISE(ABORT, 'published lists are immutable'); END;
`;
