/**
 * `npm run bench`: generates deterministic data at 50,000 and 1,000,000 rows in a temporary folder,
 * measures the built `leader` (import, rank, the whole pipeline, start-up) against reference programs
 * run in the same session (the sqlite3 shell's `.import`, `node -e 0`), prints one table and writes
 * the results as JSON. Never passes or fails on a time: exit 0 unless the bench itself broke.
 */
import { spawnSync } from 'node:child_process';
import { closeSync, copyFileSync, existsSync, fsyncSync, mkdtempSync, openSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { arch, cpus, loadavg, platform, release, tmpdir, totalmem } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import Table from 'cli-table3';
import { BENCH_SCHEME_ID, floorTableSql, writeBenchCsv, writeBenchScheme } from './generate.js';
import { killRunning, measure, median, memoryMethod, type RunSpec, type Sample } from './measure.js';

const ROOT = resolve(import.meta.dirname, '../..');
const BIN = join(ROOT, 'bin/leader.js');

// ---------------------------------------------------------------------------------------------
// Options

interface Options {
  quick: boolean;
  out: string;
  seed: number;
  runs: number;
  runs1m: number;
  runsStartup: number;
  keep: boolean;
  timeoutMs: number;
}

const USAGE = `Usage: npm run bench -- [options]

  --quick            only the 50,000-row part (and start-up)
  --out <file>       where to write the JSON results (default bench-results.json)
  --seed <n>         seed of the synthetic data (default 20260630)
  --runs <n>         runs per measurement at 50,000 rows (default 5; start-up: 2n)
  --runs-1m <n>      runs per measurement at 1,000,000 rows (default 3)
  --timeout <s>      give up on one command after this many seconds (default 900)
  --keep             keep the temporary folder (data, databases) and print its path
  -h, --help         this help`;

function parseOptions(argv: string[]): Options | null {
  const { values } = parseArgs({
    args: argv,
    options: {
      quick: { type: 'boolean', default: false },
      out: { type: 'string', default: 'bench-results.json' },
      seed: { type: 'string', default: '20260630' },
      runs: { type: 'string', default: '5' },
      'runs-1m': { type: 'string', default: '3' },
      timeout: { type: 'string', default: '900' },
      keep: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
    strict: true,
  });
  if (values.help) return null;
  const positive = (name: string, v: string) => {
    const n = Number(v);
    if (!Number.isInteger(n) || n < 1) throw new Error(`--${name} must be a positive integer, got ${JSON.stringify(v)}`);
    return n;
  };
  const runs = positive('runs', values.runs);
  return {
    quick: values.quick, out: resolve(values.out), seed: positive('seed', values.seed), runs,
    runs1m: positive('runs-1m', values['runs-1m']), runsStartup: runs * 2, keep: values.keep,
    timeoutMs: positive('timeout', values.timeout) * 1000,
  };
}

// ---------------------------------------------------------------------------------------------
// Results

/** One measured thing: medians over `runs`, or why it could not be measured. */
interface Stat {
  seconds: number | null;
  /** the highest peak RSS over the runs */
  peakRssMiB: number | null;
  runs: number;
  samples: number[];
  unavailable?: string;
  /** runs that failed after at least one succeeded (a shared machine, a tree being rebuilt) */
  failures?: string[];
}

interface ImportStat extends Stat {
  rows: number;
  rowsPerSecond: number | null;
  sqliteSeconds: number | null;
  sqlitePeakRssMiB: number | null;
  sqliteRowsPerSecond: number | null;
  /** ours / floor */
  ratio: number | null;
  sqliteUnavailable?: string;
  /** the import's own counts from --json (last run) */
  counts?: Record<string, unknown>;
}

interface PipelineStat extends Stat {
  steps: Record<'import' | 'rank' | 'shortlist' | 'export', number | null>;
}

interface StartupStat extends Stat {
  nodeSeconds: number | null;
  nodePeakRssMiB: number | null;
  ratio: number | null;
}

interface TargetResult {
  id: string;
  target: string;
  limit: number;
  measured: number | null;
  unit: string;
  met: boolean | null;
  missedByPercent: number | null;
}

function unavailable(reason: string, runs = 0): Stat {
  return { seconds: null, peakRssMiB: null, runs, samples: [], unavailable: reason };
}

function summarise(samples: Sample[]): Stat {
  const peaks = samples.map((s) => s.peakRssMiB).filter((v): v is number => v !== null);
  return {
    seconds: median(samples.map((s) => s.seconds)),
    peakRssMiB: peaks.length ? Math.max(...peaks) : null,
    runs: samples.length,
    samples: samples.map((s) => round(s.seconds, 4) ?? s.seconds),
  };
}

/** Why a run failed, from the --json error document, else stderr; null when it succeeded. */
function failure(s: Sample, timeoutMs: number): string | null {
  if (s.timedOut) return `timed out after ${timeoutMs / 1000} s`;
  if (s.status === 0) return null;
  if (!s.stdoutTruncated) try {
    const doc = JSON.parse(s.stdout) as { error?: { code?: string; message?: string } };
    if (doc.error) return oneLine(`exit ${s.status}: ${doc.error.code ?? ''} ${doc.error.message ?? ''}`);
  } catch { /* not JSON */ }
  const lines = s.stderr.trim().split('\n').filter((l) => l.trim() !== '');
  const last = lines.length ? lines.slice(-2).join(' / ') : s.stdout.trim().split('\n').slice(-1)[0] ?? '';
  return oneLine(`${s.signal ? `signal ${s.signal}` : `exit ${s.status}`}${last ? `: ${last}` : ''}`);
}

function oneLine(s: string): string {
  return s.replace(/\s*\n\s*/g, ' ').trim().slice(0, 300);
}

function parseJson(s: Sample): Record<string, any> | null {
  if (s.stdoutTruncated) return null;
  try { return JSON.parse(s.stdout) as Record<string, any>; } catch { return null; }
}

function round(v: number | null, digits: number): number | null {
  if (v === null || !Number.isFinite(v)) return null;
  const f = 10 ** digits;
  return Math.round(v * f) / f;
}

// ---------------------------------------------------------------------------------------------
// The commands

function childEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: '1', LEADER_LANG: 'en' };
  for (const k of ['LEADER_DB', 'LEADER_NOW', 'FORCE_COLOR', 'NODE_OPTIONS']) delete env[k];
  return env;
}

class Bench {
  readonly env = childEnv();
  sqliteVersion: string | null = null;

  constructor(readonly o: Options, readonly dir: string) {
    const r = spawnSync('sqlite3', ['-version'], { encoding: 'utf8' });
    if (r.status === 0) this.sqliteVersion = r.stdout.trim().split(' ').slice(0, 2).join(' ');
  }

  /** `leader` with a store, `--json` (unless `json` is false: what a person types) and English messages. */
  leader(db: string | null, args: string[], json = true): RunSpec {
    const globals = db === null ? [] : ['--db', db, ...(json ? ['--json'] : []), '--lang', 'en'];
    return { command: process.execPath, args: [BIN, ...globals, ...args], cwd: this.dir, env: this.env, timeoutMs: this.o.timeoutMs };
  }

  run(spec: RunSpec): Promise<Sample> {
    return measure(spec);
  }

  /** A fresh store holding the bench scheme; returns why not when `scheme add` fails. */
  async freshStore(db: string): Promise<string | null> {
    for (const suffix of ['', '-wal', '-shm']) rmSync(db + suffix, { force: true });
    const s = await this.run(this.leader(db, ['scheme', 'add', join(this.dir, 'scheme.json')]));
    const f = failure(s, this.o.timeoutMs);
    return f === null ? null : `scheme add failed (${f})`;
  }

  async startup(): Promise<StartupStat> {
    const ours: Sample[] = [];
    const node: Sample[] = [];
    for (let i = 0; i < this.o.runsStartup; i++) {
      node.push(await this.run({ command: process.execPath, args: ['-e', '0'], env: this.env, timeoutMs: 60_000 }));
      const s = await this.run({ ...this.leader(null, ['--version']), cwd: ROOT });
      const f = failure(s, 60_000);
      if (f) return { ...unavailable(`leader --version: ${f}`), nodeSeconds: null, nodePeakRssMiB: null, ratio: null };
      ours.push(s);
    }
    const a = summarise(ours);
    const b = summarise(node);
    return { ...a, nodeSeconds: b.seconds, nodePeakRssMiB: b.peakRssMiB, ratio: a.seconds !== null && b.seconds ? a.seconds / b.seconds : null };
  }

  /** `leader import` `runs` times into fresh stores; the last store is kept at `keepDb` for rank. */
  async importStat(label: string, csv: string, rows: number, runs: number, keepDb: string): Promise<ImportStat> {
    const samples: Sample[] = [];
    const failures: string[] = [];
    let counts: Record<string, unknown> | undefined;
    let reason: string | undefined;
    for (let i = 0; i < runs && !reason; i++) {
      const db = join(this.dir, `import-${label}.db`);
      const setup = await this.freshStore(db);
      if (setup) { reason = setup; break; }
      progress(`import ${label}: run ${i + 1}/${runs}`);
      const s = await this.run(this.leader(db, ['import', csv, '--scheme', BENCH_SCHEME_ID]));
      const f = failure(s, this.o.timeoutMs);
      if (f) {
        // A command that fails from the start is unavailable; a later failure is noted and the runs go on.
        if (samples.length === 0) { reason = f; break; }
        failures.push(f);
        progress(`  failed: ${f}`);
        continue;
      }
      samples.push(s);
      counts = parseJson(s)?.import as Record<string, unknown> | undefined;
      progress(`  ${s.seconds.toFixed(2)} s, ${s.peakRssMiB?.toFixed(0) ?? '?'} MiB`);
      moveDb(db, keepDb);
    }
    const base: Stat = reason ? unavailable(reason, samples.length) : withFailures(summarise(samples), failures);
    const floor = await this.floorStat(label, csv, rows, runs);
    return {
      ...base,
      rows,
      rowsPerSecond: base.seconds ? rows / base.seconds : null,
      sqliteSeconds: floor.seconds,
      sqlitePeakRssMiB: floor.peakRssMiB,
      sqliteRowsPerSecond: floor.seconds ? rows / floor.seconds : null,
      ratio: base.seconds !== null && floor.seconds ? base.seconds / floor.seconds : null,
      ...(floor.unavailable ? { sqliteUnavailable: floor.unavailable } : {}),
      ...(counts ? { counts } : {}),
    };
  }

  /** The floor: the sqlite3 shell's `.import` of the same file into a typed STRICT table. */
  async floorStat(label: string, csv: string, rows: number, runs: number): Promise<Stat> {
    if (!this.sqliteVersion) return unavailable('sqlite3 is not installed (Debian/Ubuntu: apt-get install sqlite3)');
    const sqlFile = join(this.dir, 'floor.sql');
    writeFileSync(sqlFile, floorTableSql('standards'));
    const samples: Sample[] = [];
    const db = join(this.dir, `floor-${label}.db`);
    for (let i = 0; i < runs; i++) {
      for (const suffix of ['', '-wal', '-shm', '-journal']) rmSync(db + suffix, { force: true });
      progress(`sqlite3 .import ${label}: run ${i + 1}/${runs}`);
      const s = await this.run({
        command: 'sqlite3', args: ['-bail', db, `.read ${sqlFile}`, `.import --csv --skip 1 ${csv} standards`],
        cwd: this.dir, env: this.env, timeoutMs: this.o.timeoutMs,
      });
      const f = failure(s, this.o.timeoutMs) ?? (s.stderr.trim() ? `sqlite3: ${s.stderr.trim().split('\n')[0]}` : null);
      if (f) return unavailable(f, samples.length);
      samples.push(s);
    }
    const count = spawnSync('sqlite3', [db, 'SELECT count(*) FROM standards'], { encoding: 'utf8' });
    if (Number(count.stdout.trim()) !== rows) return unavailable(`sqlite3 imported ${count.stdout.trim()} rows, expected ${rows}`, samples.length);
    rmSync(db, { force: true });
    return summarise(samples);
  }

  /**
   * `leader <args>` on a fresh copy of an imported store, `runs` times: the median, and the last good
   * sample. `what` names it in progress lines and names the copy; `check` says what is wrong with a
   * sample the command itself did not fail on.
   */
  private async onCopies(what: string, label: string, importedDb: string, imported: Stat, runs: number, args: string[], json: boolean,
    check: (s: Sample) => string | null = () => null): Promise<{ stat: Stat; last?: Sample }> {
    if (imported.unavailable || !existsSync(importedDb)) return { stat: unavailable(`no imported store (import: ${imported.unavailable ?? 'missing'})`) };
    const samples: Sample[] = [];
    const failures: string[] = [];
    const db = join(this.dir, `${what}-${label}.db`);
    const clear = () => { for (const suffix of ['', '-wal', '-shm', '-journal']) rmSync(db + suffix, { force: true }); };
    for (let i = 0; i < runs; i++) {
      clear();
      copyDb(importedDb, db);
      progress(`${what} ${label}: run ${i + 1}/${runs}`);
      const s = await this.run(this.leader(db, args, json));
      const f = failure(s, this.o.timeoutMs) ?? check(s);
      if (f && samples.length === 0) { clear(); return { stat: unavailable(f, 0) }; }
      if (f) { failures.push(f); progress(`  failed: ${f}`); continue; }
      samples.push(s);
      progress(`  ${s.seconds.toFixed(2)} s, ${s.peakRssMiB?.toFixed(0) ?? '?'} MiB`);
    }
    clear();
    return { stat: withFailures(summarise(samples), failures), last: samples[samples.length - 1] };
  }

  /**
   * `leader import` of the same file again, into a copy of the imported store: every row is unchanged,
   * so this is the lookup path (an identity scan of the stored standards, then one lookup per row)
   * rather than the load. The memory target holds for it too.
   */
  async reimportStat(label: string, csv: string, rows: number, importedDb: string, imported: Stat, runs: number): Promise<Stat> {
    const unchanged = (s: Sample): string | null => {
      const counts = parseJson(s)?.import as { unchanged?: number } | undefined;
      return counts?.unchanged === rows ? null : `expected ${rows} unchanged rows, got ${counts?.unchanged ?? 'none'}`;
    };
    return (await this.onCopies('re-import', label, importedDb, imported, runs, ['import', csv, '--scheme', BENCH_SCHEME_ID], true, unchanged)).stat;
  }

  /** `leader rank` on a copy of an imported store, `runs` times. */
  async rankStat(label: string, importedDb: string, imported: Stat, runs: number): Promise<Stat & { counts?: Record<string, unknown> }> {
    // As a person runs it: the ranking table on stdout (--json would print every entry).
    const { stat, last } = await this.onCopies('rank', label, importedDb, imported, runs, ['rank', '--scheme', BENCH_SCHEME_ID], false);
    const counts = last ? summariseRank(last.stderr) : undefined;
    return { ...stat, ...(counts ? { counts } : {}) };
  }

  /** import -> rank -> shortlist -> export into a fresh store, `runs` times; seconds = the four walls summed. */
  async pipelineStat(csv: string, runs: number): Promise<PipelineStat> {
    const steps = { import: [] as number[], rank: [] as number[], shortlist: [] as number[], export: [] as number[] };
    const totals: Sample[] = [];
    const failures: string[] = [];
    const noSteps = { import: null, rank: null, shortlist: null, export: null };
    for (let i = 0; i < runs; i++) {
      const db = join(this.dir, 'pipeline.db');
      const outDir = join(this.dir, 'pipeline-export');
      rmSync(outDir, { recursive: true, force: true });
      const setup = await this.freshStore(db);
      if (setup && totals.length === 0) return { ...unavailable(setup, 0), steps: noSteps };
      if (setup) { failures.push(setup); continue; }
      progress(`pipeline 50k: run ${i + 1}/${runs}`);
      const run: Array<[keyof typeof steps, Sample]> = [];
      const step = async (name: keyof typeof steps, args: string[], json = true): Promise<Sample | string> => {
        const s = await this.run(this.leader(db, args, json));
        const f = failure(s, this.o.timeoutMs);
        if (f) return `${name}: ${f}`;
        run.push([name, s]);
        return s;
      };
      let r = await step('import', ['import', csv, '--scheme', BENCH_SCHEME_ID]);
      if (typeof r !== 'string') r = await step('rank', ['rank', '--scheme', BENCH_SCHEME_ID], false);
      let shortlistId: unknown;
      if (typeof r !== 'string') {
        r = await step('shortlist', ['shortlist', '--scheme', BENCH_SCHEME_ID]);
        if (typeof r !== 'string') {
          shortlistId = findShortlistId(parseJson(r));
          if (shortlistId === undefined) r = 'shortlist: no shortlist id in its --json output';
        }
      }
      if (typeof r !== 'string') r = await step('export', ['export', '--shortlist', String(shortlistId), '--out', outDir]);
      if (typeof r === 'string' && totals.length === 0) return { ...unavailable(r, 0), steps: noSteps };
      if (typeof r === 'string') { failures.push(r); progress(`  failed: ${r}`); continue; }
      for (const [name, s] of run) steps[name].push(s.seconds);
      const seconds = run.reduce((a, [, s]) => a + s.seconds, 0);
      const peaks = run.map(([, s]) => s.peakRssMiB).filter((v): v is number => v !== null);
      totals.push({ ...run[0]![1], seconds, peakRssMiB: peaks.length ? Math.max(...peaks) : null });
      progress(`  ${seconds.toFixed(2)} s (${run.map(([n, s]) => `${n} ${s.seconds.toFixed(2)}`).join(', ')})`);
    }
    rmSync(join(this.dir, 'pipeline-export'), { recursive: true, force: true });
    return {
      ...withFailures(summarise(totals), failures),
      steps: { import: median(steps.import), rank: median(steps.rank), shortlist: median(steps.shortlist), export: median(steps.export) },
    };
  }
}

function withFailures(s: Stat, failures: string[]): Stat {
  return failures.length ? { ...s, failures } : s;
}

/** Moves a closed SQLite store (and its WAL, if one was left behind), replacing `to`. */
function moveDb(from: string, to: string): void {
  for (const suffix of ['', '-wal', '-shm']) rmSync(to + suffix, { force: true });
  renameSync(from, to);
  if (existsSync(from + '-wal')) renameSync(from + '-wal', to + '-wal');
  rmSync(from + '-shm', { force: true });
}

/**
 * Copies a closed SQLite store (and its WAL, if one was left behind), flushed to disk: otherwise the
 * first fsync of the measured command (its checkpoint on close) pays for writing the whole copy.
 */
function copyDb(from: string, to: string): void {
  for (const suffix of ['', '-wal']) {
    if (suffix && !existsSync(from + suffix)) continue;
    copyFileSync(from + suffix, to + suffix);
    const fd = openSync(to + suffix, 'r+');
    try { fsyncSync(fd); } finally { closeSync(fd); }
  }
}

/** The shortlist id in `leader shortlist --json`: `shortlist.id`, else a top-level `id`/`shortlistId`. */
function findShortlistId(doc: Record<string, any> | null): unknown {
  if (!doc) return undefined;
  const s = doc.shortlist;
  if (s && typeof s === 'object' && (typeof s.id === 'number' || typeof s.id === 'string')) return s.id;
  return doc.shortlistId ?? doc.id;
}

/** The summary line `leader rank` prints on stderr (saved run, ranked and excluded counts). */
function summariseRank(stderr: string): Record<string, unknown> | undefined {
  const line = stderr.trim().split('\n').filter((l) => l.trim() !== '').pop();
  return line ? { summary: line.trim() } : undefined;
}

function progress(text: string): void {
  process.stderr.write(`[bench] ${text}\n`);
}

// ---------------------------------------------------------------------------------------------
// Targets (issue 8) and the table

function target(id: string, text: string, limit: number, measured: number | null, unit: string): TargetResult {
  const met = measured === null ? null : measured <= limit;
  return {
    id, target: text, limit, measured: round(measured, 4), unit, met,
    missedByPercent: measured === null || met ? null : round((measured / limit - 1) * 100, 1),
  };
}

function verdict(t: TargetResult | undefined): string {
  if (!t) return '';
  if (t.met === null) return 'n/a';
  return t.met ? 'met' : `missed by ${t.missedByPercent}%`;
}

const f2 = (v: number | null | undefined, d = 2) => (v === null || v === undefined ? '-' : v.toFixed(d));
const int = (v: number | null | undefined) => (v === null || v === undefined ? '-' : Math.round(v).toLocaleString('en-US'));

interface Results {
  startup: StartupStat;
  import50k: ImportStat;
  import1m: ImportStat | { skipped: string };
  reimport1m: Stat | { skipped: string };
  rank50k: Stat;
  rank1m: Stat | { skipped: string };
  pipeline50k: PipelineStat;
  targets: TargetResult[];
}

function computeTargets(r: Omit<Results, 'targets'>): TargetResult[] {
  const big = 'skipped' in r.import1m ? r.import50k : r.import1m;
  const bigLabel = 'skipped' in r.import1m ? '50k' : '1m';
  const out = [
    target(`import${bigLabel}.ratio`, 'import at most 3x sqlite3 .import', 3, big.ratio, 'x'),
    target(`import${bigLabel}.peakRssMiB`, 'import peak memory under 200 MiB', 200, big.peakRssMiB, 'MiB'),
  ];
  if (!('skipped' in r.reimport1m)) out.push(target('reimport1m.peakRssMiB', 'import peak memory under 200 MiB (re-import, every row unchanged)', 200, r.reimport1m.peakRssMiB, 'MiB'));
  if (!('skipped' in r.rank1m)) out.push(target('rank1m.seconds', 'rank 1M under 3 s', 3, r.rank1m.seconds, 's'));
  out.push(target('rank50k.seconds', 'rank 50k under 0.3 s', 0.3, r.rank50k.seconds, 's'));
  out.push(target('pipeline50k.seconds', 'pipeline 50k under 3 s', 3, r.pipeline50k.seconds, 's'));
  out.push(target('startup.ratio', 'leader --version under 2x node -e 0', 2, r.startup.ratio, 'x'));
  return out;
}

function renderResults(r: Results): { table: string; notes: string[] } {
  const t = (id: string) => r.targets.find((x) => x.id === id);
  const table = new Table({
    head: ['measurement', 'median s', 'peak RSS MiB', 'rows/s', 'reference', 'target', 'result'],
    style: { head: [], border: [] },
  });
  const notes: string[] = [];
  const cell = (s: Stat) => (s.unavailable ? 'unavailable' : f2(s.seconds, 3));
  const note = (what: string, s: Stat) => {
    if (s.unavailable) notes.push(`${what}: unavailable (${s.unavailable})`);
    for (const f of s.failures ?? []) notes.push(`${what}: one run failed and was left out of the median (${f})`);
  };

  table.push(['start-up: node -e 0', f2(r.startup.nodeSeconds, 3), f2(r.startup.nodePeakRssMiB, 0), '', '', '', '']);
  table.push(['start-up: leader --version', cell(r.startup), f2(r.startup.peakRssMiB, 0), '',
    r.startup.ratio === null ? '' : `${f2(r.startup.ratio)}x node`, '< 2x node', verdict(t('startup.ratio'))]);
  note('start-up', r.startup);

  const importRows = (label: string, s: ImportStat, targets: Array<TargetResult | undefined>) => {
    table.push([`import ${label}`, cell(s), f2(s.peakRssMiB, 0), int(s.rowsPerSecond),
      s.ratio === null ? '' : `${f2(s.ratio)}x sqlite3`,
      targets.length ? '<= 3x sqlite3; < 200 MiB' : '',
      targets.map(verdict).join('; ')]);
    table.push([`sqlite3 .import ${label} (floor)`, s.sqliteUnavailable ? 'unavailable' : f2(s.sqliteSeconds, 3),
      f2(s.sqlitePeakRssMiB, 0), int(s.sqliteRowsPerSecond), '', '', '']);
    note(`import ${label}`, s);
    if (s.sqliteUnavailable) notes.push(`sqlite3 .import ${label}: unavailable (${s.sqliteUnavailable})`);
  };
  const has1m = !('skipped' in r.import1m);
  importRows('50k', r.import50k, has1m ? [] : [t('import50k.ratio'), t('import50k.peakRssMiB')]);
  if (!('skipped' in r.import1m)) importRows('1M', r.import1m, [t('import1m.ratio'), t('import1m.peakRssMiB')]);
  if (!('skipped' in r.reimport1m)) {
    table.push(['re-import 1M (unchanged)', cell(r.reimport1m), f2(r.reimport1m.peakRssMiB, 0), int(r.reimport1m.seconds ? 1_000_000 / r.reimport1m.seconds : null),
      '', '< 200 MiB', verdict(t('reimport1m.peakRssMiB'))]);
    note('re-import 1M', r.reimport1m);
  }

  table.push(['rank 50k', cell(r.rank50k), f2(r.rank50k.peakRssMiB, 0), int(r.rank50k.seconds ? 50_000 / r.rank50k.seconds : null), '', '< 0.3 s', verdict(t('rank50k.seconds'))]);
  note('rank 50k', r.rank50k);
  if (!('skipped' in r.rank1m)) {
    table.push(['rank 1M', cell(r.rank1m), f2(r.rank1m.peakRssMiB, 0), int(r.rank1m.seconds ? 1_000_000 / r.rank1m.seconds : null), '', '< 3 s', verdict(t('rank1m.seconds'))]);
    note('rank 1M', r.rank1m);
  }
  const p = r.pipeline50k;
  table.push(['pipeline 50k', cell(p), f2(p.peakRssMiB, 0), '',
    p.unavailable ? '' : `import ${f2(p.steps.import)} + rank ${f2(p.steps.rank)} + shortlist ${f2(p.steps.shortlist)} + export ${f2(p.steps.export)}`,
    '< 3 s', verdict(t('pipeline50k.seconds'))]);
  note('pipeline 50k', p);
  return { table: table.toString(), notes };
}

// ---------------------------------------------------------------------------------------------

/** The machine, with its load averages at the start and end: other work on a shared machine skews every figure. */
async function machine(sqliteVersion: string | null, loadAtStart: number[]) {
  const c = cpus();
  return {
    cpuModel: c[0]?.model.trim() ?? 'unknown',
    cores: c.length,
    memoryMiB: Math.round(totalmem() / 1024 / 1024),
    node: process.version,
    os: `${platform()} ${release()} ${arch()}`,
    sqlite3: sqliteVersion,
    memoryMeasuredWith: await memoryMethod(),
    loadAverageAtStart: loadAtStart.map((v) => round(v, 2)),
    loadAverageAtEnd: loadavg().map((v) => round(v, 2)),
  };
}

async function main(argv: string[]): Promise<number> {
  let o: Options | null;
  try {
    o = parseOptions(argv);
  } catch (e) {
    process.stderr.write(`${(e as Error).message}\n\n${USAGE}\n`);
    return 2;
  }
  if (!o) { process.stdout.write(USAGE + '\n'); return 0; }
  if (!existsSync(join(ROOT, 'dist/cli.js'))) {
    process.stderr.write('dist/cli.js is missing: run `npm run build` first (npm run bench does).\n');
    return 2;
  }
  const dir = mkdtempSync(join(tmpdir(), 'leader-bench-'));
  const onSignal = () => { killRunning(); if (!o!.keep) rmSync(dir, { recursive: true, force: true }); process.exitCode = 130; process.exit(); };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  try {
    const bench = new Bench(o, dir);
    const started = new Date();
    const loadAtStart = loadavg();
    writeBenchScheme(join(dir, 'scheme.json'));
    const gen = (rows: number, name: string) => {
      const t0 = process.hrtime.bigint();
      const f = writeBenchCsv(join(dir, name), rows, o!.seed);
      progress(`generated ${rows.toLocaleString('en-US')} rows (${(f.bytes / 1024 / 1024).toFixed(1)} MiB) in ${(Number(process.hrtime.bigint() - t0) / 1e9).toFixed(1)} s`);
      return f.path;
    };
    const csv50k = gen(50_000, 'standards-50k.csv');
    const csv1m = o.quick ? null : gen(1_000_000, 'standards-1m.csv');

    progress(`start-up: ${o.runsStartup} runs each of node -e 0 and leader --version`);
    const startup = await bench.startup();

    const db50k = join(dir, 'imported-50k.db');
    const import50k = await bench.importStat('50k', csv50k, 50_000, o.runs, db50k);
    const rank50k = await bench.rankStat('50k', db50k, import50k, o.runs);
    const pipeline50k = await bench.pipelineStat(csv50k, o.runs);

    let import1m: Results['import1m'] = { skipped: '--quick' };
    let reimport1m: Results['reimport1m'] = { skipped: '--quick' };
    let rank1m: Results['rank1m'] = { skipped: '--quick' };
    if (csv1m) {
      const db1m = join(dir, 'imported-1m.db');
      import1m = await bench.importStat('1m', csv1m, 1_000_000, o.runs1m, db1m);
      // rank first, in the conditions of earlier benches (right after the imports and the floor)
      rank1m = await bench.rankStat('1m', db1m, import1m, o.runs1m);
      reimport1m = await bench.reimportStat('1m', csv1m, 1_000_000, db1m, import1m, o.runs1m);
    }

    const partial = { startup, import50k, import1m, reimport1m, rank50k, rank1m, pipeline50k };
    const results: Results = { ...partial, targets: computeTargets(partial) };
    const { table, notes } = renderResults(results);
    const doc = {
      bench: 1,
      date: started.toISOString(),
      quick: o.quick,
      seed: o.seed,
      runs: { rows50k: o.runs, rows1m: o.quick ? 0 : o.runs1m, startup: o.runsStartup },
      machine: await machine(bench.sqliteVersion, loadAtStart),
      ...roundDeep(results) as Results,
      notes,
    };
    const m = doc.machine;
    process.stdout.write(table + '\n');
    process.stdout.write(`machine: ${m.cpuModel}, ${m.cores} cores, ${(m.memoryMiB / 1024).toFixed(1)} GiB, node ${m.node}, ${m.os}, `
      + `sqlite3 ${m.sqlite3 ?? 'absent'}; load average ${m.loadAverageAtStart[0]} at start, ${m.loadAverageAtEnd[0]} at end\n`);
    for (const n of notes) process.stdout.write(`note: ${n}\n`);
    writeFileSync(o.out, JSON.stringify(doc, null, 2) + '\n');
    progress(`results written to ${o.out}${o.keep ? `; data kept in ${dir}` : ''}`);
    return 0;
  } finally {
    if (!o.keep) rmSync(dir, { recursive: true, force: true });
  }
}

/** Rounds every float in the results to 4 decimals for a readable JSON file. */
function roundDeep(v: unknown): unknown {
  if (typeof v === 'number') return Number.isInteger(v) ? v : round(v, 4);
  if (Array.isArray(v)) return v.map(roundDeep);
  if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, roundDeep(x)]));
  return v;
}

main(process.argv.slice(2)).then(
  (code) => { process.exitCode = code; },
  (e: unknown) => { process.stderr.write(`bench failed: ${(e as Error)?.stack ?? String(e)}\n`); process.exitCode = 70; },
);
