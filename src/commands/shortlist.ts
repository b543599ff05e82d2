/**
 * Registration of the shortlist area: `leader shortlist` (入围名单), `leader calendar` (official
 * working days), `leader publicity` (公示), `leader objection` (异议) and `leader status`.
 * Implementations live in src/commands/shortlist/ and load only when a command runs.
 */
import { Option, type Command } from 'commander';
import type { Lang } from '../i18n/index.js';
import { d, examples, lazyAction, withParentOptions } from '../ui/context.js';

export function register(program: Command, lang: Lang): void {
  const countFrom = () => new Option('--count-from <mode>', d(lang,
    '计数起点：start＝开始日如为工作日即为第 1 天（默认）；next＝开始日之后的第一个工作日为第 1 天',
    'counting: start = day 1 is the start date if it is a working day (default); next = day 1 is the first working day after it'))
    .choices(['start', 'next']).default('start');
  const provisional = () => new Option('--provisional', d(lang,
    '允许计入没有官方数据的年份（仅按周末计算，结果标注为临时）', 'allow years without official data (weekends only; the result is stamped provisional)'));
  const dryRun = () => new Option('--dry-run', d(lang, '演练：执行全部检查但不写入', 'do every check but write nothing'));
  const dropLimit = () => new Option('--limit <n>', d(lang,
    '最多列出多少项未入围标准（默认 100；0 为全部；入围名单本身与 JSON 总是完整）',
    'list at most n standards not shortlisted (default 100; 0 for all; the shortlist itself and --json are always complete)'));

  // leader shortlist [--run | --scheme], list, show
  const shortlist = program.command('shortlist')
    .description(d(lang, '由排行榜生成“领跑者”入围名单（按方案规则：最低分、核心指标水平、每企业上限、名额上限、截位并列）',
      'build the leader shortlist from a ranking (the scheme rule: minimum score, core levels, per-enterprise limit, cap, tie at the cut)'))
    .option('--run <id>', d(lang, '排行榜运行编号', 'ranking run id'))
    .option('--scheme <id>', d(lang, '方案 id（使用该方案最新的排行榜）', 'scheme id (its latest ranking run)'))
    .addOption(dryRun())
    .addOption(dropLimit())
    .addHelpText('after', examples(lang, [
      ['leader shortlist --scheme refrigerator-2026', '由最新排行榜生成入围名单', 'shortlist from the latest ranking'],
      ['leader shortlist --run 3 --dry-run', '只看结果，不保存', 'see the result without saving it'],
      ['leader shortlist --run 3 --dry-run --limit 0', '列出每一项未入围的标准', 'list every standard not shortlisted'],
      ['leader shortlist list', '列出已保存的入围名单', 'list saved shortlists'],
    ]));
  lazyAction(shortlist, async () => (await import('./shortlist/create.js')).create);

  lazyAction(
    shortlist.command('list')
      .description(d(lang, '列出入围名单及其状态（draft 未公示 / publicity 公示中 / published 已发布）', 'list shortlists with their status (draft / publicity / published)'))
      .option('--scheme <id>', d(lang, '只列此方案', 'only this scheme'))
      .addHelpText('after', examples(lang, [
        ['leader shortlist list', '全部入围名单', 'every shortlist'],
        ['leader shortlist list --scheme refrigerator-2026 --json', 'JSON 输出', 'as JSON'],
      ])),
    async () => (await import('./shortlist/list.js')).list,
  );

  lazyAction(
    shortlist.command('show <id>')
      .description(d(lang, '显示入围名单：条目、上限、取舍决定（按规则计数，逐项列出至 --limit）、公示与异议',
        'show a shortlist: entries, cap, the decisions (counted per rule, listed up to --limit), publicity and objections'))
      .addOption(dropLimit())
      .addHelpText('after', examples(lang, [
        ['leader shortlist show 1', '显示入围名单 1', 'show shortlist 1'],
        ['leader shortlist show 1 --json', 'JSON 输出', 'as JSON'],
      ])),
    withParentOptions(shortlist, async () => (await import('./shortlist/show.js')).show),
  );

  // leader calendar add|end|show
  const calendar = program.command('calendar')
    .description(d(lang, '官方工作日日历（节假日与调休）：添加年度数据、计算期限、查看', 'official working-day calendar (holidays and adjusted working days): add a year, compute a period end, show a year'))
    .addHelpText('after', examples(lang, [
      ['leader calendar end 2026-09-28', '10 个工作日的公示期结束日', 'end of a 10-working-day publicity period'],
      ['leader calendar add 2027.json', '添加 2027 年数据（holiday-cn 格式）', 'add 2027 (holiday-cn layout)'],
      ['leader calendar show 2026', '2026 年的节假日与调休', 'holidays and adjusted days of 2026'],
    ]));

  lazyAction(
    calendar.command('add <file>')
      .description(d(lang, '添加一年的官方节假日数据（holiday-cn JSON 格式 {year, papers, days:[{name, date, isOffDay}]}），校验后存入数据库',
        'add a year of official holiday data (holiday-cn JSON layout {year, papers, days:[{name, date, isOffDay}]}), validated and stored'))
      .option('--replace', d(lang, '替换已添加的同年不同内容的数据', 'replace a year already added with other content'))
      .addOption(dryRun())
      .addHelpText('after', examples(lang, [
        ['leader calendar add 2027.json', '添加 2027 年', 'add 2027'],
        ['leader calendar add 2027.json --replace', '替换已添加的 2027 年', 'replace an added 2027'],
      ])),
    async () => (await import('./shortlist/calendar.js')).add,
  );

  lazyAction(
    calendar.command('end <date>')
      .description(d(lang, '计算期限的最后一个工作日（含当日），并说明计数约定', 'the last working day of a period (inclusive), with the counting convention'))
      .option('--days <n>', d(lang, '工作日数（默认 10）', 'working days (default 10)'), '10')
      .addOption(countFrom())
      .addOption(provisional())
      .addHelpText('after', examples(lang, [
        ['leader calendar end 2026-09-28', '2026-10-15（10 月 1-7 日放假，10 月 10 日调休上班）', '2026-10-15 (1-7 Oct off, Sat 10 Oct worked)'],
        ['leader calendar end 2026-09-28 --count-from next', '从次日起算', 'count from the next working day'],
        ['leader calendar end 2026-12-21 --provisional', '跨入无数据年份时仅按周末计算（临时）', 'into a year without data: weekends only (provisional)'],
      ])),
    async () => (await import('./shortlist/calendar.js')).end,
  );

  lazyAction(
    calendar.command('show <year>')
      .description(d(lang, '列出一年的节假日和调休上班日及数据来源', "list a year's holidays and adjusted working days, and the data source"))
      .addHelpText('after', examples(lang, [
        ['leader calendar show 2026', '2026 年', 'the year 2026'],
        ['leader calendar show 2026 --json', 'JSON 输出', 'as JSON'],
      ])),
    async () => (await import('./shortlist/calendar.js')).show,
  );

  // leader publicity start|close
  const publicity = program.command('publicity')
    .description(d(lang, '公示期：开始（计算 10 个工作日的结束日）与结束（发布排行榜和“领跑者”名单）', 'publicity period: start (computes the end, 10 working days) and close (publishes the ranking and leader list)'))
    .addHelpText('after', examples(lang, [
      ['leader publicity start --shortlist 1 --date 2026-09-28', '开始公示', 'start the publicity'],
      ['leader publicity close --shortlist 1 --date 2026-10-16', '结束公示并发布', 'close and publish'],
    ]));

  lazyAction(
    publicity.command('start')
      .description(d(lang, '开始公示：记录开始日和计算出的结束日（10 个工作日）及计数约定', 'start the publicity: records the start, the computed end (10 working days) and the convention'))
      .requiredOption('--shortlist <id>', d(lang, '入围名单编号', 'shortlist id'))
      .requiredOption('--date <date>', d(lang, '公示开始日期 YYYY-MM-DD', 'start date YYYY-MM-DD'))
      .addOption(countFrom())
      .addOption(provisional())
      .addOption(dryRun())
      .addHelpText('after', examples(lang, [
        ['leader publicity start --shortlist 1 --date 2026-09-28', '公示至 2026-10-15', 'publicity until 2026-10-15'],
        ['leader publicity start --shortlist 1 --date 2026-09-28 --count-from next', '从次日起算', 'count from the next working day'],
      ])),
    async () => (await import('./shortlist/publicity.js')).start,
  );

  lazyAction(
    publicity.command('close')
      .description(d(lang, '结束公示并发布：公示期未满或有未处理的异议时拒绝', 'close the publicity and publish: refused before the end or while an objection is open'))
      .requiredOption('--shortlist <id>', d(lang, '入围名单编号', 'shortlist id'))
      .option('--date <date>', d(lang, '发布日期（默认今天）', 'publication date (default today)'))
      .addOption(provisional())
      .addOption(dryRun())
      .addHelpText('after', examples(lang, [
        ['leader publicity close --shortlist 1', '今天结束公示并发布', 'close and publish today'],
        ['leader publicity close --shortlist 1 --date 2026-10-16', '指定发布日期', 'with a given publication date'],
      ])),
    async () => (await import('./shortlist/publicity.js')).close,
  );

  // leader objection add|resolve|list
  const objection = program.command('objection')
    .description(d(lang, '公示期内的异议及专家评议处理意见', 'objections during the publicity period and the expert review decisions'))
    .addHelpText('after', examples(lang, [
      ['leader objection add --shortlist 1 --standard Q/ABC001-2026 --date 2026-10-09 --text "…"', '登记异议', 'record an objection'],
      ['leader objection resolve 1 --decision rejected --text "…"', '记录专家评议处理意见', 'record the expert review decision'],
      ['leader objection list --open', '未处理的异议', 'open objections'],
    ]));

  lazyAction(
    objection.command('add')
      .description(d(lang, '登记异议（仅在公示期内受理）', 'record an objection (accepted only during the publicity period)'))
      .requiredOption('--shortlist <id>', d(lang, '入围名单编号', 'shortlist id'))
      .requiredOption('--standard <no>', d(lang, '被提出异议的标准编号', 'standard number objected to'))
      .requiredOption('--date <date>', d(lang, '收到异议的日期 YYYY-MM-DD', 'date the objection was received YYYY-MM-DD'))
      .requiredOption('--text <text>', d(lang, '异议内容', 'the objection'))
      .addOption(dryRun())
      .addHelpText('after', examples(lang, [
        ['leader objection add --shortlist 1 --standard Q/ABC001-2026 --date 2026-10-09 --text "噪声值与检测报告不符"', '登记异议', 'record an objection'],
      ])),
    async () => (await import('./shortlist/objection.js')).add,
  );

  lazyAction(
    objection.command('resolve <id>')
      .description(d(lang, '记录专家评议处理意见：upheld（异议成立，从名单移除）或 rejected（不成立）', 'record the expert review decision: upheld (removed from the list) or rejected'))
      .addOption(new Option('--decision <decision>', d(lang, '处理结果', 'decision')).choices(['upheld', 'rejected']).makeOptionMandatory())
      .requiredOption('--text <text>', d(lang, '专家评议处理意见', 'expert review opinion'))
      .addOption(dryRun())
      .addHelpText('after', examples(lang, [
        ['leader objection resolve 2 --decision upheld --text "经专家评议，异议成立"', '异议成立', 'objection upheld'],
        ['leader objection resolve 3 --decision rejected --text "经专家评议，异议不成立"', '异议不成立', 'objection rejected'],
      ])),
    async () => (await import('./shortlist/objection.js')).resolve,
  );

  lazyAction(
    objection.command('list')
      .description(d(lang, '列出异议及处理情况', 'list objections and their decisions'))
      .option('--shortlist <id>', d(lang, '只列此入围名单', 'only this shortlist'))
      .option('--open', d(lang, '只列未处理的', 'only unresolved ones'))
      .addHelpText('after', examples(lang, [
        ['leader objection list', '全部异议', 'every objection'],
        ['leader objection list --shortlist 1 --open --json', '入围名单 1 未处理的异议，JSON', 'open objections of shortlist 1, as JSON'],
      ])),
    async () => (await import('./shortlist/objection.js')).list,
  );

  // leader status
  lazyAction(
    program.command('status')
      .description(d(lang, '方案的评估进度：排行榜、入围名单、公示日期、未处理异议、已发布名单；超过评估周期时警告',
        "where a scheme's evaluation stands: runs, shortlist, publicity dates, open objections, published list; warns when older than the cycle"))
      .requiredOption('--scheme <id>', d(lang, '方案 id', 'scheme id'))
      .addHelpText('after', examples(lang, [
        ['leader status --scheme refrigerator-2026', '评估进度', 'where it stands'],
        ['leader status --scheme refrigerator-2026 --json', 'JSON 输出', 'as JSON'],
      ])),
    async () => (await import('./shortlist/status.js')).status,
  );
}
