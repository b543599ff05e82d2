/**
 * The whole dynamic-management path on fixtures (issue 7): import, rank, shortlist, publicity, publish;
 * re-import -> `revoke check` proposes; `revoke` -> `leader rank` excludes the banned enterprise inside
 * the ban (ENTERPRISE_BANNED) and not after it; rescission lifts it; the audit log verifies.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { FIXTURES, json, ROOT, runCli, SCHEMES, tempDir } from '../helpers/cli.js';

const SCHEME = 'refrigerator-2026';
const ZLZN = '91320100MA1P7F2C6N';
const hasRank = existsSync(join(ROOT, 'dist/commands/rank/run.js'));

/** Every {standardNo, reasons} object anywhere in a JSON document. */
function reasonsOf(doc: unknown, standardNo: string): string[] | undefined {
  if (Array.isArray(doc)) {
    for (const x of doc) { const r = reasonsOf(x, standardNo); if (r) return r; }
  } else if (doc && typeof doc === 'object') {
    const o = doc as Record<string, unknown>;
    if (o.standardNo === standardNo && Array.isArray(o.reasons)) return o.reasons as string[];
    for (const v of Object.values(o)) { const r = reasonsOf(v, standardNo); if (r) return r; }
  }
  return undefined;
}

describe.skipIf(!hasRank)('revoke check and the ban through leader rank (issue 7, on fixtures)', () => {
  const { dir, cleanup } = tempDir();
  afterAll(cleanup);
  const db = join(dir, 'p.db');
  const cli = (args: string[], now = '2026-07-01') => {
    const r = runCli(['--db', db, ...args], { cwd: dir, env: { LEADER_NOW: now } });
    return r;
  };
  const ok = (args: string[], now?: string) => {
    const r = cli(args, now);
    expect(r.status, `${args.join(' ')}\n${r.stderr}`).toBe(0);
    return r;
  };

  it('publishes a leader list from the example data', () => {
    ok(['scheme', 'add', join(SCHEMES, `${SCHEME}.json`)]);
    ok(['import', join(FIXTURES, 'example/refrigerator-2026.csv'), '--scheme', SCHEME]);
    ok(['rank', '--scheme', SCHEME, '--as-of', '2026-07-01']);
    ok(['shortlist', '--scheme', SCHEME]);
    ok(['publicity', 'start', '--shortlist', '1', '--date', '2026-07-06'], '2026-07-06');
    ok(['publicity', 'close', '--shortlist', '1', '--date', '2026-07-20'], '2026-07-20');
    const leaders = json(ok(['--json', 'revoke', 'leaders', '--scheme', SCHEME], '2026-07-20')).leaders as Array<{ standardNo: string; revoked: boolean }>;
    expect(leaders.map((l) => l.standardNo)).toEqual(expect.arrayContaining(['Q/ZLZN 001-2026', 'Q/JAKJ 0003S-2026', 'Q/QYDQ 15-2026']));
    expect(leaders.every((l) => !l.revoked)).toBe(true);
    expect(json(ok(['--json', 'revoke', 'check', '--scheme', SCHEME], '2026-07-21')).proposals).toEqual([]);
  });

  it('after a re-import, check proposes standard-abolished and indicator-lowered (and nothing for a change inside a level)', () => {
    ok(['import', join(FIXTURES, 'revoke/refrigerator-2026-update.csv'), '--scheme', SCHEME], '2026-11-01');
    const doc = json(ok(['--json', 'revoke', 'check', '--scheme', SCHEME, '--date', '2026-11-02'], '2026-11-02'));
    const props = doc.proposals as Array<{ standardNo: string; reason: string; lowered: Array<{ indicator: string; from: string; to: string }>; command: string }>;
    expect(props.map((p) => [p.standardNo, p.reason])).toEqual([
      ['Q/JAKJ 0003S-2026', 'standard-abolished'],
      ['Q/ZLZN 001-2026', 'indicator-lowered'],
    ]);
    expect(props[1]!.lowered).toEqual([expect.objectContaining({ indicator: 'energy_index', from: 'leader', to: 'advanced', valueFrom: '34', valueTo: '40' })]);
    expect(props[1]!.command).toBe(`leader revoke --enterprise ${ZLZN} --standard 'Q/ZLZN 001-2026' --reason indicator-lowered --date 2026-11-02 --scheme ${SCHEME}`);
    // check never applies anything
    expect(json(ok(['--json', 'revoke', 'list'], '2026-11-02')).revocations).toEqual([]);
  });

  it('revoke marks the published entry revoked, and check no longer proposes it', () => {
    const r = json(ok(['--json', 'revoke', '--enterprise', ZLZN, '--standard', 'q/zlzn 001－2026', '--reason', 'indicator-lowered', '--date', '2026-11-02', '--scheme', SCHEME, '--yes'], '2026-11-02'));
    expect(r.revocation).toMatchObject({ standardNo: 'Q/ZLZN 001-2026', banUntil: '2029-11-02', enterpriseName: '南京钟岚智能家电有限公司' });
    expect(r.affected).toEqual([expect.objectContaining({ shortlistId: 1, standardNo: 'Q/ZLZN 001-2026' })]);
    const leaders = json(ok(['--json', 'revoke', 'leaders'], '2026-11-02')).leaders as Array<{ standardNo: string; revoked: boolean }>;
    expect(leaders.filter((l) => l.revoked).map((l) => l.standardNo)).toEqual(['Q/ZLZN 001-2026']);
    const props = json(ok(['--json', 'revoke', 'check', '--scheme', SCHEME], '2026-11-02')).proposals as Array<{ standardNo: string }>;
    expect(props.map((p) => p.standardNo)).toEqual(['Q/JAKJ 0003S-2026']);
  });

  it('leader rank excludes the banned enterprise on the last day inside the ban, not on the first day after', () => {
    const inside = json(ok(['--json', 'rank', '--scheme', SCHEME, '--as-of', '2029-11-01', '--dry-run'], '2026-11-03'));
    expect(reasonsOf(inside, 'Q/ZLZN 001-2026')).toContain('ENTERPRISE_BANNED');
    expect(reasonsOf(inside, 'Q/ZLZN 002-2025')).toContain('ENTERPRISE_BANNED');
    const after = json(ok(['--json', 'rank', '--scheme', SCHEME, '--as-of', '2029-11-02', '--dry-run'], '2026-11-03'));
    expect(reasonsOf(after, 'Q/ZLZN 001-2026') ?? []).not.toContain('ENTERPRISE_BANNED');
    expect(reasonsOf(after, 'Q/ZLZN 002-2025') ?? []).not.toContain('ENTERPRISE_BANNED');
  });

  it('rescission lifts the ban', () => {
    ok(['revoke', 'rescind', '1', '--reason', '复核：新版本为笔误，企业已更正', '--yes'], '2026-11-04');
    const doc = json(ok(['--json', 'rank', '--scheme', SCHEME, '--as-of', '2027-01-01', '--dry-run'], '2026-11-04'));
    expect(reasonsOf(doc, 'Q/ZLZN 002-2025') ?? []).not.toContain('ENTERPRISE_BANNED');
  });

  it('the audit log of this real history verifies, and the annual summary counts it', () => {
    const v = json(ok(['--json', 'audit', 'verify'], '2026-12-01'));
    expect(v.count).toBeGreaterThanOrEqual(9);
    const types = (json(ok(['--json', 'audit', 'log'], '2026-12-01')).events as Array<{ type: string }>).map((e) => e.type);
    expect(types).toEqual(expect.arrayContaining(['scheme.added', 'run.created', 'shortlist.created', 'publicity.started', 'publicity.closed', 'revocation.recorded', 'revocation.rescinded']));
    const s = json(ok(['--json', 'report', 'annual', '--year', '2026'], '2026-12-01')).summary;
    expect(s.totals).toMatchObject({ imports: 2, runs: 1, shortlists: 1, publicityPeriods: 1, revocations: 0, rescinded: 1 });
    expect(s.totals.leadersPublished).toBeGreaterThanOrEqual(3);
  });
});
