/**
 * Deterministic zip archives (fflate): entries sorted by name, one fixed timestamp for every entry,
 * DOS attributes, fixed compression level, so the same files always give the same bytes. Reading
 * returns the entries in memory only: an entry name is never used as a path on disk.
 */
import { unzipSync, zipSync, type Zippable } from 'fflate';

export interface ZipEntry {
  name: string;
  data: Uint8Array;
}

/**
 * The DOS timestamp fflate writes is built from the Date's LOCAL fields, so the Date is made from
 * local fields too: the archive is the same in every time zone. `date` is YYYY-MM-DD (1980..2099).
 */
export function zipTimestamp(date: string): Date {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  if (!m) throw new Error(`bad zip date ${date}`);
  const y = Math.min(2099, Math.max(1980, Number(m[1])));
  return new Date(y, Number(m[2]) - 1, Number(m[3]), 0, 0, 0, 0);
}

export function writeZip(entries: ZipEntry[], date = '1980-01-01'): Uint8Array {
  const mtime = zipTimestamp(date);
  const sorted = [...entries].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const files: Zippable = {};
  for (const e of sorted) {
    if (Object.prototype.hasOwnProperty.call(files, e.name)) throw new Error(`duplicate zip entry ${e.name}`);
    files[e.name] = [e.data, { mtime, level: 6, os: 0, attrs: 0 }];
  }
  return zipSync(files, { mtime, level: 6 });
}

/** All file entries (folders skipped) of an archive, in archive order. Throws on a corrupt archive. */
export function readZip(bytes: Uint8Array): ZipEntry[] {
  const files = unzipSync(bytes);
  return Object.entries(files)
    .filter(([name]) => !name.endsWith('/'))
    .map(([name, data]) => ({ name, data }));
}
