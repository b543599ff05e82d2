/**
 * Migration 2: columnar copies of the stored versions for `leader rank` (src/store/version-chunks.ts),
 * and the invariants they rely on, enforced by triggers: versions are immutable, standards are never
 * deleted nor re-identified, and a standard's current version only moves forward (to its newest).
 */
export const versionChunksDdl = `
CREATE TABLE version_chunks (
  id INTEGER PRIMARY KEY,
  scheme_id TEXT NOT NULL,
  import_id INTEGER NOT NULL REFERENCES imports(id),
  first_version_id INTEGER NOT NULL,
  last_version_id INTEGER NOT NULL,
  rows INTEGER NOT NULL,
  data BLOB NOT NULL                -- format LVC2 (src/store/version-chunks.ts)
) STRICT;
CREATE INDEX version_chunks_scheme ON version_chunks (scheme_id, id);
CREATE TRIGGER version_chunks_immutable_update BEFORE UPDATE ON version_chunks BEGIN SELECT RAISE(ABORT, 'version chunks are immutable'); END;
CREATE TRIGGER version_chunks_immutable_delete BEFORE DELETE ON version_chunks BEGIN SELECT RAISE(ABORT, 'version chunks are immutable'); END;
CREATE TRIGGER standard_versions_immutable_update BEFORE UPDATE ON standard_versions BEGIN SELECT RAISE(ABORT, 'standard versions are immutable'); END;
CREATE TRIGGER standard_versions_immutable_delete BEFORE DELETE ON standard_versions BEGIN SELECT RAISE(ABORT, 'standard versions are immutable'); END;
CREATE TRIGGER standards_no_delete BEFORE DELETE ON standards BEGIN SELECT RAISE(ABORT, 'standards are never deleted'); END;
CREATE TRIGGER standards_identity_fixed BEFORE UPDATE OF scheme_id, uscc, standard_no ON standards BEGIN SELECT RAISE(ABORT, 'a standard''s identity never changes'); END;
CREATE TRIGGER standards_current_forward BEFORE UPDATE OF current_version_id ON standards
  WHEN NEW.current_version_id IS NULL OR NEW.current_version_id <= coalesce(OLD.current_version_id, 0)
    OR NOT EXISTS (SELECT 1 FROM standard_versions v WHERE v.id = NEW.current_version_id AND v.standard_id = NEW.id)
  BEGIN SELECT RAISE(ABORT, 'a standard''s current version only moves forward, to one of its own versions'); END;
`;
