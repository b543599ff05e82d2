/** `leader rank diff <runA> <runB>`: who moved, entered and left between two runs, and why. */
import type { RunEntry, RunResult } from '../../core/types.js';
import { cmpText } from '../../core/rank.js';
import { getRun } from '../../store/runs.js';
import type { Handler } from '../../ui/context.js';
import { renderTable } from '../../ui/table.js';
import { openCommandStore } from '../open-store.js';
import { loadRunScheme, parseRunId, reasonText } from './common.js';

interface Change { indicator: string; from: string | null; to: string | null; levelFrom: string | null; levelTo: string | null }

const key = (e: { uscc: string; standardNo: string }) => `${e.uscc}\u0000${e.standardNo}`;

function changes(a: RunEntry, b: RunEntry): Change[] {
  const ids = [...new Set([...Object.keys(a.levels), ...Object.keys(b.levels)])];
  return ids.filter((id) => a.values[id] !== b.values[id] || a.levels[id] !== b.levels[id] || a.scores[id] !== b.scores[id])
    .map((id) => ({ indicator: id, from: a.values[id] ?? null, to: b.values[id] ?? null, levelFrom: a.levels[id] ?? null, levelTo: b.levels[id] ?? null }));
}

export function diffRuns(a: RunResult, b: RunResult) {
  const ea = new Map(a.entries.map((e) => [key(e), e]));
  const eb = new Map(b.entries.map((e) => [key(e), e]));
  const xa = new Map(a.excluded.map((e) => [key(e), e]));
  const xb = new Map(b.excluded.map((e) => [key(e), e]));
  const moved = b.entries.filter((e) => ea.has(key(e)) && (ea.get(key(e))!.rank !== e.rank || ea.get(key(e))!.total !== e.total)).map((e) => {
    const p = ea.get(key(e))!;
    return { standardNo: e.standardNo, uscc: e.uscc, enterpriseName: e.enterpriseName, from: { rank: p.rank, total: p.total }, to: { rank: e.rank, total: e.total }, changes: changes(p, e) };
  });
  const entered = b.entries.filter((e) => !ea.has(key(e))).map((e) => ({
    standardNo: e.standardNo, uscc: e.uscc, enterpriseName: e.enterpriseName, rank: e.rank, total: e.total,
    previously: xa.has(key(e)) ? { excluded: true, reasons: xa.get(key(e))!.reasons } : { excluded: false, reasons: [] as string[], absent: true },
  }));
  const left = a.entries.filter((e) => !eb.has(key(e))).map((e) => ({
    standardNo: e.standardNo, uscc: e.uscc, enterpriseName: e.enterpriseName, rank: e.rank, total: e.total,
    now: xb.has(key(e)) ? { excluded: true, reasons: xb.get(key(e))!.reasons } : { excluded: false, reasons: [] as string[], absent: true },
  }));
  const byNo = (x: { standardNo: string; uscc: string }, y: { standardNo: string; uscc: string }) => cmpText(x.standardNo, y.standardNo) || cmpText(x.uscc, y.uscc);
  return { moved, entered: entered.sort(byNo), left: left.sort(byNo), unchanged: b.entries.length - moved.length - entered.length };
}

export const rankDiff: Handler = async (ctx, [aArg, bArg]) => {
  const ia = parseRunId(aArg!);
  const ib = parseRunId(bArg!);
  const db = await openCommandStore(ctx, { create: false });
  try {
    const A = getRun(db, ia);
    const B = getRun(db, ib);
    const scheme = loadRunScheme(db, B.run);
    const d = diffRuns(A.result, B.result);
    const out = ctx.out;
    const zh = out.lang === 'zh';
    if (!out.json) {
      const sameBasis = A.run.schemeId === B.run.schemeId && A.run.schemeVersion === B.run.schemeVersion && A.run.asOf === B.run.asOf;
      out.data(zh
        ? `运行 #${ia}（${A.run.schemeId} ${A.run.schemeVersion}，${A.run.asOf}）→ 运行 #${ib}（${B.run.schemeId} ${B.run.schemeVersion}，${B.run.asOf}）${A.run.inputSha256 === B.run.inputSha256 ? '；输入数据相同' : '；输入数据不同'}${sameBasis ? '' : '；方案或评估日期不同'}`
        : `Run #${ia} (${A.run.schemeId} ${A.run.schemeVersion}, ${A.run.asOf}) -> run #${ib} (${B.run.schemeId} ${B.run.schemeVersion}, ${B.run.asOf})${A.run.inputSha256 === B.run.inputSha256 ? '; same input data' : '; input data differ'}${sameBasis ? '' : '; scheme or as-of date differ'}`);
      out.data(zh ? `名次或总分变化 ${d.moved.length} 项，新进入 ${d.entered.length} 项，退出 ${d.left.length} 项，不变 ${d.unchanged} 项。` : `${d.moved.length} moved, ${d.entered.length} entered, ${d.left.length} left, ${d.unchanged} unchanged.`);
      const why = (c: Change[]) => c.map((x) => `${x.indicator}: ${x.from ?? '—'} → ${x.to ?? '—'}`).join('\n') || (zh ? '（他人变化或群体评分）' : '(others changed, or cohort scoring)');
      if (d.moved.length) out.data(renderTable(out, [zh ? '标准编号' : 'standard', zh ? '名次' : 'rank', zh ? '总分' : 'total', zh ? '原因' : 'why'],
        d.moved.map((m) => [m.standardNo, `${m.from.rank} → ${m.to.rank}`, `${m.from.total} → ${m.to.total}`, why(m.changes)])));
      const reasons = (r: { excluded: boolean; reasons: string[] }) => (r.excluded ? r.reasons.map((x) => reasonText(out.lang, x, scheme)).join('；') : (zh ? '不在该运行的数据中' : 'not in that run\'s data'));
      if (d.entered.length) out.data(renderTable(out, [zh ? '新进入' : 'entered', zh ? '名次' : 'rank', zh ? '此前' : 'before'], d.entered.map((e) => [e.standardNo, e.rank, reasons(e.previously)])));
      if (d.left.length) out.data(renderTable(out, [zh ? '退出' : 'left', zh ? '原名次' : 'was rank', zh ? '现在' : 'now'], d.left.map((e) => [e.standardNo, e.rank, reasons(e.now)])));
    }
    return { json: { runA: A.run, runB: B.run, ...d } };
  } finally {
    db.close();
  }
};
