/**
 * The `leader` entry point: the ONE catch that turns errors into messages and exit codes
 * (shared/style.md). Nothing else in the code base sets the exit code. `--version` answers before
 * anything heavy is loaded; the command tree (src/program.ts) is imported only when needed.
 */
import { readFileSync } from 'node:fs';
import type { CommanderError } from 'commander';
import type { Lang } from './i18n/index.js';

function packageVersion(): string {
  const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string };
  return pkg.version;
}

/** --lang, --json and --no-color are read before commander runs so that its own errors obey them. */
function preScan(argv: string[], resolveLang: (flag: string | undefined, env: NodeJS.ProcessEnv) => Lang): { lang: Lang; json: boolean; color: boolean } {
  let langFlag: string | undefined;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '--') break;
    if (a === '--lang') langFlag = argv[i + 1];
    else if (a.startsWith('--lang=')) langFlag = a.slice(7);
  }
  return { lang: resolveLang(langFlag, process.env), json: argv.includes('--json'), color: !argv.includes('--no-color') };
}

function isCommanderError(e: unknown): e is CommanderError {
  return e instanceof Error && e.name === 'CommanderError' && typeof (e as CommanderError).code === 'string';
}

interface Failure { code: string; message: string; exitCode: number; details?: unknown; stack?: string }

type Deps = typeof import('./core/errors.js') & typeof import('./i18n/index.js');

function classify(e: unknown, lang: Lang, { LeaderError, ExitCode, hasMessage, t }: Deps): Failure {
  if (e instanceof LeaderError) {
    const message = hasMessage(e.code) ? t(lang, e.code, e.params) : e.code;
    return { code: e.code, message, exitCode: e.exitCode, details: e.details };
  }
  if (isCommanderError(e) && e.code === 'commander.help') {
    return { code: 'E_SUBCOMMAND', message: t(lang, 'E_SUBCOMMAND'), exitCode: ExitCode.usage };
  }
  if (isCommanderError(e)) {
    return { code: 'E_USAGE', message: t(lang, 'E_USAGE', { detail: e.message.replace(/^error: /, '') }), exitCode: ExitCode.usage };
  }
  const err = e as { code?: string; message?: string; stack?: string; name?: string };
  if (err && (err.code === 'SQLITE_BUSY' || err.code === 'SQLITE_LOCKED' || err.code === 'SQLITE_BUSY_SNAPSHOT')) {
    return { code: 'E_DB_BUSY', message: t(lang, 'E_DB_BUSY'), exitCode: ExitCode.tempFail };
  }
  if (err && (err.code === 'SQLITE_FULL' || err.code === 'ENOSPC' || err.code === 'SQLITE_READONLY')) {
    return { code: 'E_FILE_WRITE', message: t(lang, 'E_FILE_WRITE', { file: '', detail: String(err.message) }), exitCode: ExitCode.cantCreate };
  }
  return {
    code: 'E_INTERNAL',
    message: t(lang, 'E_INTERNAL', { detail: String(err?.message ?? e) }),
    exitCode: ExitCode.software,
    stack: err?.stack,
  };
}

export async function main(argv: string[]): Promise<number> {
  process.stdout.on('error', (e: NodeJS.ErrnoException) => {
    // `leader … | head`: the reader went away; stop quietly.
    if (e.code === 'EPIPE') process.exit(0);
  });
  const args = argv.slice(2);
  if (args.length === 1 && (args[0] === '--version' || args[0] === '-V')) {
    process.stdout.write(packageVersion() + '\n');
    return 0;
  }
  const deps: Deps = { ...(await import('./core/errors.js')), ...(await import('./i18n/index.js')) };
  const { createContext, globalsFrom, outcome } = await import('./ui/context.js');
  const pre = preScan(args, deps.resolveLang);
  try {
    const { buildProgram } = await import('./program.js');
    const program = buildProgram(pre.lang, pre.json, packageVersion());
    await program.parseAsync(argv);
    const ctx = outcome.ctx;
    const result = outcome.result ?? {};
    const exitCode = result.exitCode ?? 0;
    if (ctx?.opts.json) ctx.out.jsonDocument({ ok: exitCode === 0, ...result.json });
    return exitCode;
  } catch (e) {
    if (isCommanderError(e) && (e.code === 'commander.helpDisplayed' || e.code === 'commander.version')) return 0;
    if (isCommanderError(e) && e.code === 'commander.help' && !pre.json) return deps.ExitCode.usage; // help went to stderr
    const ctx = outcome.ctx ?? createContext(globalsFrom({ json: pre.json, lang: pre.lang, color: pre.color }));
    const f = classify(e, ctx.opts.lang, deps);
    if (ctx.opts.json) {
      ctx.out.jsonDocument({ ok: false, error: { code: f.code, message: f.message, ...(f.details !== undefined ? { details: f.details } : {}) } });
    } else {
      ctx.out.error(f.code, f.message);
      if (f.stack && process.env.LEADER_DEBUG) process.stderr.write(f.stack + '\n');
    }
    return f.exitCode;
  }
}

process.exitCode = await main(process.argv);
