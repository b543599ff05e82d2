/**
 * The clock. `LEADER_NOW` (an ISO date or date-time) fixes "now" for reproducible runs and tests;
 * it is documented in the README. Dates are calendar dates in China Standard Time (UTC+8), the
 * time zone of the rules, whatever the machine's zone.
 */
export function now(): Date {
  const fixed = process.env.LEADER_NOW;
  if (fixed) {
    const d = new Date(/^\d{4}-\d{2}-\d{2}$/.test(fixed) ? `${fixed}T12:00:00+08:00` : fixed);
    if (!Number.isNaN(d.getTime())) return d;
  }
  return new Date();
}

export function nowIso(): string {
  return now().toISOString();
}

/** Today's date (YYYY-MM-DD) in China Standard Time. */
export function today(): string {
  return new Date(now().getTime() + 8 * 3600_000).toISOString().slice(0, 10);
}
