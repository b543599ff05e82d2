/**
 * Spawns the BUILT CLI (bin/leader.js -> dist/) with stdin closed and NO_COLOR=1, as a user's script
 * would, and returns stdout, stderr and the exit status. Language defaults to Chinese unless the
 * test passes --lang or LEADER_LANG (the machine's LANG is not trusted).
 */
import { spawnSync, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

export const ROOT = resolve(import.meta.dirname, '../..');
export const BIN = join(ROOT, 'bin/leader.js');
export const SCHEMES = join(ROOT, 'schemes');
export const FIXTURES = join(ROOT, 'fixtures');
export const SHARED = resolve(ROOT, '../shared');

export interface CliResult { status: number | null; stdout: string; stderr: string; signal: NodeJS.Signals | null }

export interface CliOptions { cwd?: string; env?: Record<string, string | undefined>; input?: string | Buffer; timeoutMs?: number }

function cleanEnv(extra: Record<string, string | undefined> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: '1', LEADER_LANG: 'zh' };
  for (const k of ['LANG', 'LC_ALL', 'LC_MESSAGES', 'FORCE_COLOR', 'LEADER_DB', 'LEADER_NOW']) delete env[k];
  for (const [k, v] of Object.entries(extra)) {
    if (v === undefined) delete env[k];
    else env[k] = v;
  }
  return env;
}

/** Runs `leader ...args` synchronously; stdin is closed unless `input` is given. */
export function runCli(args: string[], o: CliOptions = {}): CliResult {
  const r = spawnSync(process.execPath, [BIN, ...args], {
    cwd: o.cwd ?? ROOT,
    env: cleanEnv(o.env),
    input: o.input,
    stdio: [o.input === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'],
    encoding: 'utf8',
    timeout: o.timeoutMs ?? 60_000,
    maxBuffer: 256 * 1024 * 1024,
  });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr, signal: r.signal };
}

/** Starts `leader ...args` in the background (for concurrency and SIGKILL tests). */
export function startCli(args: string[], o: CliOptions = {}) {
  return spawn(process.execPath, [BIN, ...args], { cwd: o.cwd ?? ROOT, env: cleanEnv(o.env), stdio: ['ignore', 'pipe', 'pipe'] });
}

/** Parses stdout as the one JSON document of --json mode (throws with the output if it is not). */
export function json<T = any>(r: CliResult): T {
  try {
    return JSON.parse(r.stdout) as T;
  } catch {
    throw new Error(`stdout is not one JSON document:\n${r.stdout}\n--- stderr:\n${r.stderr}`);
  }
}

/** A fresh temporary folder, removed by the returned cleanup. */
export function tempDir(prefix = 'leader-test-'): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}
