/**
 * The annual work summary (本年度工作情况总结, due to the working institution by the end of December),
 * pure: plain facts of one year in, the summary (JSON) and its Markdown out.
 */
import { REASON_CODES, REASONS, type ReasonCode } from './revocation.js';

export interface AnnualInput {
  year: number;
  /** the day the summary is made (YYYY-MM-DD) */
  generatedOn: string;
  bodies: string[];
  /** schemes of the year, or with work in the year (latest version) */
  schemes: Array<{ id: string; version: string; name: string; category: string; year: number }>;
  imports: Array<{ id: number; schemeId: string; fileName: string; rows: number; inserted: number; updated: number; unchanged: number; rejected: number; finishedOn: string }>;
  runs: Array<{ id: number; schemeId: string; asOf: string; createdOn: string; entries: number; excluded: number; standards: string[] }>;
  shortlists: Array<{ id: number; schemeId: string; runId: number; createdOn: string; entries: number; reason: string | null; status: 'draft' | 'publicity' | 'published' }>;
  publicity: Array<{ shortlistId: number; schemeId: string; start: string; end: string; publishedDate: string | null; objections: { total: number; upheld: number; rejected: number; open: number } }>;
  leaders: Array<{ schemeId: string; shortlistId: number; standardNo: string; uscc: string; enterpriseName: string; publishedDate: string; revoked: boolean }>;
  revocations: Array<{ id: number; reason: ReasonCode; integrity: boolean; date: string; rescinded: boolean; uscc: string; enterpriseName: string | null; standardNo: string | null }>;
}

export type OpenItem =
  | { code: 'SCHEME_NOT_EVALUATED'; schemeId: string }
  | { code: 'RUN_WITHOUT_SHORTLIST'; schemeId: string; runId: number }
  | { code: 'SHORTLIST_NOT_PUBLICISED'; schemeId: string; shortlistId: number }
  | { code: 'PUBLICITY_OPEN'; schemeId: string; shortlistId: number; end: string }
  | { code: 'OBJECTIONS_OPEN'; schemeId: string; shortlistId: number; count: number };

export interface SchemeSummary {
  id: string; version: string; name: string; category: string;
  imports: number; rowsImported: number; standardsImported: number; rejectedRows: number;
  standardsEvaluated: number; runs: number; shortlists: number; publicityPeriods: number; leadersPublished: number;
}

export interface AnnualSummary {
  year: number;
  generatedOn: string;
  bodies: string[];
  totals: {
    schemes: number; categories: number; imports: number; rowsImported: number; standardsImported: number; rejectedRows: number;
    standardsEvaluated: number; runs: number; shortlists: number; publicityPeriods: number;
    objections: { total: number; upheld: number; rejected: number; open: number };
    leadersPublished: number; leadersRevoked: number; revocations: number; rescinded: number; integrity: number;
  };
  schemes: SchemeSummary[];
  publicity: AnnualInput['publicity'];
  leaders: AnnualInput['leaders'];
  revocationsByReason: Record<ReasonCode, number>;
  revocations: AnnualInput['revocations'];
  openItems: OpenItem[];
}

const byId = <T extends { id: number }>(a: T, b: T) => a.id - b.id;

export function annualSummary(i: AnnualInput): AnnualSummary {
  const schemes: SchemeSummary[] = [...i.schemes].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)).map((s) => {
    const imps = i.imports.filter((x) => x.schemeId === s.id);
    const runs = i.runs.filter((x) => x.schemeId === s.id);
    return {
      id: s.id, version: s.version, name: s.name, category: s.category,
      imports: imps.length,
      rowsImported: imps.reduce((n, x) => n + x.rows, 0),
      standardsImported: imps.reduce((n, x) => n + x.inserted + x.updated, 0),
      rejectedRows: imps.reduce((n, x) => n + x.rejected, 0),
      standardsEvaluated: new Set(runs.flatMap((r) => r.standards)).size,
      runs: runs.length,
      shortlists: i.shortlists.filter((x) => x.schemeId === s.id).length,
      publicityPeriods: i.publicity.filter((x) => x.schemeId === s.id).length,
      leadersPublished: i.leaders.filter((x) => x.schemeId === s.id).length,
    };
  });
  const sum = (f: (s: SchemeSummary) => number) => schemes.reduce((n, s) => n + f(s), 0);
  const objections = { total: 0, upheld: 0, rejected: 0, open: 0 };
  for (const p of i.publicity) for (const k of ['total', 'upheld', 'rejected', 'open'] as const) objections[k] += p.objections[k];
  const revocationsByReason = Object.fromEntries(REASON_CODES.map((c) => [c, i.revocations.filter((r) => r.reason === c && !r.rescinded).length])) as Record<ReasonCode, number>;

  const openItems: OpenItem[] = [];
  for (const s of schemes) if (s.runs === 0) openItems.push({ code: 'SCHEME_NOT_EVALUATED', schemeId: s.id });
  for (const r of [...i.runs].sort(byId)) {
    if (!i.shortlists.some((x) => x.runId === r.id) && !i.runs.some((x) => x.schemeId === r.schemeId && x.id > r.id)) {
      openItems.push({ code: 'RUN_WITHOUT_SHORTLIST', schemeId: r.schemeId, runId: r.id });
    }
  }
  for (const s of [...i.shortlists].sort(byId)) {
    if (s.status === 'draft' && s.entries > 0) openItems.push({ code: 'SHORTLIST_NOT_PUBLICISED', schemeId: s.schemeId, shortlistId: s.id });
  }
  for (const p of [...i.publicity].sort((a, b) => a.shortlistId - b.shortlistId)) {
    if (p.objections.open > 0) openItems.push({ code: 'OBJECTIONS_OPEN', schemeId: p.schemeId, shortlistId: p.shortlistId, count: p.objections.open });
    if (p.publishedDate === null) openItems.push({ code: 'PUBLICITY_OPEN', schemeId: p.schemeId, shortlistId: p.shortlistId, end: p.end });
  }

  return {
    year: i.year,
    generatedOn: i.generatedOn,
    bodies: [...new Set(i.bodies)].sort(),
    totals: {
      schemes: schemes.length,
      categories: new Set(schemes.map((s) => s.category)).size,
      imports: sum((s) => s.imports),
      rowsImported: sum((s) => s.rowsImported),
      standardsImported: sum((s) => s.standardsImported),
      rejectedRows: sum((s) => s.rejectedRows),
      standardsEvaluated: sum((s) => s.standardsEvaluated),
      runs: i.runs.length,
      shortlists: i.shortlists.length,
      publicityPeriods: i.publicity.length,
      objections,
      leadersPublished: i.leaders.length,
      leadersRevoked: i.leaders.filter((l) => l.revoked).length,
      revocations: i.revocations.filter((r) => !r.rescinded).length,
      rescinded: i.revocations.filter((r) => r.rescinded).length,
      integrity: i.revocations.filter((r) => r.integrity && !r.rescinded).length,
    },
    schemes,
    publicity: [...i.publicity].sort((a, b) => a.shortlistId - b.shortlistId),
    leaders: i.leaders,
    revocationsByReason,
    revocations: [...i.revocations].sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : a.id - b.id)),
    openItems,
  };
}

const cell = (v: string | number | null | undefined) => String(v ?? '').replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');
const row = (cells: Array<string | number | null | undefined>) => '| ' + cells.map(cell).join(' | ') + ' |';
const rule = (n: number) => '|' + Array(n).fill('---').join('|') + '|';

function openItemText(o: OpenItem, zh: boolean): string {
  switch (o.code) {
    case 'SCHEME_NOT_EVALUATED': return zh ? `方案 ${o.schemeId}：本年度尚未生成排行榜` : `scheme ${o.schemeId}: no ranking made this year`;
    case 'RUN_WITHOUT_SHORTLIST': return zh ? `方案 ${o.schemeId}：排行榜 #${o.runId} 尚未生成入围名单` : `scheme ${o.schemeId}: run #${o.runId} has no shortlist yet`;
    case 'SHORTLIST_NOT_PUBLICISED': return zh ? `方案 ${o.schemeId}：入围名单 #${o.shortlistId} 尚未公示` : `scheme ${o.schemeId}: shortlist #${o.shortlistId} not yet publicised`;
    case 'PUBLICITY_OPEN': return zh ? `方案 ${o.schemeId}：入围名单 #${o.shortlistId} 公示未结束或未发布（公示期至 ${o.end}）` : `scheme ${o.schemeId}: shortlist #${o.shortlistId} publicity not closed (period ends ${o.end})`;
    case 'OBJECTIONS_OPEN': return zh ? `方案 ${o.schemeId}：入围名单 #${o.shortlistId} 有 ${o.count} 项异议待专家评议` : `scheme ${o.schemeId}: shortlist #${o.shortlistId} has ${o.count} objection(s) awaiting expert review`;
  }
}

/** The summary as Markdown, in Chinese or English. */
export function annualMarkdown(s: AnnualSummary, lang: 'zh' | 'en'): string {
  const zh = lang === 'zh';
  const t = s.totals;
  const L: string[] = [];
  L.push(zh ? `# ${s.year} 年度企业标准“领跑者”评估工作情况总结` : `# Enterprise Standard "Leader" evaluation: annual work summary ${s.year}`, '');
  if (s.bodies.length) L.push((zh ? '评估机构：' : 'Evaluation body: ') + s.bodies.join(zh ? '；' : '; '), '');
  L.push((zh ? '生成日期：' : 'Generated on: ') + s.generatedOn, '');
  L.push(zh ? '## 一、总体情况' : '## 1. Overview', '');
  L.push(zh
    ? `本年度共开展 ${t.schemes} 个评估方案（${t.categories} 个产品类别）的评估；导入企业标准文件 ${t.imports} 次，共 ${t.rowsImported} 行，新增或更新企业标准 ${t.standardsImported} 项，拒收 ${t.rejectedRows} 行；参评企业标准 ${t.standardsEvaluated} 项；生成排行榜 ${t.runs} 次、入围名单 ${t.shortlists} 份，公示 ${t.publicityPeriods} 次，收到异议 ${t.objections.total} 项（成立 ${t.objections.upheld} 项、不成立 ${t.objections.rejected} 项、待处理 ${t.objections.open} 项）；发布“领跑者” ${t.leadersPublished} 个（其中已取消 ${t.leadersRevoked} 个）；取消“领跑者”称号 ${t.revocations} 次（诚信问题 ${t.integrity} 次，另撤销取消 ${t.rescinded} 次）。`
    : `This year ${t.schemes} scheme(s) in ${t.categories} categor(ies) were evaluated; ${t.imports} import(s) read ${t.rowsImported} rows, added or updated ${t.standardsImported} enterprise standards and rejected ${t.rejectedRows} rows; ${t.standardsEvaluated} standards were evaluated; ${t.runs} ranking run(s) and ${t.shortlists} shortlist(s) were made and ${t.publicityPeriods} publicity period(s) held, with ${t.objections.total} objection(s) (${t.objections.upheld} upheld, ${t.objections.rejected} rejected, ${t.objections.open} open); ${t.leadersPublished} leader(s) were published (${t.leadersRevoked} since revoked); ${t.revocations} leader title(s) were revoked (${t.integrity} for integrity problems; ${t.rescinded} revocation(s) rescinded).`, '');

  L.push(zh ? '## 二、评估方案与品类' : '## 2. Schemes and categories', '');
  if (s.schemes.length === 0) L.push(zh ? '（无）' : '(none)', '');
  else {
    L.push(row(zh ? ['方案', '版本', '品类', '导入次数', '导入标准', '参评标准', '排行榜', '入围名单', '公示', '发布领跑者'] : ['scheme', 'version', 'category', 'imports', 'standards imported', 'standards evaluated', 'runs', 'shortlists', 'publicity', 'leaders published']), rule(10));
    for (const x of s.schemes) L.push(row([x.id, x.version, x.category, x.imports, x.standardsImported, x.standardsEvaluated, x.runs, x.shortlists, x.publicityPeriods, x.leadersPublished]));
    L.push('');
  }

  L.push(zh ? '## 三、公示与异议处理' : '## 3. Publicity and objections', '');
  if (s.publicity.length === 0) L.push(zh ? '（无）' : '(none)', '');
  else {
    L.push(row(zh ? ['入围名单', '方案', '公示开始', '公示结束', '发布日期', '异议', '成立', '不成立', '待处理'] : ['shortlist', 'scheme', 'start', 'end', 'published', 'objections', 'upheld', 'rejected', 'open']), rule(9));
    for (const p of s.publicity) L.push(row([`#${p.shortlistId}`, p.schemeId, p.start, p.end, p.publishedDate ?? '-', p.objections.total, p.objections.upheld, p.objections.rejected, p.objections.open]));
    L.push('');
  }

  L.push(zh ? '## 四、发布的“领跑者”' : '## 4. Leaders published', '');
  if (s.leaders.length === 0) L.push(zh ? '（无）' : '(none)', '');
  else {
    L.push(row(zh ? ['方案', '企业标准编号', '企业名称', '统一社会信用代码', '发布日期', '状态'] : ['scheme', 'standard', 'enterprise', 'credit code', 'published', 'state']), rule(6));
    for (const l of s.leaders) L.push(row([l.schemeId, l.standardNo, l.enterpriseName, l.uscc, l.publishedDate, l.revoked ? (zh ? '已取消' : 'revoked') : (zh ? '有效' : 'in force')]));
    L.push('');
  }

  L.push(zh ? '## 五、取消“领跑者”称号（按原因）' : '## 5. Revocations by reason', '');
  L.push(row(zh ? ['原因', '次数'] : ['reason', 'count']), rule(2));
  for (const c of REASON_CODES) L.push(row([`${zh ? REASONS[c].zh : REASONS[c].en} (${c})`, s.revocationsByReason[c]]));
  L.push('');
  if (s.revocations.length) {
    L.push(row(zh ? ['编号', '日期', '企业', '统一社会信用代码', '标准', '原因', '状态'] : ['id', 'date', 'enterprise', 'credit code', 'standard', 'reason', 'state']), rule(7));
    for (const r of s.revocations) L.push(row([r.id, r.date, r.enterpriseName ?? '-', r.uscc, r.standardNo ?? '-', r.reason, r.rescinded ? (zh ? '已撤销' : 'rescinded') : (zh ? '有效' : 'in force')]));
    L.push('');
  }

  L.push(zh ? '## 六、待办事项' : '## 6. Open items', '');
  if (s.openItems.length === 0) L.push(zh ? '无。' : 'None.', '');
  else L.push(...s.openItems.map((o) => `- ${openItemText(o, zh)}`), '');
  return L.join('\n');
}
