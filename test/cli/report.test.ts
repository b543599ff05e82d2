import { afterAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { FIXTURES, json, runCli, SCHEMES, tempDir } from '../helpers/cli.js';

describe('leader report annual (issue 7: annual work summary)', () => {
  const { dir, cleanup } = tempDir();
  afterAll(cleanup);
  const db = join(dir, 'y.db');
  const cli = (args: string[], now = '2026-12-01') => runCli(['--db', db, ...args], { cwd: dir, env: { LEADER_NOW: now } });

  it('summarises the year: schemes, imports, revocations by reason, open items; Markdown and JSON', () => {
    expect(cli(['scheme', 'add', join(SCHEMES, 'refrigerator-2026.json')]).status).toBe(0);
    expect(cli(['scheme', 'add', join(SCHEMES, 'electric-bicycle-2026.json')]).status).toBe(0);
    const imp = cli(['import', join(FIXTURES, 'example/refrigerator-2026.csv'), '--scheme', 'refrigerator-2026']);
    expect(imp.status, imp.stderr).toBe(0);
    expect(cli(['revoke', '--enterprise', '91370200MA3C8K2L7G', '--reason', 'fraud', '--date', '2026-11-20', '--yes']).status).toBe(0);
    expect(cli(['revoke', '--enterprise', '914403001922038216', '--reason', 'discontinued', '--date', '2026-11-21', '--yes']).status).toBe(0);
    expect(cli(['revoke', '--enterprise', '914403001922038216', '--reason', 'accident', '--date', '2025-05-01', '--yes']).status).toBe(0);

    const r = cli(['--json', 'report', 'annual', '--year', '2026']);
    expect(r.status).toBe(0);
    const s = json(r).summary;
    expect(s.year).toBe(2026);
    expect(s.totals).toMatchObject({ schemes: 2, categories: 2, imports: 1, rowsImported: 30, revocations: 2, integrity: 1 });
    expect(s.totals.standardsImported).toBeGreaterThan(0);
    expect(s.revocationsByReason).toMatchObject({ fraud: 1, discontinued: 1, accident: 0 });
    expect(s.openItems.map((o: { code: string }) => o.code)).toContain('SCHEME_NOT_EVALUATED');

    const md = cli(['report', 'annual', '--year', '2026']);
    expect(md.stdout).toContain('# 2026 年度企业标准“领跑者”评估工作情况总结');
    expect(md.stdout).toContain('| 产品在市场停售 (discontinued) | 1 |');
    expect(md.stdout).toContain('示例标准化研究院');

    const out = join(dir, 'summary.json');
    expect(cli(['report', 'annual', '--year', '2026', '--out', out]).status).toBe(0);
    expect(JSON.parse(readFileSync(out, 'utf8'))).toEqual(s);

    const y2025 = json(cli(['--json', 'report', 'annual', '--year', '2025'])).summary;
    expect(y2025.totals.revocations).toBe(1);
    expect(y2025.revocationsByReason.accident).toBe(1);
  });

  it('the same store gives the same bytes on the same day', () => {
    const a = cli(['report', 'annual', '--year', '2026', '--lang', 'en']);
    const b = cli(['report', 'annual', '--year', '2026', '--lang', 'en']);
    expect(a.stdout).toBe(b.stdout);
    expect(a.stdout).toContain('annual work summary 2026');
  });

  it('needs a valid --year (exit 2)', () => {
    expect(cli(['report', 'annual']).status).toBe(2);
    expect(json(cli(['--json', 'report', 'annual', '--year', '26'])).error.code).toBe('E_REPORT_BAD_YEAR');
  });
});
