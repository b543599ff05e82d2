/** Option parsing and output helpers shared by the revoke-area commands (credit codes, dates, evidence, files). */
import { basename, resolve } from 'node:path';
import { UsageError } from '../../core/errors.js';
import { isIsoDate } from '../../core/revocation.js';
import { checkUscc } from '../../core/uscc.js';
import { readInputFile, sha256, writeOutputFile } from '../../io/files.js';
import type { MessageCode, MessageParams } from '../../i18n/index.js';
import type { Context } from '../../ui/context.js';

export interface Warning { code: MessageCode; params: MessageParams }

/** Collects warnings: printed on stderr now, and returned for the --json document. */
export class Warnings {
  readonly list: Warning[] = [];
  constructor(private readonly ctx: Context) {}
  add(code: MessageCode, params: MessageParams = {}): void {
    this.list.push({ code, params });
    this.ctx.out.warn(code, params);
  }
  toJson(): Array<{ code: string; message: string }> {
    return this.list.map((w) => ({ code: w.code, message: this.ctx.out.t(w.code, w.params) }));
  }
}

export function required<T>(value: T | undefined, option: string): T {
  if (value === undefined || value === null || value === '') throw new UsageError('E_REVOKE_OPTION_REQUIRED', { option });
  return value;
}

/** Normalises and checks a credit code: wrong length or characters is an error (exit 2), a wrong check character a warning. */
export function parseUscc(raw: string, warnings: Warnings): string {
  const c = checkUscc(raw);
  if (c.ok) return c.code;
  if (c.problem === 'check') {
    warnings.add('W_REVOKE_USCC_CHECK', { code: c.code, expected: c.expected });
    return c.code;
  }
  if (c.problem === 'length') throw new UsageError('E_REVOKE_USCC_LENGTH', { code: c.code, length: [...c.code].length });
  throw new UsageError('E_REVOKE_USCC_CHARACTER', { code: c.code, position: c.position ?? '?', char: c.char ?? '?' });
}

export function parseDate(raw: string): string {
  const s = raw.normalize('NFKC').trim();
  if (!isIsoDate(s)) throw new UsageError('E_BAD_DATE', { value: raw });
  return s;
}

/** A standard number as the store keeps it (the import area's rule, src/core/standard-number.ts). */
export { normaliseStandardNo } from '../../core/standard-number.js';

/** `--evidence`: text as given, or `@file`: the file's text (UTF-8), or its name and SHA-256 when it is not text. */
export function readEvidence(ctx: Context, raw: string | undefined): { text: string | null; file?: string; sha256?: string } {
  if (raw === undefined) return { text: null };
  if (!raw.startsWith('@')) return { text: raw };
  const path = resolve(ctx.cwd, raw.slice(1));
  const bytes = readInputFile(path);
  const hash = sha256(bytes);
  try {
    let text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
    return { text: text.trimEnd(), file: basename(path), sha256: hash };
  } catch {
    return { text: `${basename(path)} (SHA-256 ${hash})`, file: basename(path), sha256: hash };
  }
}

/** Writes generated text to `--out` (atomic, refuses to overwrite without --force) or stdout. */
export function emit(ctx: Context, text: string | Uint8Array, out: string | undefined, force: boolean): string | null {
  if (out && out !== '-') {
    const path = resolve(ctx.cwd, out);
    writeOutputFile(path, text, { force });
    ctx.out.info('I_FILE_WRITTEN', { file: path });
    return path;
  }
  if (!ctx.opts.json) ctx.out.raw(text);
  return null;
}

/** CST calendar date of an ISO instant. */
export function cstDate(iso: string): string {
  return new Date(new Date(iso).getTime() + 8 * 3600_000).toISOString().slice(0, 10);
}
