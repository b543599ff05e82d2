/**
 * Registration of `leader revoke …` (取消"领跑者"称号, dynamic management), `leader audit log|verify`
 * (the tamper-evident audit log) and `leader report annual` (年度工作情况总结). Implementations live in
 * src/commands/revoke/ and are loaded only when a command runs.
 */
import { Option, type Command } from 'commander';
import type { Lang } from '../i18n/index.js';
import { d, examples, lazyAction, type Handler } from '../ui/context.js';

const REASONS = ['process-change', 'indicator-lowered', 'accident', 'sampling-failed', 'ip-infringement', 'fraud', 'other', 'standard-abolished', 'discontinued'];

/**
 * A subcommand of `revoke` whose options may have been taken by the parent: commander hands options
 * written after `revoke rescind 3` to `revoke` when it declares the same flag (`--reason`, `--date`,
 * `--scheme`, `--dry-run`), so the subcommand reads both, its own first.
 */
function lazySub(cmd: Command, load: () => Promise<Handler>): Command {
  return lazyAction(cmd, async () => {
    const h = await load();
    return (ctx, args, opts) => {
      const merged: Record<string, unknown> = {};
      for (const [k, v] of Object.entries({ ...cmd.parent!.opts(), ...opts })) if (v !== undefined) merged[k] = v;
      for (const [k, v] of Object.entries(opts)) if (v !== undefined) merged[k] = v;
      return h(ctx, args, merged);
    };
  });
}

export function register(program: Command, lang: Lang): void {
  const revoke = program.command('revoke')
    .description(d(lang,
      '取消企业的“领跑者”称号：记录取消、标记已发布名单中的相关条目、开始三年禁入期（无终端时需 --yes）',
      'revoke an enterprise\'s leader title: record it, mark the affected published leader entries, start the three-year ban (--yes needed without a terminal)'))
    .option('--enterprise <uscc>', d(lang, '企业的统一社会信用代码（必需）', 'the enterprise\'s unified social credit code (required)'))
    .option('--standard <no>', d(lang, '企业标准编号（省略：整个企业）', 'enterprise standard number (omitted: the enterprise as a whole)'))
    .option('--reason <code>', d(lang, `取消原因代码（必需）：${REASONS.join(', ')}`, `reason code (required): ${REASONS.join(', ')}`))
    .option('--date <date>', d(lang, '取消日期 YYYY-MM-DD（必需）：禁入期自此日起三年', 'revocation date YYYY-MM-DD (required): the ban runs three years from it'))
    .option('--evidence <text>', d(lang, '证据说明，或 @文件 读取文件', 'evidence as text, or @file to read a file'))
    .option('--scheme <id>', d(lang, '只涉及该方案的名单', 'limit to the lists of this scheme'))
    .option('--name <enterprise name>', d(lang, '企业名称（本库没有该企业时）', 'enterprise name (when this store does not know the enterprise)'))
    .option('--dry-run', d(lang, '只显示将发生的变化，不写入', 'show what would change, write nothing'))
    .addHelpText('after', [
      d(lang, '\n原因代码：', '\nReason codes:') + ' process-change, indicator-lowered, accident, sampling-failed, ip-infringement,',
      '    fraud (' + d(lang, '诚信问题，报监管部门', 'integrity: reported to regulators') + '), other, standard-abolished, discontinued (' + d(lang, '动态管理', 'dynamic management') + ')',
      examples(lang, [
        ['leader revoke --enterprise 914403001922038216 --standard "Q/HW 0001-2026" --reason sampling-failed --date 2026-11-02 --evidence @report.txt --yes', '抽检不合格，取消并禁入三年', 'sampling inspection failed: revoke and ban for three years'],
        ['leader revoke --enterprise 91330100799655058B --reason fraud --date 2026-11-02 --dry-run', '演练：显示将发生的变化', 'dry run: show what would change'],
        ['leader revoke list --active', '正在禁入期的取消记录', 'revocations whose ban is in force'],
      ]),
    ].join('\n'));
  lazyAction(revoke, async () => (await import('./revoke/record.js')).record);

  lazySub(
    revoke.command('list')
      .description(d(lang, '列出取消记录（含已撤销的）', 'list revocations (rescinded ones included)'))
      .option('--active', d(lang, '只列禁入期内、未撤销的', 'only unrescinded ones whose ban is in force'))
      .option('--as-of <date>', d(lang, '--active 的判断日期（默认今天）', 'the date --active is judged on (default today)'))
      .addHelpText('after', examples(lang, [
        ['leader revoke list', '全部取消记录', 'every revocation'],
        ['leader revoke list --active --json', '禁入期内的记录，JSON 输出', 'bans in force, as JSON'],
      ])),
    async () => (await import('./revoke/list.js')).list,
  );

  lazySub(
    revoke.command('leaders')
      .description(d(lang, '已发布的“领跑者”条目及其状态（有效 / 已取消，由取消记录推导）', 'published leader entries with their state (in force / revoked, derived from the revocations)'))
      .option('--scheme <id>', d(lang, '只列该方案', 'only this scheme'))
      .addHelpText('after', examples(lang, [
        ['leader revoke leaders --scheme refrigerator-2026', '列出已发布的“领跑者”及是否已取消', 'published leaders and whether revoked'],
      ])),
    async () => (await import('./revoke/leaders.js')).leaders,
  );

  lazySub(
    revoke.command('rescind <id>')
      .description(d(lang, '撤销一条取消记录（新增撤销记录，原记录保留）：禁入随即解除', 'rescind a revocation (a new record; the revocation stays): the ban is lifted'))
      .option('--reason <text>', d(lang, '撤销理由（必需）', 'why (required)'))
      .option('--dry-run', d(lang, '只显示将发生的变化，不写入', 'show what would change, write nothing'))
      .addHelpText('after', examples(lang, [
        ['leader revoke rescind 3 --reason "复核后撤销：抽检样品非该企业产品" --yes', '撤销第 3 号取消记录', 'rescind revocation 3'],
      ])),
    async () => (await import('./revoke/rescind.js')).rescind,
  );

  lazySub(
    revoke.command('check')
      .description(d(lang, '导入新数据后检查已发布的“领跑者”：标准废止或核心指标水平降低时建议取消（不执行）', 'after new imports, check published leaders: propose a revocation where the standard was abolished or a core indicator\'s level went down (never applied)'))
      .option('--scheme <id>', d(lang, '方案 id（必需）', 'scheme id (required)'))
      .option('--date <date>', d(lang, '建议命令中的取消日期（默认今天）', 'revocation date in the proposed commands (default today)'))
      .addHelpText('after', examples(lang, [
        ['leader revoke check --scheme refrigerator-2026', '列出建议及对应命令', 'list proposals with the matching commands'],
      ])),
    async () => (await import('./revoke/check.js')).check,
  );

  lazySub(
    revoke.command('notice')
      .description(d(lang, '生成取消“领跑者”称号的公示文本（Markdown）', 'write the publicity text for revocations (Markdown)'))
      .option('--since <date>', d(lang, '只含此日期及以后的取消', 'only revocations dated on or after this date'))
      .option('--scheme <id>', d(lang, '只含该方案的取消', 'only revocations of this scheme'))
      .option('-o, --out <file>', d(lang, '写入文件（默认标准输出）', 'write to a file (default stdout)'))
      .option('--force', d(lang, '覆盖已有文件', 'overwrite an existing file'))
      .addHelpText('after', examples(lang, [
        ['leader revoke notice --since 2026-11-01 --out notice.md', '生成公示文本', 'write the publicity text'],
      ])),
    async () => (await import('./revoke/notice.js')).notice,
  );

  lazySub(
    revoke.command('report')
      .description(d(lang, '诚信问题清单：报送监管部门并纳入企业信用体系（CSV 带 BOM 或 Markdown）', 'integrity list for the regulators and the credit system (CSV with BOM, or Markdown)'))
      .option('--integrity', d(lang, '诚信问题清单（必需）', 'the integrity list (required)'))
      .addOption(new Option('--format <format>', d(lang, '格式', 'format')).choices(['csv', 'md']))
      .option('--year <year>', d(lang, '只含该年度的取消', 'only revocations of this year'))
      .option('-o, --out <file>', d(lang, '写入文件（默认标准输出）', 'write to a file (default stdout)'))
      .option('--force', d(lang, '覆盖已有文件', 'overwrite an existing file'))
      .addHelpText('after', examples(lang, [
        ['leader revoke report --integrity --out integrity.csv', 'CSV（UTF-8 BOM，可用 Excel 打开）', 'CSV (UTF-8 with BOM, opens in Excel)'],
        ['leader revoke report --integrity --format md', 'Markdown 输出到标准输出', 'Markdown on stdout'],
      ])),
    async () => (await import('./revoke/report.js')).report,
  );

  const audit = program.command('audit')
    .description(d(lang, '审计日志：每次变更追加一条带前一事件 SHA-256 的事件', 'audit log: every change appends an event holding the SHA-256 of the previous one'))
    .addHelpText('after', examples(lang, [
      ['leader audit log --since 2026-11-01', '查看事件', 'show events'],
      ['leader audit verify', '重新计算哈希链', 'recompute the hash chain'],
    ]));
  lazyAction(
    audit.command('log')
      .description(d(lang, '显示审计日志', 'show the audit log'))
      .option('--since <date|seq>', d(lang, '自该日期（YYYY-MM-DD，北京时间）或事件序号起', 'from this date (YYYY-MM-DD, China time) or event number'))
      .option('--type <type>', d(lang, '只显示该类型（以 . 结尾表示前缀，如 revocation.）', 'only this type (ending in . means a prefix, e.g. revocation.)'))
      .addHelpText('after', examples(lang, [
        ['leader audit log --since 120', '第 120 号事件起', 'from event 120'],
        ['leader audit log --type revocation. --json', '取消相关事件，JSON 输出', 'revocation events as JSON'],
      ])),
    async () => (await import('./revoke/audit-log.js')).auditLog,
  );
  lazyAction(
    audit.command('verify')
      .description(d(lang, '重新计算哈希链，指出第一个被改动或缺失的事件（退出码 1）', 'recompute the hash chain and name the first changed or missing event (exit 1)'))
      .addHelpText('after', examples(lang, [
        ['leader audit verify', '校验审计日志', 'verify the audit log'],
        ['leader audit verify --json', '校验结果（含链尾哈希）', 'the result with the head hash'],
      ])),
    async () => (await import('./revoke/audit-verify.js')).auditVerify,
  );

  const report = program.command('report')
    .description(d(lang, '报告：年度工作情况总结', 'reports: the annual work summary'))
    .addHelpText('after', examples(lang, [
      ['leader report annual --year 2026 --out summary-2026.md', '年度工作情况总结', 'annual work summary'],
    ]));
  lazyAction(
    report.command('annual')
      .description(d(lang, '年度工作情况总结（每年 12 月底前报工作机构）：方案、导入、排行榜、名单、公示与异议、发布、取消、待办', 'annual work summary (due to the working institution by the end of December): schemes, imports, runs, lists, publicity and objections, published leaders, revocations, open items'))
      .option('--year <year>', d(lang, '年度（必需）', 'year (required)'))
      .addOption(new Option('--format <format>', d(lang, '格式（默认 md）', 'format (default md)')).choices(['md', 'json']))
      .option('-o, --out <file>', d(lang, '写入文件（默认标准输出）', 'write to a file (default stdout)'))
      .option('--force', d(lang, '覆盖已有文件', 'overwrite an existing file'))
      .addHelpText('after', examples(lang, [
        ['leader report annual --year 2026', 'Markdown 输出到标准输出', 'Markdown on stdout'],
        ['leader report annual --year 2026 --format json --out summary-2026.json', 'JSON 文件', 'a JSON file'],
      ])),
    async () => (await import('./revoke/annual.js')).annual,
  );
}
