/** Shortlists, publicity periods, objections and official calendar years (owned by `leader shortlist`). */
export const publicityDdl = `
CREATE TABLE calendar_years (
  year INTEGER PRIMARY KEY,
  source TEXT NOT NULL,
  sha256 TEXT NOT NULL,
  content TEXT NOT NULL,            -- holiday-cn JSON layout
  added_at TEXT NOT NULL
) STRICT;
`;
