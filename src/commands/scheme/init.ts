/**
 * `leader scheme init`: the wizard. With a terminal it asks; with --from it copies a template and
 * applies --id/--name/--year/--scheme-version without asking. With neither a terminal nor --from it
 * fails at once naming the flags (never hangs on a closed or piped stdin).
 */
import { resolve } from 'node:path';
import { UsageError } from '../../core/errors.js';
import { validateScheme, ID_PATTERN, type SchemeInput } from '../../core/scheme.js';
import { parseJsonFile, readInputFile, writeOutputFile } from '../../io/files.js';
import type { Context, Handler } from '../../ui/context.js';
import { canPrompt, withCancel } from '../../ui/prompt.js';
import { describeProblems } from './read.js';

export const init: Handler = async (ctx, _args, opts) => {
  let draft: SchemeInput;
  if (opts.from) {
    draft = parseJsonFile(opts.from, readInputFile(opts.from)) as SchemeInput;
    if (opts.id) draft.id = opts.id;
    if (opts.name) draft.name = opts.name;
    if (opts.year) draft.year = Number(opts.year);
    draft.version = opts.schemeVersion ?? (opts.id ? '1.0.0' : draft.version);
  } else {
    if (!canPrompt(ctx)) throw new UsageError('E_SCHEME_INIT_NO_TTY');
    draft = await ask(ctx, opts);
  }
  const v = validateScheme(draft);
  if (!v.ok) {
    const problems = describeProblems(ctx, v.problems);
    if (!ctx.opts.json) for (const p of problems) ctx.out.note(`  ${p.path}: [${p.code}] ${p.message}`);
    throw new UsageError('E_SCHEME_INVALID', { file: opts.out ?? '-', count: problems.length }, { problems });
  }
  const out = resolve(ctx.cwd, opts.out ?? `${v.scheme.id}.json`);
  writeOutputFile(out, JSON.stringify({ $schema: './scheme.schema.json', ...draft }, null, 2) + '\n', { force: opts.force });
  ctx.out.info('I_SCHEME_WRITTEN', { file: opts.out ?? `${v.scheme.id}.json` });
  return { json: { file: out, scheme: { id: v.scheme.id, version: v.scheme.version } } };
};

async function ask(ctx: Context, opts: Record<string, any>): Promise<SchemeInput> {
  const { input, select, confirm, number } = await import('@inquirer/prompts');
  const io = { output: process.stderr };
  const t = ctx.out.t.bind(ctx.out);
  return withCancel(async () => {
    const id = opts.id ?? await input({ message: t('Q_SCHEME_ID'), validate: (s) => ID_PATTERN.test(s) }, io);
    const name = opts.name ?? await input({ message: t('Q_SCHEME_NAME'), validate: (s) => s.trim().length > 0 }, io);
    const category = await input({ message: t('Q_SCHEME_CATEGORY'), validate: (s) => s.trim().length > 0 }, io);
    const year = opts.year ? Number(opts.year) : (await number({ message: t('Q_SCHEME_YEAR'), default: new Date().getFullYear(), required: true }, io))!;
    const cycleMonths = (await number({ message: t('Q_SCHEME_CYCLE'), default: 12, min: 1, max: 24, required: true }, io))!;
    const bodyName = await input({ message: t('Q_SCHEME_BODY'), validate: (s) => s.trim().length > 0 }, io);
    const levels = [
      { id: 'base', name: '基准水平', points: 60 },
      { id: 'advanced', name: '先进水平', points: 80 },
      { id: 'leader', name: '领跑水平', points: 100 },
    ];
    const indicators: NonNullable<SchemeInput['indicators']> = [];
    do {
      const indId = await input({ message: t('Q_IND_ID'), validate: (s) => /^[A-Za-z0-9_]+$/.test(s) }, io);
      const indName = await input({ message: t('Q_IND_NAME'), validate: (s) => s.trim().length > 0 }, io);
      const type = await select({ message: t('Q_IND_TYPE'), choices: [
        { value: 'higher' as const, name: 'higher (越大越好)' },
        { value: 'lower' as const, name: 'lower (越小越好)' },
        { value: 'grade' as const, name: 'grade (等级)' },
      ] }, io);
      const weight = (await number({ message: t('Q_IND_WEIGHT'), default: 10, min: 0.0001, required: true }, io))!;
      const thresholds: Record<string, number | string> = {};
      let grades: string[] | undefined;
      let unit: string | undefined;
      if (type === 'grade') {
        grades = (await input({ message: t('Q_IND_GRADES'), default: '1级,2级,3级,4级,5级' }, io)).split(/[,，、]/).map((s) => s.trim()).filter(Boolean);
        for (const l of levels) thresholds[l.id] = await select({ message: t('Q_IND_THRESHOLD', { level: l.name }), choices: grades.map((g) => ({ value: g })) }, io);
      } else {
        unit = (await input({ message: t('Q_IND_UNIT') }, io)).trim() || undefined;
        for (const l of levels) thresholds[l.id] = (await number({ message: t('Q_IND_THRESHOLD', { level: l.name }), required: true, step: 'any' }, io))!;
      }
      indicators.push({ id: indId, name: indName, role: 'core', type, weight, scoring: 'anchored', thresholds, ...(grades ? { grades } : {}), ...(unit ? { unit } : {}) });
    } while (await confirm({ message: t('Q_SCHEME_INDICATOR_MORE'), default: false }, io));
    return {
      id, version: opts.schemeVersion ?? '1.0.0', name, category, year, cycleMonths,
      body: { name: bodyName }, basis: [], levels, indicators,
      scoring: { method: 'weighted-sum', decimals: 2, missingCore: 'exclude' },
      shortlist: { maxShare: 0.2, minParticipants: 3, maxPerEnterprise: 1, tiePolicy: 'include-all' },
    };
  });
}
