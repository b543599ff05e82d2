/**
 * Tried as a new user would, with stdin closed: every command and subcommand, run bare (no
 * arguments) and with --json, ends on its own with a usage/input error or a result, never a hang
 * and never an internal error (exit 70). The list of commands is read from --help, so a new
 * command is covered as soon as it is registered.
 */
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli, tempDir } from '../helpers/cli.js';

const tmp = tempDir();
afterAll(() => tmp.cleanup());

function commandsOf(path: string[]): string[] {
  const help = runCli(['--lang', 'en', ...path, '--help']).stdout;
  // Only the "Commands:" block (it ends at the first blank line), so other indented help text is never taken for a command.
  const section = help.split(/^Commands:$/m)[1]?.split(/\n\s*\n/)[0];
  if (!section) return [];
  return [...section.matchAll(/^ {2}([a-z][a-z-]*)/gm)].map((m) => m[1]!).filter((c) => c !== 'help');
}

function allCommands(): string[][] {
  const out: string[][] = [];
  const walk = (path: string[]) => {
    if (path.length >= 3) return;
    for (const c of commandsOf(path)) {
      const p = [...path, c];
      out.push(p);
      walk(p);
    }
  };
  walk([]);
  return out;
}

describe('no command hangs or crashes with stdin closed', () => {
  const commands = allCommands();
  it('finds the commands', () => expect(commands.length).toBeGreaterThan(3));
  it.each(commands.map((c) => [c.join(' ')]))('leader %s (bare, and with --json)', (name) => {
    const db = join(tmp.dir, `${name.replace(/\W+/g, '-')}.db`);
    for (const extra of [[], ['--json']]) {
      const r = runCli(['--db', db, ...extra, ...name.split(' ')], { cwd: tmp.dir, timeoutMs: 20_000 });
      expect(r.signal, `${name} ${extra} was killed (hang?)\n${r.stderr}`).toBeNull();
      expect(r.status, `${name} ${extra}: internal error\n${r.stderr}${r.stdout}`).not.toBe(70);
      if (extra.length) expect(() => JSON.parse(r.stdout), `${name} --json stdout: ${r.stdout}\n${r.stderr}`).not.toThrow();
    }
  });
});
