/**
 * Prompts: only when stdin and stderr are TTYs and neither --yes nor --json is given; otherwise a
 * clear error naming the flag (@inquirer/prompts would hang on an open pipe). Prompts go to stderr.
 */
import { CancelledError, UsageError } from '../core/errors.js';
import type { Context } from './context.js';

export function canPrompt(ctx: Context): boolean {
  return Boolean(process.stdin.isTTY && process.stderr.isTTY) && !ctx.opts.yes && !ctx.opts.json;
}

/** Confirm a change: `--yes` says yes; without a terminal it fails naming `--yes`. */
export async function confirmOrFail(ctx: Context, message: string): Promise<void> {
  if (ctx.opts.yes) return;
  if (!canPrompt(ctx)) throw new UsageError('E_TTY_REQUIRED', { flags: '--yes' });
  const { confirm } = await import('@inquirer/prompts');
  const ok = await withCancel(() => confirm({ message, default: false }, { output: process.stderr }));
  if (!ok) throw new CancelledError();
}

/** Runs an inquirer prompt and turns Ctrl-C (ExitPromptError) into CancelledError. */
export async function withCancel<T>(ask: () => Promise<T>): Promise<T> {
  try {
    return await ask();
  } catch (e) {
    if (e instanceof Error && e.name === 'ExitPromptError') throw new CancelledError();
    throw e;
  }
}
