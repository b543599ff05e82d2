import { afterAll, describe, expect, it } from 'vitest';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { FIXTURES, json, runCli, SCHEMES, tempDir } from '../helpers/cli.js';

const HUAWEI = '914403001922038216';
const ALIBABA = '91330100799655058B';
const NOW = { LEADER_NOW: '2026-12-01' };

describe('leader revoke (issue 7)', () => {
  const { dir, cleanup } = tempDir();
  afterAll(cleanup);
  const db = join(dir, 'r.db');
  const cli = (args: string[]) => runCli(['--db', db, ...args], { env: NOW, cwd: dir });

  it('without a terminal, asks for --yes and records nothing (exit 2)', () => {
    const r = cli(['revoke', '--enterprise', HUAWEI, '--reason', 'accident', '--date', '2026-11-02']);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('E_TTY_REQUIRED');
    expect(r.stderr).toContain('--yes');
  });

  it('--dry-run shows what would change and writes nothing', () => {
    cli(['scheme', 'add', join(SCHEMES, 'refrigerator-2026.json')]);
    const r = cli(['--json', 'revoke', '--enterprise', HUAWEI, '--reason', 'accident', '--date', '2026-11-02', '--dry-run']);
    expect(r.status).toBe(0);
    const doc = json(r);
    expect(doc).toMatchObject({ ok: true, dryRun: true, revocation: { id: null, uscc: HUAWEI, banUntil: '2029-11-02' } });
    expect(json(cli(['--json', 'revoke', 'list'])).revocations).toEqual([]);
  });

  it('records a revocation of an enterprise this store never ranked (warning), with evidence from a file', () => {
    const r = cli(['--json', 'revoke', '--enterprise', ` ${HUAWEI.replace('9144', '９１４４')} `, '--name', '华为技术有限公司', '--reason', 'sampling-failed',
      '--date', '2026-11-02', '--evidence', `@${join(FIXTURES, 'revoke/evidence.txt')}`, '--yes']);
    expect(r.status).toBe(0);
    const doc = json(r);
    expect(doc.revocation).toMatchObject({ id: 1, uscc: HUAWEI, reason: 'sampling-failed', date: '2026-11-02', banUntil: '2029-11-02', integrity: false });
    expect(doc.revocation.evidence).toContain('能效指数实测 58%');
    expect(doc.revocation.reasonText.zh).toBe('产品抽检发现达不到公开标准水平');
    expect(doc.warnings.map((w: { code: string }) => w.code)).toEqual(['W_REVOKE_UNKNOWN_ENTERPRISE']);
  });

  it('a wrong check character is a warning naming the expected one; a wrong length is an error (exit 2)', () => {
    const bad = HUAWEI.slice(0, 17) + '7';
    const r = cli(['--lang', 'en', 'revoke', '--enterprise', bad, '--reason', 'fraud', '--date', '2026-11-03', '--yes']);
    expect(r.status).toBe(0);
    expect(r.stderr).toContain('[W_REVOKE_USCC_CHECK]');
    expect(r.stderr).toContain('should be 6');
    expect(r.stderr).toContain('Integrity problem');
    const short = cli(['revoke', '--enterprise', '9144030019220', '--reason', 'fraud', '--date', '2026-11-03', '--yes']);
    expect(short.status).toBe(2);
    expect(short.stderr).toContain('E_REVOKE_USCC_LENGTH');
    const chars = cli(['revoke', '--enterprise', HUAWEI.slice(0, 17) + 'I', '--reason', 'fraud', '--date', '2026-11-03', '--yes']);
    expect(chars.status).toBe(2);
    expect(chars.stderr).toContain('E_REVOKE_USCC_CHARACTER');
  });

  it('refuses an unknown reason, a bad date and missing options (exit 2)', () => {
    const r1 = cli(['--json', 'revoke', '--enterprise', HUAWEI, '--reason', 'bogus', '--date', '2026-11-03', '--yes']);
    expect(r1.status).toBe(2);
    expect(json(r1).error.code).toBe('E_REVOKE_BAD_REASON');
    const r2 = cli(['--json', 'revoke', '--enterprise', HUAWEI, '--reason', 'other', '--date', '2026-02-30', '--yes']);
    expect(json(r2).error.code).toBe('E_BAD_DATE');
    const r3 = cli(['--json', 'revoke', '--reason', 'other', '--date', '2026-02-03', '--yes']);
    expect(json(r3).error).toMatchObject({ code: 'E_REVOKE_OPTION_REQUIRED' });
    expect(r3.status).toBe(2);
  });

  it('each reason code is accepted and stored with its wording; only fraud is an integrity problem', () => {
    const codes = ['process-change', 'indicator-lowered', 'accident', 'ip-infringement', 'other', 'standard-abolished', 'discontinued'];
    for (const code of codes) {
      const r = cli(['--json', 'revoke', '--enterprise', ALIBABA, '--reason', code, '--date', '2026-10-01', '--yes']);
      expect(r.status, code).toBe(0);
      expect(json(r).revocation).toMatchObject({ reason: code, integrity: false });
    }
    const all = json(cli(['--json', 'revoke', 'list'])).revocations as Array<{ reason: string; integrity: boolean }>;
    expect(new Set(all.map((x) => x.reason)).size).toBe(9);
    expect(all.filter((x) => x.integrity).map((x) => x.reason)).toEqual(['fraud']);
  });

  it('list --active judges the ban on a date; rescind lifts it and keeps the record', () => {
    const before = json(cli(['--json', 'revoke', 'list', '--active', '--as-of', '2029-11-01'])).revocations as Array<{ id: number }>;
    expect(before.map((x) => x.id)).toContain(1);
    expect(json(cli(['--json', 'revoke', 'list', '--active', '--as-of', '2029-11-02'])).revocations.map((x: { id: number }) => x.id)).not.toContain(1);
    const noYes = cli(['revoke', 'rescind', '1', '--reason', '复核：样品非该企业生产']);
    expect(noYes.status).toBe(2);
    const r = cli(['--json', 'revoke', 'rescind', '1', '--reason', '复核：样品非该企业生产', '--yes']);
    expect(r.status).toBe(0);
    expect(json(r).revocation.rescission).toMatchObject({ revocationId: 1, reason: '复核：样品非该企业生产' });
    const after = json(cli(['--json', 'revoke', 'list', '--active', '--as-of', '2027-01-01'])).revocations as Array<{ id: number }>;
    expect(after.map((x) => x.id)).not.toContain(1);
    const all = json(cli(['--json', 'revoke', 'list'])).revocations as Array<{ id: number; state: string }>;
    expect(all.find((x) => x.id === 1)?.state).toBe('rescinded');
    const again = cli(['--json', 'revoke', 'rescind', '1', '--reason', 'again', '--yes']);
    expect(again.status).toBe(1);
    expect(json(again).error.code).toBe('E_REVOCATION_ALREADY_RESCINDED');
    expect(json(cli(['--json', 'revoke', 'rescind', '99', '--reason', 'x', '--yes'])).error.code).toBe('E_REVOCATION_NOT_FOUND');
  });

  it('no command offers to delete a revocation or an audit event', () => {
    for (const args of [['revoke', '--help'], ['revoke', 'list', '--help'], ['audit', '--help'], ['--help']]) {
      const h = runCli(['--lang', 'en', ...args]);
      expect(h.stdout + h.stderr).not.toMatch(/\b(delete|remove|purge|drop)\b/i);
    }
    for (const sub of ['delete', 'remove']) {
      const r = cli(['revoke', sub, '1']);
      expect(r.status).toBe(2);
      const a = cli(['audit', sub]);
      expect(a.status).toBe(2);
    }
    expect(json(cli(['--json', 'revoke', 'list'])).revocations).toHaveLength(9);
  });

  it('notice: the publicity text in Markdown, integrity sentence included, rescinded ones left out', () => {
    const r = cli(['revoke', 'notice']);
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('# 关于取消企业标准“领跑者”称号的公示');
    expect(r.stdout).toContain('通过弄虚作假入选企业标准“领跑者”或存在其他诚信问题');
    expect(r.stdout).toContain('将报有关监管部门，并纳入企业信用体系');
    expect(r.stdout).not.toContain('产品抽检发现达不到公开标准水平'); // #1 was rescinded
    expect(r.stdout).toContain('日期：2026-12-01');
    const out = join(dir, 'notice.md');
    expect(cli(['revoke', 'notice', '--out', out]).status).toBe(0);
    expect(readFileSync(out, 'utf8')).toBe(r.stdout);
    expect(cli(['revoke', 'notice', '--out', out]).status).toBe(73);
  });

  it('report --integrity: CSV with UTF-8 BOM (formula cells neutralised) or Markdown', () => {
    const out = join(dir, 'integrity.csv');
    cli(['revoke', '--enterprise', ALIBABA, '--reason', 'fraud', '--date', '2026-11-20', '--evidence', '=HYPERLINK("x")', '--yes']);
    const r = cli(['revoke', 'report', '--integrity', '--out', out]);
    expect(r.status).toBe(0);
    const bytes = readFileSync(out);
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = bytes.toString('utf8').slice(1);
    const lines = text.trim().split('\r\n');
    expect(lines[0]).toContain('统一社会信用代码');
    expect(lines).toHaveLength(3);
    expect(text).toContain(`'=HYPERLINK`);
    expect(text).toContain(HUAWEI.slice(0, 17) + '7');
    const md = cli(['revoke', 'report', '--integrity', '--format', 'md']);
    expect(md.stdout).toContain('# 诚信问题取消“领跑者”称号企业清单');
    expect(cli(['revoke', 'report']).status).toBe(2);
  });
});
