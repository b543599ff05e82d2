/**
 * The `leader` program: global options, the command tree, and the ONE catch that turns errors into
 * messages and exit codes (shared/style.md). Nothing else in the code base sets the exit code.
 */
import { readFileSync } from 'node:fs';
import { Command, CommanderError, Option } from 'commander';
import { ExitCode, LeaderError } from './core/errors.js';
import { hasMessage, resolveLang, t, type Lang } from './i18n/index.js';
import { createContext, d, globalsFrom, outcome, type Context } from './ui/context.js';
import * as schemeCommands from './commands/scheme.js';
import * as dbCommands from './commands/db.js';
import * as importCommands from './commands/import.js';
import * as rankCommands from './commands/rank.js';
import * as shortlistCommands from './commands/shortlist.js';
import * as exportCommands from './commands/export.js';
import * as revokeCommands from './commands/revoke.js';

export const areas = [schemeCommands, dbCommands, importCommands, rankCommands, shortlistCommands, exportCommands, revokeCommands];

function packageVersion(): string {
  const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string };
  return pkg.version;
}

/** --lang, --json and --no-color are read before commander runs so that its own errors obey them. */
function preScan(argv: string[]): { lang: Lang; json: boolean; color: boolean } {
  let langFlag: string | undefined;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '--') break;
    if (a === '--lang') langFlag = argv[i + 1];
    else if (a.startsWith('--lang=')) langFlag = a.slice(7);
  }
  return { lang: resolveLang(langFlag, process.env), json: argv.includes('--json'), color: !argv.includes('--no-color') };
}

export function buildProgram(lang: Lang, json: boolean): Command {
  const program = new Command('leader');
  program
    .description(d(lang,
      '企业标准“领跑者”评估工具：评估方案、导入企业标准、排行榜、入围名单、公示、导出、取消称号。',
      'Toolkit for evaluation bodies of the Enterprise Standard "Leader" system: schemes, imports, rankings, shortlists, publicity, export, revocation.'))
    .version(packageVersion(), '-V, --version', d(lang, '显示版本号', 'show the version'))
    .helpOption('-h, --help', d(lang, '显示帮助', 'show help'))
    .addHelpCommand(false)
    .addOption(new Option('--db <path>', d(lang, '数据库文件（默认 ./leader.db，或环境变量 LEADER_DB）', 'database file (default ./leader.db, or env LEADER_DB)')))
    .option('--json', d(lang, '输出一个 JSON 文档到标准输出，不交互', 'print one JSON document on stdout; never prompt'))
    .addOption(new Option('--lang <lang>', d(lang, '消息语言', 'message language')).choices(['zh', 'en']).default(lang))
    .option('-y, --yes', d(lang, '对确认提示回答“是”（无终端时必需）', 'answer yes to confirmations (needed without a terminal)'))
    .option('--no-color', d(lang, '不使用颜色（也可设 NO_COLOR）', 'no colour (NO_COLOR works too)'))
    .option('-q, --quiet', d(lang, '只输出数据和错误', 'print only data and errors'))
    .showSuggestionAfterError(true)
    .exitOverride();
  program.configureOutput({
    writeErr: (s) => { if (!json) process.stderr.write(s); },
    outputError: (s, write) => { if (!json) write(s); },
  });
  program.addHelpText('after', [
    '',
    d(lang, '退出码：0 成功；1 完成但有领域失败；2 用法或配置错误；65 输入数据无效；66 输入不存在；70 内部错误；73 无法写出；75 数据库忙；130 已取消',
      'Exit codes: 0 ok; 1 finished with domain failures; 2 usage/configuration error; 65 invalid input data; 66 input missing; 70 internal bug; 73 cannot write output; 75 database busy; 130 cancelled'),
    d(lang, '环境变量：LEADER_DB, LEADER_LANG, NO_COLOR, FORCE_COLOR', 'Environment: LEADER_DB, LEADER_LANG, NO_COLOR, FORCE_COLOR'),
    '',
    d(lang, '示例：', 'Examples:'),
    '  $ leader scheme add schemes/refrigerator-2026.json',
    '  $ leader import standards.csv --scheme refrigerator-2026',
    '  $ leader rank --scheme refrigerator-2026',
    '  $ leader shortlist --scheme refrigerator-2026',
    '  $ leader export --shortlist 1 --out package.zip',
  ].join('\n'));
  for (const area of areas) area.register(program, lang);
  for (const sub of program.commands) configureRecursively(sub, json);
  return program;
}

function configureRecursively(cmd: Command, json: boolean): void {
  cmd.exitOverride();
  cmd.showSuggestionAfterError(true);
  cmd.configureOutput({
    writeErr: (s) => { if (!json) process.stderr.write(s); },
    outputError: (s, write) => { if (!json) write(s); },
  });
  for (const sub of cmd.commands) configureRecursively(sub, json);
}

interface Failure { code: string; message: string; exitCode: number; details?: unknown; stack?: string }

function classify(e: unknown, lang: Lang): Failure {
  if (e instanceof LeaderError) {
    const message = hasMessage(e.code) ? t(lang, e.code, e.params) : e.code;
    return { code: e.code, message, exitCode: e.exitCode, details: e.details };
  }
  if (e instanceof CommanderError) {
    return { code: 'E_USAGE', message: e.message.replace(/^error: /, ''), exitCode: ExitCode.usage };
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
  const pre = preScan(argv.slice(2));
  process.stdout.on('error', (e: NodeJS.ErrnoException) => {
    // `leader … | head`: the reader went away; stop quietly.
    if (e.code === 'EPIPE') process.exit(0);
  });
  const program = buildProgram(pre.lang, pre.json);
  try {
    await program.parseAsync(argv);
    const ctx = outcome.ctx;
    const result = outcome.result ?? {};
    const exitCode = result.exitCode ?? 0;
    if (ctx?.opts.json) ctx.out.jsonDocument({ ok: exitCode === 0, ...result.json });
    return exitCode;
  } catch (e) {
    if (e instanceof CommanderError && (e.code === 'commander.helpDisplayed' || e.code === 'commander.version')) return 0;
    if (e instanceof CommanderError && e.code === 'commander.help') return ExitCode.usage;
    const ctx: Context = outcome.ctx ?? createContext(globalsFrom({ json: pre.json, lang: pre.lang, color: pre.color }));
    const f = classify(e, ctx.opts.lang);
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
