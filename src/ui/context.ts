/**
 * What every command receives: the global options, the output, and lazy access to the store.
 * Commands are thin: options -> store/io -> core -> ui. They return the JSON payload; src/cli.ts
 * prints it (`{"ok":true,…}`) and sets the exit code: the one place that exits.
 */
import type { Command } from 'commander';
import type { Lang } from '../i18n/index.js';
import { Output } from './output.js';

export interface GlobalOptions {
  db: string;
  json: boolean;
  lang: Lang;
  yes: boolean;
  color: boolean;
  quiet: boolean;
}

export interface Context {
  opts: GlobalOptions;
  out: Output;
  env: NodeJS.ProcessEnv;
  cwd: string;
}

/** What a command hands back: the --json payload (merged after `ok`) and an exit code 0 or 1. */
export interface CommandResult {
  json?: Record<string, unknown>;
  /** 1 when the command finished but the domain reports failures; default 0. */
  exitCode?: 0 | 1;
}

export type Handler = (ctx: Context, args: string[], opts: Record<string, any>) => Promise<CommandResult | void>;

export function createContext(g: GlobalOptions, env: NodeJS.ProcessEnv = process.env): Context {
  return {
    opts: g,
    out: new Output({ lang: g.lang, json: g.json, quiet: g.quiet, color: g.color }, process.stdout, process.stderr, env),
    env,
    cwd: process.cwd(),
  };
}

/** Set by the action wrapper, read by src/cli.ts after parsing. */
export const outcome: { ctx?: Context; result?: CommandResult } = {};

/**
 * A command and its subcommands that share option names (`rank`: --scheme, --csv, --force, --limit;
 * `shortlist`: --limit): commander hands such an option to the parent even after the subcommand's
 * name, so the subcommand reads both.
 */
export function withParentOptions(parent: Command, load: () => Promise<Handler>): () => Promise<Handler> {
  return async () => {
    const h = await load();
    return (ctx, args, opts) => h(ctx, args, { ...parent.opts(), ...opts });
  };
}

/**
 * Attach a lazily loaded handler to a command: the module is imported only when the command runs,
 * so `leader --version` does not load the database driver, zod or csv-parse.
 */
export function lazyAction(cmd: Command, load: () => Promise<Handler>): Command {
  return cmd.action(async (...all: unknown[]) => {
    const self = all[all.length - 1] as Command;
    const g = self.optsWithGlobals() as Record<string, any>;
    const ctx = createContext(globalsFrom(g));
    outcome.ctx = ctx;
    const handler = await load();
    const args = (self.processedArgs as unknown[]).map((a) => (a === undefined ? undefined : a)) as string[];
    outcome.result = (await handler(ctx, args, self.opts())) ?? {};
  });
}

export function globalsFrom(g: Record<string, any>, env: NodeJS.ProcessEnv = process.env): GlobalOptions {
  return {
    db: g.db ?? env.LEADER_DB ?? 'leader.db',
    json: Boolean(g.json),
    lang: g.lang as Lang,
    yes: Boolean(g.yes),
    color: g.color !== false,
    quiet: Boolean(g.quiet),
  };
}

/** A description in the user's language. */
export function d(lang: Lang, zh: string, en: string): string {
  return lang === 'zh' ? zh : en;
}

/** The "Examples" block every command's --help ends with. */
export function examples(lang: Lang, lines: Array<[string, string, string]>): string {
  const head = lang === 'zh' ? '\n示例：' : '\nExamples:';
  return [head, ...lines.map(([cmd, zh, en]) => `  $ ${cmd}\n      ${lang === 'zh' ? zh : en}`)].join('\n');
}
