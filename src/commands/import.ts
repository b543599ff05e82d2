/** `leader import <file|->`: enterprise standards (企业标准) from CSV into the store. */
import { Option, type Command } from 'commander';
import type { Lang } from '../i18n/index.js';
import { d, examples, lazyAction } from '../ui/context.js';

export function register(program: Command, lang: Lang): void {
  lazyAction(
    program.command('import <file>')
      .description(d(lang,
        '导入企业标准 CSV（UTF-8、UTF-8 BOM 或 GB18030，自动识别；“-”为标准输入）。默认全有或全无：任一行有错则不写入（退出码 65）；同一标准内容变化时保存为新版本',
        'import enterprise standards from CSV (UTF-8, UTF-8 with BOM or GB18030, detected; "-" reads stdin). All or nothing by default: one bad row and nothing is written (exit 65); changed content becomes a new version'))
      .requiredOption('--scheme <id>', d(lang, '评估方案 id（须已用 leader scheme add 登记）', 'evaluation scheme id (registered with leader scheme add)'))
      .addOption(new Option('--encoding <encoding>', d(lang, '文件编码', 'file encoding')).choices(['auto', 'utf8', 'gb18030']).default('auto'))
      .option('--allow-partial', d(lang, '只导入正确的行，跳过有错的行（退出码 1）', 'import the good rows, skip the bad ones (exit 1)'))
      .option('--rejects <file>', d(lang, '把被拒绝的行连同错误原因写入此 CSV（UTF-8 BOM）', 'write rejected rows with the reason to this CSV (UTF-8 with BOM)'))
      .option('--dry-run', d(lang, '完整检查但不写入数据库', 'check everything but write nothing to the database'))
      .option('--max-errors <n>', d(lang, '最多列出的错误和警告条数（总数照计）', 'list at most this many errors and warnings (totals are still counted)'), '50')
      .addHelpText('after', examples(lang, [
        ['leader import fixtures/example/refrigerator-2026.csv --scheme refrigerator-2026', '导入冰箱示例数据', 'import the refrigerator example data'],
        ['leader import standards.csv --scheme refrigerator-2026 --dry-run', '只检查，不写入', 'check only, write nothing'],
        ['leader import standards.csv --scheme refrigerator-2026 --allow-partial --rejects bad.csv', '导入正确的行，错误行写入 bad.csv', 'import the good rows, bad rows to bad.csv'],
        ['leader import - --scheme electric-bicycle-2026 --encoding gb18030 < export.csv', '从标准输入导入 GB18030 文件', 'import a GB18030 file from stdin'],
        ['leader --json import standards.csv --scheme refrigerator-2026', 'JSON 输出导入结果', 'the result as JSON'],
      ])),
    async () => (await import('./import/run.js')).importCommand,
  );
}
