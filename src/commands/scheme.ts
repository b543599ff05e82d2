/** `leader scheme validate|add|list|show|init`: evaluation schemes (评估方案). */
import type { Command } from 'commander';
import type { Lang } from '../i18n/index.js';
import { d, examples, lazyAction } from '../ui/context.js';

export function register(program: Command, lang: Lang): void {
  const scheme = program.command('scheme').description(d(lang, '评估方案：检查、登记、查看、新建', 'evaluation schemes: validate, register, list, show, create'));
  scheme.addHelpText('after', examples(lang, [
    ['leader scheme validate schemes/refrigerator-2026.json', '检查方案文件，列出全部问题', 'check a scheme file, listing every problem'],
    ['leader scheme add schemes/refrigerator-2026.json', '登记方案（保存不可变副本）', 'register a scheme (an immutable copy is stored)'],
    ['leader scheme list', '列出已登记的方案', 'list registered schemes'],
  ]));

  lazyAction(
    scheme.command('validate <file>')
      .description(d(lang, '检查方案文件：一次列出全部问题及其 JSON 路径；无效时退出码 2', 'check a scheme file: every problem with its JSON path; exit 2 when invalid'))
      .addHelpText('after', examples(lang, [
        ['leader scheme validate my-scheme.json', '检查方案', 'check a scheme'],
        ['leader scheme validate my-scheme.json --json', '以 JSON 输出问题列表', 'problems as JSON'],
      ])),
    async () => (await import('./scheme/validate.js')).validate,
  );

  lazyAction(
    scheme.command('add <file>')
      .description(d(lang, '登记方案：保存不可变副本及 SHA-256；同 id 同版本不同内容将被拒绝', 'register a scheme: stores an immutable copy with its SHA-256; same id+version with other content is refused'))
      .addHelpText('after', examples(lang, [
        ['leader scheme add schemes/refrigerator-2026.json', '登记冰箱方案', 'register the refrigerator scheme'],
        ['leader --db eval.db scheme add my-scheme.json', '登记到指定数据库', 'register into a given database'],
      ])),
    async () => (await import('./scheme/add.js')).add,
  );

  lazyAction(
    scheme.command('list')
      .description(d(lang, '列出已登记的方案（每个版本一行）', 'list registered schemes (one line per version)'))
      .addHelpText('after', examples(lang, [
        ['leader scheme list', '表格输出', 'as a table'],
        ['leader scheme list --json', 'JSON 输出', 'as JSON'],
      ])),
    async () => (await import('./scheme/list.js')).list,
  );

  lazyAction(
    scheme.command('show <id>')
      .description(d(lang, '显示已登记的方案（默认最新版本）', 'show a registered scheme (latest version by default)'))
      .option('--scheme-version <version>', d(lang, '指定版本', 'a given version'))
      .option('--raw', d(lang, '原样输出登记时的文件', 'print the file exactly as registered'))
      .addHelpText('after', examples(lang, [
        ['leader scheme show refrigerator-2026', '方案摘要', 'a summary'],
        ['leader scheme show refrigerator-2026 --scheme-version 1.0.0 --raw > copy.json', '取回登记的原文件', 'get the registered file back'],
      ])),
    async () => (await import('./scheme/show.js')).show,
  );

  lazyAction(
    scheme.command('init')
      .description(d(lang, '交互式向导：新建方案文件；无终端时用 --from 以现有方案为模板', 'interactive wizard writing a new scheme file; without a terminal use --from with an existing scheme as template'))
      .option('--from <file>', d(lang, '以现有方案文件为模板（不交互）', 'use an existing scheme file as a template (no prompts)'))
      .option('--id <id>', d(lang, '新方案的 id', 'id of the new scheme'))
      .option('--name <name>', d(lang, '新方案的名称', 'name of the new scheme'))
      .option('--year <year>', d(lang, '评估年度', 'evaluation year'))
      .option('--scheme-version <version>', d(lang, '新方案的版本（默认 1.0.0）', 'version of the new scheme (default 1.0.0)'))
      .option('-o, --out <file>', d(lang, '写入的文件（默认 <id>.json）', 'file to write (default <id>.json)'))
      .option('--force', d(lang, '覆盖已有文件', 'overwrite an existing file'))
      .addHelpText('after', examples(lang, [
        ['leader scheme init', '在终端中逐项回答问题', 'answer the questions in a terminal'],
        ['leader scheme init --from schemes/refrigerator-2026.json --id fridge-2027 --year 2027 --out fridge-2027.json', '以现有方案为模板，不交互', 'from a template, without prompts'],
      ])),
    async () => (await import('./scheme/init.js')).init,
  );
}
