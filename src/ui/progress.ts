/**
 * A one-line progress indicator on stderr, only on a TTY and never in --json (taze: the core
 * reports progress through callbacks, only the command draws).
 */
import type { Output } from './output.js';

export interface Progress {
  update(done: number, total?: number): void;
  stop(): void;
}

const noop: Progress = { update() {}, stop() {} };

export function createProgress(out: Output, label: string, minIntervalMs = 100): Progress {
  const stream = out.interactiveStderr;
  if (!stream) return noop;
  let last = 0;
  let shown = false;
  return {
    update(done, total) {
      const now = Date.now();
      if (now - last < minIntervalMs) return;
      last = now;
      shown = true;
      const pct = total ? ` ${Math.floor((100 * done) / total)}%` : '';
      const width = 24;
      const bar = total ? '[' + '#'.repeat(Math.round((width * done) / total)).padEnd(width, '.') + ']' : '';
      stream.write(`\r${label} ${bar}${pct} ${done.toLocaleString('en-US')}${total ? '/' + total.toLocaleString('en-US') : ''}\x1b[K`);
    },
    stop() {
      if (shown) stream.write('\r\x1b[K');
    },
  };
}
