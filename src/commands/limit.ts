/** `--limit <n>`, shared by the commands that print long tables (rank, shortlist). */
import { UsageError } from '../core/errors.js';

/** Rows a table shows: default 100; 0 for all (Infinity); anything else but a whole number is a usage error. */
export function parseLimit(v: string | undefined): number {
  if (v === undefined) return 100;
  const n = Number(v);
  if (!Number.isInteger(n) || n < 0) throw new UsageError('E_BAD_NUMBER', { value: v });
  return n === 0 ? Infinity : n;
}
