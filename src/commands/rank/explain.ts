/** `leader explain <standard number>`: why a standard has its place in a run (or why it is excluded). */
import { NotFoundError, UsageError } from '../../core/errors.js';
import { explain, type Explanation } from '../../core/explain.js';
import { runResultOf, type RowNames } from '../../core/run.js';
import type { Scheme } from '../../core/scheme.js';
import type { RunResult } from '../../core/types.js';
import { bansInForce } from '../../store/bans.js';
import { getRunView, latestRunId, listRuns } from '../../store/runs.js';
import { readStandardVersion } from '../../store/standards-read.js';
import type { Context, Handler } from '../../ui/context.js';
import { renderTable } from '../../ui/table.js';
import { openCommandStore } from '../open-store.js';
import { engineVersion, loadRunScheme, parseRunId, reasonText } from './common.js';

const NO_NAMES: RowNames = { enterpriseName: '', standardName: '', product: null, models: [] };

const norm = (s: string) => s.normalize('NFKC').replace(/[－—–]/g, '-').replace(/\s+/g, ' ').trim().toUpperCase();

function findTarget(result: RunResult, runId: number, standardNo: string, uscc: string | undefined) {
  const all = [...result.entries, ...result.excluded];
  let hits = all.filter((e) => e.standardNo === standardNo);
  if (!hits.length) hits = all.filter((e) => norm(e.standardNo) === norm(standardNo));
  if (uscc) hits = hits.filter((e) => e.uscc === norm(uscc));
  if (!hits.length) throw new NotFoundError('E_STANDARD_NOT_IN_RUN', { run: runId, standardNo, uscc: uscc ? ` (${uscc})` : '' });
  if (hits.length > 1) throw new UsageError('E_STANDARD_AMBIGUOUS', { run: runId, standardNo, usccs: hits.map((h) => h.uscc).join(', ') });
  return hits[0]!;
}

export const explainCommand: Handler = async (ctx, [standardNo], opts) => {
  const db = await openCommandStore(ctx, { create: false });
  try {
    let id: number | undefined;
    if (opts.run !== undefined) id = parseRunId(opts.run);
    else if (opts.scheme) id = latestRunId(db, opts.scheme);
    else id = listRuns(db).pop()?.id;
    if (id === undefined) throw new NotFoundError('E_NO_RUNS');
    // the run without its standards' names (explain shows the target's own, read below)
    const view = getRunView(db, id);
    const { run } = view;
    const result = view.result ?? runResultOf(view.columns, () => NO_NAMES);
    const scheme = loadRunScheme(db, run);
    const hit = findTarget(result, id, standardNo!, opts.uscc);
    const target = readStandardVersion(db, hit.versionId);
    if (!target) throw new NotFoundError('E_STANDARD_NOT_IN_RUN', { run: id, standardNo: standardNo!, uscc: '' });
    const ex = explain({ scheme, result, asOf: run.asOf, target, bans: bansInForce(db, run.asOf) });
    if (ex.consistent === false) ctx.out.warn('W_EXPLAIN_INCONSISTENT', { engine: run.engineVersion });
    render(ctx, id, run.asOf, ex, scheme);
    return { json: { run, engineVersion: engineVersion(), explanation: ex } };
  } finally {
    db.close();
  }
};

function render(ctx: Context, runId: number, asOf: string, e: Explanation, scheme: Scheme): void {
  const out = ctx.out;
  if (out.json) return;
  const zh = out.lang === 'zh';
  const name = (id?: string) => (id ? scheme.indicators.find((i) => i.id === id)?.name ?? id : '');
  out.data(`${e.standardNo}  ${e.standardName}\n${e.enterpriseName}（${e.uscc}）  ${zh ? `运行 #${runId}，评估日期 ${asOf}` : `run #${runId}, as of ${asOf}`}`);
  out.data(zh ? '\n资格审查：' : '\nEligibility gates:');
  const gateLabel = (g: Explanation['gates'][number]) => {
    switch (g.gate) {
      case 'status': return zh ? `状态（${g.detail.status}）` : `status (${g.detail.status})`;
      case 'cutoff': return zh ? `公开日期 ${g.detail.publicDate ?? '—'}，截止日期 ${g.detail.cutoffDate ?? '—'}` : `public date ${g.detail.publicDate ?? '—'}, cut-off ${g.detail.cutoffDate ?? '—'}`;
      case 'ban': return zh ? '企业三年禁入期' : 'three-year ban of the enterprise';
      case 'baseline': return zh ? `底线指标「${name(g.indicator)}」：${g.detail.raw ?? g.detail.value ?? '缺失'}${g.detail.limit !== null ? `（限值 ${g.detail.limit}）` : ''}` : `baseline "${name(g.indicator)}": ${g.detail.raw ?? g.detail.value ?? 'missing'}${g.detail.limit !== null ? ` (limit ${g.detail.limit})` : ''}`;
      default: return zh ? `核心指标「${name(g.indicator)}」：${g.detail.value ?? '缺失'}` : `core "${name(g.indicator)}": ${g.detail.value ?? 'missing'}`;
    }
  };
  for (const g of e.gates) {
    const mark = g.passed ? out.c.green('✓') : out.c.red('✗');
    let line = `  ${mark} ${gateLabel(g)}${g.reason ? ` — ${reasonText(out.lang, g.reason, scheme)} [${g.reason}]` : ''}`;
    if (g.bans?.length) line += g.bans.map((b) => zh ? `\n      撤销记录 #${b.revocationId}（${b.reason}），${b.date} 起至 ${b.banUntil}（不含）` : `\n      revocation #${b.revocationId} (${b.reason}), from ${b.date} until ${b.banUntil} (exclusive)`).join('');
    out.data(line);
  }
  if (!e.eligible) {
    out.data(zh ? `\n未参评：${e.reasons.map((r) => reasonText('zh', r, scheme)).join('；')}` : `\nNot ranked: ${e.reasons.map((r) => reasonText('en', r, scheme)).join('; ')}`);
    return;
  }
  const lvName = (id?: string) => scheme.levels.find((l) => l.id === id)?.name ?? id ?? '—';
  out.data(renderTable(out,
    zh ? ['指标', '申报值', '修约值', '达到水平', '计分方式', '得分', '权重', '贡献'] : ['indicator', 'declared', 'rounded', 'level', 'how scored', 'score', 'weight', 'contribution'],
    e.indicators!.map((i) => {
      let how: string = i.method;
      if (i.interpolation && 'from' in i.interpolation) how = `${i.interpolation.from.points} + (${i.interpolation.to.points} - ${i.interpolation.from.points}) × (${i.rounded} - ${i.interpolation.from.threshold}) / (${i.interpolation.to.threshold} - ${i.interpolation.from.threshold})`;
      else if (i.interpolation && 'cohort' in i.interpolation) { const c = i.interpolation.cohort; how = `${c.lowPoints} + (${c.highPoints} - ${c.lowPoints}) × (${i.rounded} - ${c.worst}) / (${c.best} - ${c.worst})`; }
      else if (i.way === 'top') how = zh ? '最高水平' : 'top level';
      else if (i.way === 'level') how = zh ? '按水平计分' : 'level points';
      else if (i.way === 'missing-zero') how = zh ? '缺失计 0 分' : 'missing, 0';
      return [i.name, i.raw ?? '—', i.rounded ?? '—', i.level?.name ?? '—', how, `${i.score.decimal}${i.score.exact.includes('/') ? ` (${i.score.exact})` : ''}`, `${i.weight} (${i.weightShare})`, i.contribution.decimal];
    })));
  const t = e.total!;
  out.data(zh
    ? `总分 = Σ 贡献 = ${t.exact} = ${t.decimal} → 修约（四舍六入五成双）${t.rounded}`
    : `total = Σ contributions = ${t.exact} = ${t.decimal} → rounded half-even ${t.rounded}`);
  out.data(zh
    ? `\n名次：${e.rank} / ${e.of}${e.tiedWith!.length ? `（与 ${e.tiedWith!.map((x) => x.standardNo).join('、')} 并列）` : ''}${e.cohortDependent ? '；本排行榜依赖参评群体' : ''}`
    : `\nRank: ${e.rank} of ${e.of}${e.tiedWith!.length ? ` (tied with ${e.tiedWith!.map((x) => x.standardNo).join(', ')})` : ''}${e.cohortDependent ? '; the ranking is cohort-dependent' : ''}`);
  if (e.above) out.data(zh ? `  上一名：${e.above.standardNo}（第 ${e.above.rank} 名，${e.above.total}），相差 ${e.above.distance}` : `  above: ${e.above.standardNo} (rank ${e.above.rank}, ${e.above.total}), ${e.above.distance} ahead`);
  if (e.below) out.data(zh ? `  下一名：${e.below.standardNo}（第 ${e.below.rank} 名，${e.below.total}），相差 ${e.below.distance.replace(/^-/, '')}` : `  below: ${e.below.standardNo} (rank ${e.below.rank}, ${e.below.total}), ${e.below.distance.replace(/^-/, '')} behind`);
  if (e.shortlistCut) {
    const c = e.shortlistCut;
    out.data(zh
      ? `  入围线（近似：仅按名额上限 ${c.cap} 计算，以 \`leader shortlist\` 为准）：第 ${c.rank} 名 ${c.total}，差距 ${c.distance}`
      : `  shortlist cut (approximate: the ${c.cap}-place cap only; \`leader shortlist\` decides): rank ${c.rank} at ${c.total}, distance ${c.distance}`);
  }
  if (e.improvements) {
    if (!e.improvements.length) out.data(zh ? '\n单项改进：无（已是第一名，或任何单项指标的改进都不能提高名次）' : '\nSingle-indicator improvement: none (first already, or no single indicator can raise the rank)');
    else {
      out.data(zh ? '\n能提高名次的最小单项改进：' : '\nSmallest single-indicator improvements that raise the rank:');
      for (const m of e.improvements) {
        const best = e.smallestImprovement?.indicator === m.indicator ? (zh ? '  ← 最小' : '  ← smallest') : '';
        out.data(zh ? `  ${name(m.indicator)}：${m.from} → ${m.to}，总分 ${m.newTotal}，名次 ${m.newRank}${best}` : `  ${name(m.indicator)}: ${m.from} → ${m.to}, total ${m.newTotal}, rank ${m.newRank}${best}`);
      }
    }
  }
  if (e.sensitivity) {
    const s = e.sensitivity;
    out.data(zh
      ? `\n权重敏感性（单个权重变动后重新归一化）：±10% 名次 ${s.range10.min}–${s.range10.max}；±20% 名次 ${s.range20.min}–${s.range20.max}`
      : `\nWeight sensitivity (one weight moved, renormalised): ±10% ranks ${s.range10.min}–${s.range10.max}; ±20% ranks ${s.range20.min}–${s.range20.max}`);
  }
  void lvName;
}
