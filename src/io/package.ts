/**
 * Writing a submission package to a folder or a .zip, and reading one back for verification. The
 * target is the only place written: fixed file names, each file created exclusively beside its final
 * name and renamed over it (a symlink planted in the folder is replaced, never followed).
 */
import { randomBytes } from 'node:crypto';
import { closeSync, existsSync, lstatSync, mkdirSync, openSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync, writeSync } from 'node:fs';
import { dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { DataError, NotFoundError, OutputError } from '../core/errors.js';
import { isSafePackagePath } from '../core/package-manifest.js';
import { assembleZip, deflateChunksAsync, readZip, zipAmbiguities, type ZipAmbiguity } from './zip.js';

export interface PackageFile {
  path: string;
  data: Uint8Array;
}

/** A file to write, as chunks of its content (large files are never joined into one buffer). */
export interface OutputFile {
  path: string;
  chunks: Uint8Array[];
}

export function isZipTarget(target: string): boolean {
  return /\.zip$/i.test(target);
}

function inside(root: string, p: string): boolean {
  const rel = relative(root, p);
  return rel !== '' && rel !== '..' && !rel.startsWith(`..${sep}`) && !isAbsolute(rel);
}

/** All of `chunks` into an open file, in order. */
function writeChunks(fd: number, chunks: Uint8Array[]): void {
  for (const c of chunks) {
    let off = 0;
    while (off < c.length) off += writeSync(fd, c, off, c.length - off);
  }
}

function atomicWrite(path: string, data: Uint8Array | Uint8Array[]): void {
  const tmp = `${path}.tmp-${process.pid}-${randomBytes(4).toString('hex')}`;
  try {
    if (Array.isArray(data)) {
      const fd = openSync(tmp, 'wx');
      try { writeChunks(fd, data); } finally { closeSync(fd); }
    } else writeFileSync(tmp, data, { flag: 'wx' });
    renameSync(tmp, path);
  } catch (e) {
    rmSync(tmp, { force: true });
    throw new OutputError('E_FILE_WRITE', { file: path, detail: (e as Error).message });
  }
}

/**
 * Writes the files into `dir`. A non-empty folder is refused unless `force`; with `force` only the
 * package's own file names are replaced (`alsoRemove`, e.g. a stale signature.json, is deleted) and
 * any other file is left alone and returned, so the caller can warn that `verify` will call it extra.
 */
export function writePackageDir(dir: string, files: OutputFile[], o: { force?: boolean; alsoRemove?: string[] } = {}): { others: string[] } {
  const root = resolve(dir);
  if (existsSync(root)) {
    const st = statSync(root);
    if (!st.isDirectory()) throw new OutputError('E_EXPORT_NOT_DIR', { path: dir });
    if (readdirSync(root).length > 0 && !o.force) throw new OutputError('E_EXPORT_NOT_EMPTY', { path: dir });
  } else {
    try {
      mkdirSync(root, { recursive: true });
    } catch (e) {
      throw new OutputError('E_FILE_WRITE', { file: dir, detail: (e as Error).message });
    }
  }
  const names = new Set(files.map((f) => f.path));
  for (const f of files) {
    if (!isSafePackagePath(f.path)) throw new Error(`unsafe package path ${f.path}`);
    const target = resolve(root, f.path);
    if (!inside(root, target)) throw new Error(`package path escapes the target: ${f.path}`);
    if (f.path.includes('/')) mkdirSync(dirname(target), { recursive: true });
    if (existsSync(target) && lstatSync(target).isDirectory()) throw new OutputError('E_EXPORT_NOT_DIR', { path: target });
    atomicWrite(target, f.chunks);
  }
  for (const name of o.alsoRemove ?? []) {
    if (names.has(name) || !isSafePackagePath(name)) continue;
    const target = resolve(root, name);
    if (inside(root, target) && existsSync(target) && !lstatSync(target).isDirectory()) rmSync(target, { force: true });
  }
  const { files: present, irregular } = listEntries(root);
  const others = [...present, ...irregular].filter((p) => !names.has(p)).sort();
  return { others };
}

/** Writes the files as one deterministic zip (entries sorted, timestamps = `date`). */
export async function writePackageZip(path: string, files: OutputFile[], date: string, o: { force?: boolean } = {}): Promise<Uint8Array> {
  const target = resolve(path);
  if (existsSync(target)) {
    if (statSync(target).isDirectory()) throw new OutputError('E_EXPORT_NOT_DIR', { path });
    if (!o.force) throw new OutputError('E_OUTPUT_EXISTS', { file: path });
  }
  if (!existsSync(dirname(target))) throw new OutputError('E_FILE_WRITE', { file: path, detail: `no such folder: ${dirname(target)}` });
  const bytes = assembleZip(await Promise.all(files.map((f) => deflateChunksAsync({ name: f.path, chunks: f.chunks }))), date);
  atomicWrite(target, bytes);
  return bytes;
}

/**
 * Every entry under `root`, as forward-slash relative paths, sorted: the regular files, and apart the
 * entries that are neither a file nor a folder (a symbolic link, whatever it points to, a FIFO, a
 * socket, a device), which are never followed or read.
 */
function listEntries(root: string): { files: string[]; irregular: string[] } {
  const files: string[] = [];
  const irregular: string[] = [];
  const walk = (dir: string, prefix: string): void => {
    for (const ent of readdirSync(dir, { withFileTypes: true })) {
      const rel = prefix ? `${prefix}/${ent.name}` : ent.name;
      if (ent.isDirectory()) walk(join(dir, ent.name), rel);
      else if (ent.isFile()) files.push(rel);
      else irregular.push(rel);
    }
  };
  walk(root, '');
  return { files: files.sort(), irregular: irregular.sort() };
}

/**
 * The files of a package folder or zip, in memory; for a folder, the entries that are not regular
 * files (links and special files: not read, so that a FIFO cannot stall the check and a link cannot
 * stand in for a file); for a zip, what would let another tool read it differently
 * (`zipAmbiguities`). Missing target: 66; unreadable zip: 65.
 */
export function readPackage(target: string): { kind: 'dir' | 'zip'; files: PackageFile[]; irregular: string[]; ambiguities: ZipAmbiguity[] } {
  if (!existsSync(target)) throw new NotFoundError('E_FILE_MISSING', { file: target });
  const st = statSync(target);
  if (st.isDirectory()) {
    const { files, irregular } = listEntries(target);
    return { kind: 'dir', files: files.map((p) => ({ path: p, data: readFileSync(join(target, ...p.split('/'))) })), irregular, ambiguities: [] };
  }
  const bytes = readFileSync(target);
  let entries;
  try {
    entries = readZip(bytes);
  } catch (e) {
    throw new DataError('E_VERIFY_NOT_PACKAGE', { path: target, detail: (e as Error).message });
  }
  return { kind: 'zip', files: entries.map((e) => ({ path: e.name, data: e.data })), irregular: [], ambiguities: zipAmbiguities(bytes) };
}
