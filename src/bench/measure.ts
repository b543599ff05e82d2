/**
 * Runs one command as a child process and measures it: wall time, and peak resident memory through
 * GNU `/usr/bin/time -f %M` when present, else by polling `/proc/<pid>/status` (VmHWM); plus the
 * median of several runs.
 */
import { spawn } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface Sample {
  seconds: number;
  /** peak resident set size in MiB, null when it could not be read */
  peakRssMiB: number | null;
  status: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  /** true when the run was killed for exceeding its timeout */
  timedOut: boolean;
  /** true when stdout exceeded the capture limit (only its beginning is kept) */
  stdoutTruncated: boolean;
}

const MAX_CAPTURE = 64 * 1024 * 1024;

export interface RunSpec {
  command: string;
  args: string[];
  cwd?: string;
  env?: NodeJS.ProcessEnv;
  /** killed (with its whole process group) after this many milliseconds */
  timeoutMs?: number;
}

const GNU_TIME = '/usr/bin/time';
let gnuTimeWorks: boolean | undefined;
/** process ids (= process group ids) of the commands running now */
const running = new Set<number>();

function killGroup(pid: number | undefined): void {
  if (pid === undefined) return;
  try { process.kill(-pid, 'SIGKILL'); } catch { /* already gone */ }
}

/** Kills every command still running (on Ctrl-C of the bench). */
export function killRunning(): void {
  for (const pid of running) killGroup(pid);
  running.clear();
}

/** Whether `/usr/bin/time -f %M -o file` works here (GNU time; BusyBox and BSD differ). */
async function hasGnuTime(): Promise<boolean> {
  if (gnuTimeWorks !== undefined) return gnuTimeWorks;
  gnuTimeWorks = false;
  if (!existsSync(GNU_TIME)) return false;
  const file = join(tmpdir(), `leader-bench-time-probe-${process.pid}`);
  try {
    const s = await spawnMeasured({ command: GNU_TIME, args: ['-f', '%M', '-o', file, process.execPath, '-e', '0'] }, false);
    gnuTimeWorks = s.status === 0 && /^\d+\s*$/m.test(readFileSync(file, 'utf8'));
  } catch {
    gnuTimeWorks = false;
  } finally {
    rmSync(file, { force: true });
  }
  return gnuTimeWorks;
}

/** How peak memory is measured on this machine (for the report). */
export async function memoryMethod(): Promise<string> {
  if (await hasGnuTime()) return '/usr/bin/time -f %M (max RSS)';
  return existsSync('/proc/self/status') ? '/proc/<pid>/status VmHWM, polled every 10 ms' : 'unavailable';
}

function readVmHwmKiB(pid: number): number | null {
  try {
    const m = /^VmHWM:\s+(\d+)\s+kB/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) : null;
  } catch {
    return null;
  }
}

function spawnMeasured(spec: RunSpec, pollProc: boolean): Promise<Sample & { polledKiB: number | null }> {
  return new Promise((resolvePromise, reject) => {
    const start = process.hrtime.bigint();
    // Its own process group, so that a timeout or Ctrl-C also reaches a grandchild under /usr/bin/time.
    const child = spawn(spec.command, spec.args, {
      cwd: spec.cwd, env: spec.env ?? process.env, stdio: ['ignore', 'pipe', 'pipe'], detached: true,
    });
    if (child.pid !== undefined) running.add(child.pid);
    let timedOut = false;
    const killer = spec.timeoutMs === undefined ? undefined : setTimeout(() => {
      timedOut = true;
      killGroup(child.pid);
    }, spec.timeoutMs);
    // Keep at most MAX_CAPTURE bytes of each stream (a ranking of a million standards on stdout would
    // not fit in one string); the rest is read and dropped, so the command is never blocked.
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    let outBytes = 0, errBytes = 0, truncated = false;
    child.stdout.on('data', (b: Buffer) => {
      if (outBytes + b.length <= MAX_CAPTURE) { out.push(b); outBytes += b.length; } else truncated = true;
    });
    child.stderr.on('data', (b: Buffer) => {
      if (errBytes + b.length <= MAX_CAPTURE) { err.push(b); errBytes += b.length; }
    });
    let polled: number | null = null;
    const poll = () => {
      const v = child.pid === undefined ? null : readVmHwmKiB(child.pid);
      if (v !== null && (polled === null || v > polled)) polled = v;
    };
    const timer = pollProc ? setInterval(poll, 10) : undefined;
    const done = () => {
      if (timer) clearInterval(timer);
      if (killer) clearTimeout(killer);
      if (child.pid !== undefined) running.delete(child.pid);
    };
    child.on('error', (e) => { done(); reject(e); });
    child.on('exit', done);
    child.on('close', (status, signal) => {
      const seconds = Number(process.hrtime.bigint() - start) / 1e9;
      resolvePromise({
        seconds, peakRssMiB: null, status, signal, timedOut, stdoutTruncated: truncated,
        stdout: Buffer.concat(out).toString('utf8'), stderr: Buffer.concat(err).toString('utf8'), polledKiB: polled,
      });
    });
  });
}

/** Runs the command once; wall time from spawn to exit, peak RSS of the command itself. */
export async function measure(spec: RunSpec): Promise<Sample> {
  if (await hasGnuTime()) {
    const file = join(tmpdir(), `leader-bench-time-${process.pid}-${Date.now()}`);
    try {
      const s = await spawnMeasured({ ...spec, command: GNU_TIME, args: ['-f', '%M', '-o', file, spec.command, ...spec.args] }, false);
      let kib: number | null = null;
      try {
        // GNU time writes "Command exited with non-zero status N" before the figure on failure.
        const lines = readFileSync(file, 'utf8').trim().split('\n');
        const n = Number(lines[lines.length - 1]);
        kib = Number.isFinite(n) ? n : null;
      } catch { /* no figure */ }
      const { polledKiB: _unused, ...rest } = s;
      return { ...rest, peakRssMiB: kib === null ? null : kib / 1024 };
    } finally {
      rmSync(file, { force: true });
    }
  }
  const s = await spawnMeasured(spec, existsSync('/proc/self/status'));
  const { polledKiB, ...rest } = s;
  return { ...rest, peakRssMiB: polledKiB === null ? null : polledKiB / 1024 };
}

/** The median (the mean of the two middle values for an even count); null for no values. */
export function median(values: number[]): number | null {
  if (values.length === 0) return null;
  const v = [...values].sort((a, b) => a - b);
  const mid = Math.floor(v.length / 2);
  return v.length % 2 ? v[mid]! : (v[mid - 1]! + v[mid]!) / 2;
}
