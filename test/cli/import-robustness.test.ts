import * as fs from 'node:fs';
import { closeSync, openSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withCheckChar } from '../../src/core/uscc.js';
import { json, runCli, SCHEMES, startCli, tempDir } from '../helpers/cli.js';

let dir: string;
let cleanup: () => void;
beforeAll(() => ({ dir, cleanup } = tempDir('leader-import-big-')));
afterAll(() => cleanup());

/** Writes a valid refrigerator CSV of `rows` rows (distinct standards) without holding it in memory. */
function generate(file: string, rows: number, seed = 0): void {
  const fd = openSync(file, 'w');
  writeSync(fd, '\uFEFF标准编号,标准名称,企业名称,统一社会信用代码,型号,公开日期,状态,能效指数,能效等级,噪声,冷冻能力,保鲜期延长率,CCC认证,制冷剂GWP值\r\n');
  let buf = '';
  for (let i = 0; i < rows; i++) {
    const code = withCheckChar('9144030' + String(1000000000 + (i % 5000) + seed).slice(0, 10));
    buf += `Q/GEN ${i}-2025,家用电冰箱,生成企业${i % 5000}有限公司,${code},BCD-${i},2025-03-01,现行,${30 + (i % 30)},${1 + (i % 3)}级,${(36 + (i % 6)).toFixed(1)},${(4 + (i % 3)).toFixed(1)},${20 + (i % 30)},是,3\r\n`;
    if (buf.length > 1 << 20) { writeSync(fd, buf); buf = ''; }
  }
  writeSync(fd, buf);
  closeSync(fd);
}

function setup(name: string): string {
  const db = join(dir, name);
  expect(runCli(['--db', db, 'scheme', 'add', join(SCHEMES, 'refrigerator-2026.json')]).status).toBe(0);
  return db;
}

function count(db: string): number {
  const d = new Database(db, { readonly: true });
  try {
    return (d.prepare('SELECT count(*) AS n FROM standard_versions').get() as { n: number }).n;
  } finally {
    d.close();
  }
}

function exited(p: ReturnType<typeof startCli>): Promise<{ code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string }> {
  let stdout = '', stderr = '';
  p.stdout!.on('data', (d) => (stdout += d));
  p.stderr!.on('data', (d) => (stderr += d));
  return new Promise((res) => p.on('close', (code, signal) => res({ code, signal, stdout, stderr })));
}

describe('import robustness (spawned CLI)', () => {
  it('SIGKILL in the middle of a 200k-row import leaves a consistent store without a partial batch', async () => {
    const file = join(dir, 'big.csv');
    generate(file, 200_000);
    const db = setup('kill.db');
    const p = startCli(['--db', db, 'import', file, '--scheme', 'refrigerator-2026']);
    const done = exited(p);
    await new Promise((r) => setTimeout(r, 300));
    p.kill('SIGKILL');
    const r = await done;
    // a large import loads through a rollback journal: a kill leaves a hot journal, rolled back by the next open, which sets WAL again
    const check = runCli(['--db', db, '--json', 'db', 'check']);
    expect(check.status, check.stdout + check.stderr).toBe(0);
    expect(fs.existsSync(`${db}-journal`)).toBe(false);
    const mode = new Database(db, { readonly: true });
    expect(mode.pragma('journal_mode', { simple: true })).toBe('wal');
    mode.close();
    const n = count(db);
    expect([0, 200_000]).toContain(n);
    if (r.signal === 'SIGKILL') expect(n).toBe(0);
    // the store still works: the import can be run to completion afterwards
    const again = runCli(['--db', db, '--json', 'import', file, '--scheme', 'refrigerator-2026'], { timeoutMs: 300_000 });
    expect(again.status, again.stderr).toBe(0);
    expect(count(db)).toBe(200_000);
  }, 600_000);

  it('two concurrent imports into one store: the second waits or fails cleanly with exit 75, never corrupts', async () => {
    const a = join(dir, 'a.csv');
    const b = join(dir, 'b.csv');
    generate(a, 60_000);
    generate(b, 60_000, 7);
    const db = setup('busy.db');
    const first = exited(startCli(['--db', db, '--json', 'import', a, '--scheme', 'refrigerator-2026']));
    await new Promise((r) => setTimeout(r, 150));
    const second = exited(startCli(['--db', db, '--json', 'import', b, '--scheme', 'refrigerator-2026']));
    const [r1, r2] = await Promise.all([first, second]);
    for (const r of [r1, r2]) {
      expect([0, 75], r.stderr).toContain(r.code);
      const doc = JSON.parse(r.stdout);
      if (r.code === 75) expect(doc.error.code).toBe('E_DB_BUSY');
      else expect(doc.import.rejected).toBe(0);
    }
    expect(r1.code === 0 || r2.code === 0).toBe(true);
    expect(runCli(['--db', db, 'db', 'check']).status).toBe(0);
    const imports = new Database(db, { readonly: true }).prepare('SELECT sum(inserted + updated) AS n FROM imports').get() as { n: number };
    expect(count(db)).toBe(imports.n);
  }, 600_000);

  it('CLI fuzz: damaged files end in exit 0, 1 or 65 with one JSON document, never 70', () => {
    const db = setup('fuzz.db');
    const file = join(dir, 'fuzz.csv');
    generate(file, 40);
    const base = fs.readFileSync(file);
    let seed = 12345;
    const rnd = (n: number) => { seed = (seed * 1103515245 + 12345) & 0x7fffffff; return seed % n; };
    for (let k = 0; k < 8; k++) {
      const b = Buffer.from(base);
      for (let m = 0; m < 1 + rnd(6); m++) b[rnd(b.length)] = [0x22, 0x2c, 0x0a, 0xff, 0x80, 0x00, 0xe3][rnd(7)]!;
      const f = join(dir, `fuzz-${k}.csv`);
      fs.writeFileSync(f, b);
      const r = runCli(['--db', db, '--json', 'import', f, '--scheme', 'refrigerator-2026', ...(k % 2 ? ['--allow-partial'] : [])]);
      expect([0, 1, 65], r.stdout + r.stderr).toContain(r.status);
      const doc = json(r);
      if (r.status === 65) expect(doc.error.code).toMatch(/^E_/);
    }
    expect(runCli(['--db', db, 'db', 'check']).status).toBe(0);
  });
});
