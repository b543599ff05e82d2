/** Human output of a run: header, ranking table, excluded standards with reasons, single-indicator rankings, cross-check. */
import type { Scheme } from '../../core/scheme.js';
import type { ExcludedEntry, RunEntry, RunResult } from '../../core/types.js';
import type { Context } from '../../ui/context.js';
import { renderTable } from '../../ui/table.js';
import { reasonText } from './common.js';

export interface RunHeader { id: number | null; schemeId: string; schemeVersion: string; asOf: string; contentSha256: string; inputSha256: string; engineVersion: string }

/** What the human output reads of a run: counts, and only the rows it shows. */
export interface RunView {
  method?: string;
  cohortDependent: boolean;
  crossCheck?: RunResult['crossCheck'];
  entryCount: number;
  excludedCount: number;
  indicators: Array<{ id: string; name: string; discriminating: boolean; cohortDependent: boolean; commonValue?: string | null }>;
  /** the first `limit` entries in display order */
  entries(limit: number): Array<Pick<RunEntry, 'rank' | 'total' | 'standardNo' | 'enterpriseName' | 'levels' | 'zeroScored'>>;
  /** the first `limit` excluded standards */
  excluded(limit: number): Array<Pick<ExcludedEntry, 'standardNo' | 'enterpriseName' | 'reasons'>>;
  /** indicator i's groups, best level first: size, and the standard numbers when asked */
  groups(i: number): Array<{ level: string | null; count: number; standardNos(): string[] }>;
}

export function viewOfResult(result: RunResult): RunView {
  return {
    method: result.method, cohortDependent: result.cohortDependent, crossCheck: result.crossCheck,
    entryCount: result.entries.length, excludedCount: result.excluded.length, indicators: result.indicators,
    entries: (limit) => result.entries.slice(0, limit),
    excluded: (limit) => result.excluded.slice(0, limit),
    groups: (i) => result.indicators[i]!.groups.map((g) => ({ level: g.level, count: g.standardNos.length, standardNos: () => g.standardNos })),
  };
}

export function renderRun(ctx: Context, h: RunHeader, result: RunView, scheme: Scheme | undefined, limit: number): void {
  const out = ctx.out;
  if (out.json) return;
  const zh = out.lang === 'zh';
  const levelName = new Map((scheme?.levels ?? []).map((l) => [l.id, l.name]));
  const lv = (id: string | null | undefined) => (id == null ? '—' : levelName.get(id) ?? id);
  const lines: string[] = [];
  lines.push(zh
    ? `排行榜 ${h.id === null ? '（演练，未保存）' : `运行 #${h.id}`}  方案 ${h.schemeId} ${h.schemeVersion}  评估日期 ${h.asOf}  方法 ${result.method ?? 'weighted-sum'}`
    : `Ranking ${h.id === null ? '(dry run, not stored)' : `run #${h.id}`}  scheme ${h.schemeId} ${h.schemeVersion}  as of ${h.asOf}  method ${result.method ?? 'weighted-sum'}`);
  lines.push(zh
    ? `参评 ${result.entryCount} 项，排除 ${result.excludedCount} 项；内容 SHA-256 ${h.contentSha256.slice(0, 16)}…  输入 SHA-256 ${h.inputSha256.slice(0, 16)}…  引擎 ${h.engineVersion}`
    : `${result.entryCount} ranked, ${result.excludedCount} excluded; content SHA-256 ${h.contentSha256.slice(0, 16)}…  input SHA-256 ${h.inputSha256.slice(0, 16)}…  engine ${h.engineVersion}`);
  if (result.cohortDependent) {
    const cohort = result.indicators.filter((i) => i.cohortDependent).map((i) => i.name);
    lines.push(out.c.yellow(zh
      ? `注意：本排行榜依赖参评群体（${result.method === 'topsis' ? 'TOPSIS 方法' : `群体评分指标：${cohort.join('、')}`}），增减参评标准会改变其他标准的得分。`
      : `Note: this ranking is cohort-dependent (${result.method === 'topsis' ? 'TOPSIS method' : `cohort-scored: ${cohort.join(', ')}`}); adding or removing standards changes others' scores.`));
  }
  out.data(lines.join('\n'));

  const inds = result.indicators;
  const shown = result.entries(limit);
  if (shown.length) {
    out.data(renderTable(out,
      [zh ? '名次' : 'rank', zh ? '总分' : 'total', zh ? '标准编号' : 'standard', zh ? '企业名称' : 'enterprise', ...inds.map((i) => i.name)],
      shown.map((e) => [e.rank, e.total, e.standardNo, e.enterpriseName, ...inds.map((i) => (e.zeroScored?.includes(i.id) ? (zh ? '缺失(0分)' : 'missing (0)') : lv(e.levels[i.id])))])));
  }
  if (result.entryCount > shown.length) {
    out.data(zh ? `……另有 ${result.entryCount - shown.length} 项未显示（--limit 0 显示全部）` : `… ${result.entryCount - shown.length} more not shown (--limit 0 shows all)`);
  }

  if (result.excludedCount) {
    out.data(zh ? `\n未参评（不符合资格）${result.excludedCount} 项：` : `\nExcluded (ineligible): ${result.excludedCount}`);
    const ex = result.excluded(limit);
    out.data(renderTable(out, [zh ? '标准编号' : 'standard', zh ? '企业名称' : 'enterprise', zh ? '原因' : 'reasons'],
      ex.map((x) => [x.standardNo, x.enterpriseName, x.reasons.map((r) => `${reasonText(out.lang, r, scheme)} [${r}]`).join('\n')])));
    if (result.excludedCount > ex.length) out.data(zh ? `……另有 ${result.excludedCount - ex.length} 项未显示` : `… ${result.excludedCount - ex.length} more not shown`);
  }

  if (inds.length && result.entryCount) {
    out.data(zh ? '\n单项指标排名（按水平分档，档内排名不分先后）：' : '\nSingle-indicator rankings (by level; no order inside a level):');
    inds.forEach((i, k) => {
      const tags = [i.cohortDependent ? (zh ? '依赖参评群体' : 'cohort-dependent') : ''].filter(Boolean);
      if (!i.discriminating) {
        out.data(zh
          ? `■ ${i.name}：不区分（所有参评标准的值均为 ${i.commonValue ?? '缺失'}），不发布该单项排名`
          : `■ ${i.name}: non-discriminating (every ranked standard has ${i.commonValue ?? 'no value'}); not published`);
        return;
      }
      out.data(`■ ${i.name}${tags.length ? ` (${tags.join(', ')})` : ''}`);
      for (const g of result.groups(k)) {
        const names = g.count <= limit ? g.standardNos().join(zh ? '、' : ', ') : (zh ? `${g.count} 项` : `${g.count} standards`);
        out.data(`  ${g.level === null ? (zh ? '未达水平（缺失计 0 分）' : 'no level (missing, scored 0)') : lv(g.level)}：${names}`);
      }
    });
  }

  if (result.crossCheck) {
    const cc = result.crossCheck;
    out.data(zh
      ? `\nTOPSIS 交叉验证：Spearman 秩相关系数 ρ = ${cc.spearmanRho ?? '—'}；名次相差大于 1 的标准 ${cc.differing.length} 项`
      : `\nTOPSIS cross-check: Spearman's rho = ${cc.spearmanRho ?? '—'}; ${cc.differing.length} standards whose rank differs by more than 1`);
    if (cc.differing.length) {
      out.data(renderTable(out, [zh ? '标准编号' : 'standard', zh ? '加权名次' : 'weighted rank', zh ? 'TOPSIS 名次' : 'TOPSIS rank'],
        cc.differing.slice(0, limit).map((x) => [x.standardNo, x.rank, x.otherRank])));
    }
  }
}
