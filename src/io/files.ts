/** Reading and writing whole files with the errors users understand (exit 66 / 73). */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { basename } from 'node:path';
import { LeaderError, ExitCode, NotFoundError, OutputError, UsageError } from '../core/errors.js';

export function sha256(data: string | Uint8Array): string {
  return createHash('sha256').update(data).digest('hex');
}

export function readInputFile(path: string): Buffer {
  try {
    return readFileSync(path);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new NotFoundError('E_FILE_MISSING', { file: path });
    throw new LeaderError('E_FILE_READ', { file: path, detail: (e as Error).message }, ExitCode.noInput);
  }
}

/** Parses JSON from bytes (a UTF-8 BOM is allowed); a syntax error is a configuration error (exit 2). */
export function parseJsonFile(path: string, bytes: Buffer): unknown {
  let text = bytes.toString('utf8');
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  try {
    return JSON.parse(text);
  } catch (e) {
    throw new UsageError('E_JSON_PARSE', { file: basename(path), detail: (e as Error).message });
  }
}

/** Writes a file atomically (temp + rename); refuses to replace an existing one unless `force`. */
export function writeOutputFile(path: string, data: string | Uint8Array, o: { force?: boolean } = {}): void {
  if (!o.force && existsSync(path)) throw new OutputError('E_OUTPUT_EXISTS', { file: path });
  const tmp = `${path}.tmp-${process.pid}`;
  try {
    writeFileSync(tmp, data);
    renameSync(tmp, path);
  } catch (e) {
    throw new OutputError('E_FILE_WRITE', { file: path, detail: (e as Error).message });
  }
}
