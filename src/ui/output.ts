/**
 * Where output goes (clig.dev): data on stdout, messages/warnings/progress on stderr; `--json`
 * prints exactly one document (written by src/cli.ts) and silences the rest; `--quiet` silences
 * information. Colour is decided once here, per stream.
 */
import { t, type Lang, type MessageCode, type MessageParams } from '../i18n/index.js';
import { createStyle, type Style } from './style.js';

export interface OutputOptions {
  lang: Lang;
  json: boolean;
  quiet: boolean;
  /** false when --no-color was given */
  color: boolean;
}

/** NO_COLOR, FORCE_COLOR, TERM=dumb, --no-color and TTY-ness decide together (chalk, whose levels these are, ignores NO_COLOR). */
export function colorLevel(stream: NodeJS.WriteStream, flag: boolean, env: NodeJS.ProcessEnv): 0 | 1 | 2 | 3 {
  if (!flag) return 0;
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return 0;
  const force = env.FORCE_COLOR;
  if (force !== undefined) {
    if (force === '0' || force === 'false') return 0;
    return force === '2' ? 2 : force === '3' ? 3 : 1;
  }
  if (env.TERM === 'dumb') return 0;
  return stream.isTTY ? 1 : 0;
}

export class Output {
  readonly lang: Lang;
  readonly json: boolean;
  readonly quiet: boolean;
  /** styles for stdout */
  readonly c: Style;
  /** styles for stderr */
  readonly ce: Style;
  readonly stdoutIsTTY: boolean;
  readonly stderrIsTTY: boolean;

  constructor(
    o: OutputOptions,
    private readonly stdout: NodeJS.WriteStream = process.stdout,
    private readonly stderr: NodeJS.WriteStream = process.stderr,
    env: NodeJS.ProcessEnv = process.env,
  ) {
    this.lang = o.lang;
    this.json = o.json;
    this.quiet = o.quiet;
    this.c = createStyle(colorLevel(stdout, o.color, env));
    this.ce = createStyle(colorLevel(stderr, o.color, env));
    this.stdoutIsTTY = Boolean(stdout.isTTY);
    this.stderrIsTTY = Boolean(stderr.isTTY);
  }

  t(code: MessageCode, params?: MessageParams): string {
    return t(this.lang, code, params);
  }

  /** Data for humans on stdout (tables, lists); nothing in --json mode. */
  data(text: string): void {
    if (this.json) return;
    this.stdout.write(text.endsWith('\n') ? text : text + '\n');
  }

  /** Raw bytes/text on stdout, in any mode (CSV to `-`, exported text). */
  raw(text: string | Uint8Array): void {
    this.stdout.write(text);
  }

  /** The one JSON document of --json mode. */
  jsonDocument(doc: unknown): void {
    // pieces joined into writes of about 1 MiB (a stream write per piece costs more than the piece)
    let text = '';
    for (const piece of jsonPieces(doc)) {
      text += piece;
      if (text.length >= 1 << 20) { this.stdout.write(text); text = ''; }
    }
    if (text) this.stdout.write(text);
  }

  /** Information on stderr; silent with --quiet or --json. */
  info(code: MessageCode, params?: MessageParams): void {
    if (this.quiet || this.json) return;
    this.stderr.write(this.t(code, params) + '\n');
  }

  /** Free text on stderr (already formatted); silent with --quiet or --json. */
  note(text: string): void {
    if (this.quiet || this.json) return;
    this.stderr.write(text.endsWith('\n') ? text : text + '\n');
  }

  /** A warning on stderr, with its code; silent in --json (warnings are in the document). */
  warn(code: MessageCode, params?: MessageParams): void {
    if (this.json) return;
    this.stderr.write(this.ce.yellow(`${this.lang === 'zh' ? '警告' : 'warning'} [${code}] `) + this.t(code, params) + '\n');
  }

  /** An error line on stderr (used by the top-level catch). */
  error(code: string, message: string): void {
    this.stderr.write(this.ce.red(`${this.lang === 'zh' ? '错误' : 'error'} [${code}] `) + message + '\n');
  }

  /** For progress bars and prompts: stderr, only when it is a TTY and not --json. */
  get interactiveStderr(): NodeJS.WriteStream | undefined {
    return this.stderrIsTTY && !this.json && !this.quiet ? this.stderr : undefined;
  }
}

/**
 * `JSON.stringify(doc, null, 2) + "\n"`, byte for byte, in pieces: large arrays (a million ranking
 * entries) are written element by element, so no single string has to hold the whole document
 * (V8 caps a string at about 512 MiB).
 */
export function* jsonPieces(doc: unknown, indent = '', chunk = 1000): Generator<string> {
  if (doc !== null && typeof doc === 'object' && !('toJSON' in doc)) {
    const inner = indent + '  ';
    if (Array.isArray(doc) && doc.length > chunk) {
      yield '[';
      for (let i = 0; i < doc.length; i++) {
        yield (i ? ',\n' : '\n') + inner;
        yield* jsonPieces(doc[i] === undefined || typeof doc[i] === 'function' ? null : doc[i], inner, chunk);
      }
      yield '\n' + indent + ']';
      if (indent === '') yield '\n';
      return;
    }
    if (!Array.isArray(doc)) {
      const entries = Object.entries(doc as Record<string, unknown>).filter(([, v]) => v !== undefined && typeof v !== 'function');
      if (entries.some(([, v]) => Array.isArray(v) && v.length > chunk)) {
        yield '{';
        for (let i = 0; i < entries.length; i++) {
          const [k, v] = entries[i]!;
          yield (i ? ',\n' : '\n') + inner + JSON.stringify(k) + ': ';
          yield* jsonPieces(v, inner, chunk);
        }
        yield '\n' + indent + '}';
        if (indent === '') yield '\n';
        return;
      }
    }
  }
  const text = JSON.stringify(doc, null, 2);
  yield (indent ? text.replace(/\n/g, '\n' + indent) : text) + (indent === '' ? '\n' : '');
}
