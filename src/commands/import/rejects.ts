/**
 * `--rejects <file>`: every rejected row as written, after its line number, with the reasons in an
 * extra column; UTF-8 with BOM so Excel opens it. Written to a temporary file, renamed at the end.
 */
import { closeSync, openSync, renameSync, rmSync, writeSync } from 'node:fs';
import { stringify } from 'csv-stringify/sync';
import { OutputError } from '../../core/errors.js';
import type { ImportProblem } from '../../core/import-row.js';
import { t, type Lang } from '../../i18n/index.js';
import { formatProblem } from './problems.js';

export class RejectsWriter {
  private fd: number;
  private readonly tmp: string;
  private done = false;

  constructor(readonly path: string, private readonly lang: Lang) {
    this.tmp = `${path}.tmp-${process.pid}`;
    try {
      this.fd = openSync(this.tmp, 'w');
      writeSync(this.fd, '\uFEFF');
    } catch (e) {
      throw new OutputError('E_FILE_WRITE', { file: path, detail: (e as Error).message });
    }
  }

  private line(cells: string[]): void {
    writeSync(this.fd, stringify([cells], { record_delimiter: 'windows' }));
  }

  header(headers: string[]): void {
    this.line([t(this.lang, 'I_IMPORT_REJECT_LINE'), ...headers, t(this.lang, 'I_IMPORT_REJECT_REASON')]);
  }

  row(fields: string[] | undefined, line: number, problems: ImportProblem[]): void {
    this.line([String(line), ...(fields ?? []), problems.map((p) => `[${p.code}] ${formatProblem(p, this.lang)}`).join('；')]);
  }

  finish(): void {
    if (this.done) return;
    this.done = true;
    closeSync(this.fd);
    try {
      renameSync(this.tmp, this.path);
    } catch (e) {
      throw new OutputError('E_FILE_WRITE', { file: this.path, detail: (e as Error).message });
    }
  }

  /** Removes the temporary file when the import ended before finish(). */
  abort(): void {
    if (this.done) return;
    this.done = true;
    try { closeSync(this.fd); } catch { /* already closed */ }
    rmSync(this.tmp, { force: true });
  }
}
