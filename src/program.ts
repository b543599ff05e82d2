/**
 * The command tree: global options and every area's commands (each area registers its own in
 * src/commands/<area>.ts with lazily loaded implementations).
 */
import { Command, Option } from 'commander';
import type { Lang } from './i18n/index.js';
import { d } from './ui/context.js';
import * as schemeCommands from './commands/scheme.js';
import * as dbCommands from './commands/db.js';
import * as importCommands from './commands/import.js';
import * as rankCommands from './commands/rank.js';
import * as shortlistCommands from './commands/shortlist.js';
import * as exportCommands from './commands/export.js';
import * as revokeCommands from './commands/revoke.js';

export const areas = [schemeCommands, dbCommands, importCommands, rankCommands, shortlistCommands, exportCommands, revokeCommands];

export function buildProgram(lang: Lang, json: boolean, version: string): Command {
  const program = new Command('leader');
  program
    .description(d(lang,
      '企业标准“领跑者”评估工具：评估方案、导入企业标准、排行榜、入围名单、公示、导出、取消称号。',
      'Toolkit for evaluation bodies of the Enterprise Standard "Leader" system: schemes, imports, rankings, shortlists, publicity, export, revocation.'))
    .version(version, '-V, --version', d(lang, '显示版本号', 'show the version'))
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
    outputError: () => {}, // the one catch in src/cli.ts prints every error
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
    outputError: () => {},
  });
  for (const sub of cmd.commands) configureRecursively(sub, json);
}

