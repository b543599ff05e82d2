/**
 * `leader revoke check --scheme <id>`: after new imports, compares each published leader's published
 * version with the current version of its standard and proposes revocations (never applies them).
 */
import { proposeRevocations, type CheckLeader } from '../../core/revocation.js';
import { coreIndicators, type Scheme } from '../../core/scheme-model.js';
import type { RunResult } from '../../core/types.js';
import { today } from '../../io/clock.js';
import { getRun } from '../../store/runs.js';
import { loadScheme } from '../../store/schemes.js';
import { currentStandardVersion, leadersWithRevocations, listRevocations, standardVersion } from '../../store/revocations.js';
import type { Handler } from '../../ui/context.js';
import { renderTable } from '../../ui/table.js';
import { openCommandStore } from '../open-store.js';
import { parseDate, required } from './common.js';

export const check: Handler = async (ctx, _args, o) => {
  const schemeId = required<string>(o.scheme, '--scheme');
  const date = o.date ? parseDate(o.date as string) : today();
  const db = await openCommandStore(ctx, { create: false });
  try {
    loadScheme(db, schemeId);
    const revocations = listRevocations(db);
    const leaders = leadersWithRevocations(db, schemeId, revocations);
    if (leaders.length === 0) {
      ctx.out.info('I_REVOKE_NO_LEADERS', { scheme: schemeId });
      return { json: { scheme: schemeId, leaders: 0, proposals: [] } };
    }
    const runs = new Map<number, RunResult>();
    const schemes = new Map<string, Scheme>();
    const byVersion = new Map<string, CheckLeader[]>();
    const revoked = new Set<string>();
    for (const l of leaders) {
      if (l.revokedBy.length > 0) revoked.add(`${l.uscc}|${l.standardNo}`);
      if (!runs.has(l.runId)) runs.set(l.runId, getRun(db, l.runId).result);
      const entry = runs.get(l.runId)!.entries.find((e) => e.standardNo === l.standardNo && e.uscc === l.uscc);
      if (!entry) continue;
      const published = standardVersion(db, entry.versionId);
      const current = currentStandardVersion(db, schemeId, l.uscc, l.standardNo) ?? null;
      const list = byVersion.get(l.schemeVersion) ?? [];
      list.push({
        schemeId, uscc: l.uscc, standardNo: l.standardNo, enterpriseName: l.enterpriseName, shortlistId: l.shortlistId,
        // the run's rounded values stand in when the published version is no longer readable
        published: { versionId: entry.versionId, values: published?.values ?? entry.values },
        current,
      });
      byVersion.set(l.schemeVersion, list);
    }
    const proposals = [];
    for (const [version, list] of byVersion) {
      if (!schemes.has(version)) schemes.set(version, loadScheme(db, schemeId, version).scheme);
      const scheme = schemes.get(version)!;
      proposals.push(...proposeRevocations({
        levelIds: scheme.levels.map((l) => l.id),
        core: coreIndicators(scheme).map((i) => ({ id: i.id, name: i.name, type: i.type, decimals: i.decimals, grades: i.grades, thresholds: i.thresholds })),
        leaders: list, revoked, date,
      }));
    }
    // the same standard may be on several published lists: propose it once
    const seen = new Set<string>();
    const unique = proposals.filter((p) => {
      const k = `${p.uscc}|${p.standardNo}`;
      if (seen.has(k)) return false;
      seen.add(k);
      return true;
    }).sort((a, b) => (a.standardNo < b.standardNo ? -1 : a.standardNo > b.standardNo ? 1 : a.uscc < b.uscc ? -1 : a.uscc > b.uscc ? 1 : 0));

    const zh = ctx.out.lang === 'zh';
    const levelName = new Map<string, string>();
    for (const sc of schemes.values()) for (const l of sc.levels) levelName.set(l.id, l.name);
    const lv = (id: string | null) => (id === null ? (zh ? '未达基准/缺失' : 'below base/missing') : levelName.get(id) ?? id);
    if (unique.length === 0) ctx.out.info('I_REVOKE_CHECK_NONE', { scheme: schemeId });
    else {
      ctx.out.data(renderTable(ctx.out,
        zh ? ['标准编号', '企业', '统一社会信用代码', '建议原因', '说明'] : ['standard', 'enterprise', 'credit code', 'proposed reason', 'detail'],
        unique.map((p) => [p.standardNo, p.enterpriseName, p.uscc, p.reason,
          p.reason === 'standard-abolished'
            ? (zh ? `现行版本 v${p.currentVersion} 状态为废止` : `current version v${p.currentVersion} is abolished`)
            : p.lowered.map((x) => `${x.name}: ${lv(x.from)} → ${lv(x.to)} (${x.valueFrom ?? '-'} → ${x.valueTo ?? '-'})`).join('\n')])));
      ctx.out.data(unique.map((p) => p.command).join('\n'));
      ctx.out.info('I_REVOKE_CHECK_FOUND', { scheme: schemeId, count: unique.length });
    }
    return { json: { scheme: schemeId, leaders: leaders.length, proposals: unique } };
  } finally {
    db.close();
  }
};
