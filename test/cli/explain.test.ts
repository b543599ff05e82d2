import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { json, runCli, tempDir } from '../helpers/cli.js';
import { seedRankFixtureStore } from '../helpers/rank-data.js';

let dir: string;
let cleanup: () => void;
let db: string;
const cli = (args: string[]) => runCli(['--db', db, ...args], { cwd: dir });

beforeAll(() => {
  ({ dir, cleanup } = tempDir());
  db = join(dir, 'l.db');
  seedRankFixtureStore(cli);
  expect(cli(['rank', '--scheme', 'rank-fixture', '--as-of', '2026-07-15']).status).toBe(0);
});
afterAll(() => cleanup());

describe('leader explain', () => {
  test('--json: contributions sum exactly to the unrounded total; rank, tie, neighbours, cut, improvement, sensitivity', () => {
    const r = cli(['explain', 'Q/D 004-2026', '--json']);
    expect(r.status).toBe(0);
    const e = json(r).explanation;
    expect(e.eligible).toBe(true);
    expect(e.total).toMatchObject({ exact: '82', rounded: '82.00', contributionsSum: '82' });
    expect(e.indicators.map((i: any) => [i.id, i.raw, i.rounded, i.level?.id, i.contribution.decimal])).toEqual([
      ['efficiency', '82.5', '82.5', 'base', '28'], ['noise', '35', '35', 'leader', '20'], ['grade', 'A', 'A', 'leader', '10'], ['life', '1500', '1500', 'advanced', '24'],
    ]);
    expect(e.rank).toBe(4);
    expect(e.tiedWith.map((x: any) => x.standardNo)).toEqual(['Q/E 005-2026']);
    expect(e.above.distance).toBe('1.00');
    expect(e.shortlistCut).toMatchObject({ cap: 3, total: '83.00', approximate: true });
    expect(e.improvements.find((i: any) => i.indicator === 'efficiency')).toMatchObject({ to: '83.2', newRank: 3 });
    expect(e.sensitivity.range10.min).toBeGreaterThanOrEqual(1);
  });
  test('a banned enterprise: the gate shows the revocation id and dates (human, English)', () => {
    const r = cli(['explain', 'Q/X 103-2026', '--lang', 'en']);
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('the enterprise lost a leader title and is within its three-year ban [ENTERPRISE_BANNED]');
    expect(r.stdout).toMatch(/revocation #1 \(fraud\), from 2024-03-01 until 2027-03-01 \(exclusive\)/);
    const doc = json(cli(['explain', 'Q/X 103-2026', '--json']));
    expect(doc.explanation.gates.find((g: any) => g.gate === 'ban').bans[0]).toMatchObject({ revocationId: 1, date: '2024-03-01', banUntil: '2027-03-01' });
  });
  test('human output names the interpolation and calls the shortlist cut approximate', () => {
    const r = cli(['explain', 'q/b 002-2026', '--lang', 'en']);
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('80 + (100 - 80) × (87.4 - 85.0) / (90.0 - 85.0)');
    expect(r.stdout).toContain('approximate');
    expect(r.stdout).toContain('`leader shortlist` decides');
    expect(r.stdout).toMatch(/total = Σ contributions = 2096\/25 = 83\.84/);
  });
  test('unknown standard or run: exit 66', () => {
    expect(cli(['explain', 'Q/NOPE 1-2026']).status).toBe(66);
    expect(cli(['explain', 'Q/D 004-2026', '--run', '42']).status).toBe(66);
    expect(cli(['explain', 'Q/D 004-2026', '--run', 'x']).status).toBe(2);
  });
});
