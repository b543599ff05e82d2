/** Registration of `leader rank` (run, list, show, diff) and `leader explain`: the ranking (排行榜). */
import type { Command } from 'commander';
import type { Lang } from '../i18n/index.js';
import { d, examples, lazyAction, withParentOptions } from '../ui/context.js';

export function register(program: Command, lang: Lang): void {
  const rank = program.command('rank')
    .description(d(lang, '计算排行榜：资格审查、指标得分、总分与名次，并保存为不可变的运行记录', 'compute the ranking: eligibility, indicator scores, totals and ranks, stored as an immutable run'))
    .option('--scheme <id>', d(lang, '方案 id', 'scheme id'))
    .option('--scheme-version <version>', d(lang, '方案版本（默认最新登记的版本）', 'scheme version (default: the latest registered)'))
    .option('--as-of <date>', d(lang, '评估日期 YYYY-MM-DD（默认今天，北京时间）', 'evaluation date YYYY-MM-DD (default: today, China time)'))
    .option('--cross-check <method>', d(lang, '交叉验证方法：topsis（Spearman 秩相关及名次相差大于 1 的标准）', 'cross-check method: topsis (Spearman\'s rho and standards whose rank differs by more than 1)'))
    .option('--csv <file>', d(lang, '把排行榜写成 CSV（UTF-8 带 BOM；- 为标准输出）', 'write the ranking as CSV (UTF-8 with BOM; - for stdout)'))
    .option('--force', d(lang, '覆盖已有的 CSV 文件', 'overwrite an existing CSV file'))
    .option('--limit <n>', d(lang, '表格最多显示的行数（默认 100；0 为全部；JSON 与 CSV 总是全部）', 'rows shown in tables (default 100; 0 for all; JSON and CSV always hold all)'))
    .option('--dry-run', d(lang, '计算但不保存运行记录', 'compute without storing the run'))
    .addHelpText('after', examples(lang, [
      ['leader rank --scheme refrigerator-2026', '计算并保存排行榜', 'compute and store the ranking'],
      ['leader rank --scheme refrigerator-2026 --as-of 2026-07-15 --cross-check topsis', '指定评估日期并用 TOPSIS 交叉验证', 'with an evaluation date and a TOPSIS cross-check'],
      ['leader rank --scheme refrigerator-2026 --csv ranking.csv', '同时写出 CSV', 'also write a CSV'],
      ['leader rank list', '列出运行记录', 'list the runs'],
    ]));
  lazyAction(rank, async () => (await import('./rank/run.js')).rankRun);

  lazyAction(
    rank.command('list')
      .description(d(lang, '列出排行榜运行记录', 'list ranking runs'))
      .option('--scheme <id>', d(lang, '只列出该方案的运行', 'only runs of this scheme'))
      .addHelpText('after', examples(lang, [
        ['leader rank list', '全部运行', 'every run'],
        ['leader rank list --scheme refrigerator-2026 --json', '某方案的运行，JSON 输出', 'runs of one scheme as JSON'],
      ])),
    withParentOptions(rank, async () => (await import('./rank/list.js')).rankList),
  );

  lazyAction(
    rank.command('show <run>')
      .description(d(lang, '显示一次运行的排行榜', 'show the ranking of a run'))
      .option('--csv <file>', d(lang, '把排行榜写成 CSV（- 为标准输出）', 'write the ranking as CSV (- for stdout)'))
      .option('--force', d(lang, '覆盖已有的 CSV 文件', 'overwrite an existing CSV file'))
      .option('--limit <n>', d(lang, '表格最多显示的行数（默认 100；0 为全部）', 'rows shown in tables (default 100; 0 for all)'))
      .addHelpText('after', examples(lang, [
        ['leader rank show 3', '显示运行 #3', 'show run #3'],
        ['leader rank show 3 --csv - > ranking.csv', '导出运行 #3 的 CSV', 'export run #3 as CSV'],
      ])),
    withParentOptions(rank, async () => (await import('./rank/show.js')).rankShow),
  );

  lazyAction(
    rank.command('diff <runA> <runB>')
      .description(d(lang, '比较两次运行：名次变化、新进入和退出的标准及原因', 'compare two runs: who moved, entered or left, and why'))
      .addHelpText('after', examples(lang, [
        ['leader rank diff 2 3', '比较运行 #2 与 #3', 'compare runs #2 and #3'],
        ['leader rank diff 2 3 --json', 'JSON 输出', 'as JSON'],
      ])),
    async () => (await import('./rank/diff.js')).rankDiff,
  );

  lazyAction(
    program.command('explain <standardNo>')
      .description(d(lang, '解释一项企业标准的排名：资格审查、各指标得分与贡献、名次、差距、敏感性', 'explain one standard\'s place: gates, indicator scores and contributions, rank, gaps, sensitivity'))
      .option('--run <id>', d(lang, '运行编号（默认：该方案或全部运行中最新的一次）', 'run id (default: the latest run of --scheme, or of all)'))
      .option('--scheme <id>', d(lang, '方案 id（取其最新运行）', 'scheme id (its latest run)'))
      .option('--uscc <code>', d(lang, '统一社会信用代码（标准编号重复时用于区分）', 'credit code (when several enterprises share the standard number)'))
      .addHelpText('after', examples(lang, [
        ['leader explain "Q/ABC 001-2026"', '解释最新运行中的该标准', 'explain this standard in the latest run'],
        ['leader explain "Q/ABC 001-2026" --run 3 --json', '指定运行，JSON 输出', 'in run #3, as JSON'],
      ])),
    async () => (await import('./rank/explain.js')).explainCommand,
  );
}
