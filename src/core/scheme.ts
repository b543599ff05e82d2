/**
 * The evaluation scheme (评估方案) file format, scoring.md §1: a zod schema for the shape, then the
 * semantic rules zod cannot express (unique ids, monotone thresholds, levels named by the shortlist
 * rule exist). Pure: plain data in, a parsed scheme or a list of problems with JSON paths out.
 */
import { z } from 'zod';
import type { Scheme } from './scheme-model.js';
import { normaliseKey } from './scheme-model.js';
export type { Scheme, SchemeInput, Level, Indicator, CoreIndicator, BaselineIndicator } from './scheme-model.js';
export { normaliseKey, coreIndicators, baselineIndicators, totalDecimals, coreScoring, storedScheme } from './scheme-model.js';

export const ID_PATTERN = /^[a-z0-9][a-z0-9-]*$/;
const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, { message: 'date YYYY-MM-DD' });

const level = z.strictObject({
  id: z.string().regex(/^[A-Za-z0-9_-]+$/).describe('level id, e.g. base / advanced / leader'),
  name: z.string().min(1).describe('level name, e.g. 基准水平 / 先进水平 / 领跑水平'),
  points: z.number().describe('points awarded at this level'),
});

const indicatorCommon = {
  id: z.string().regex(/^[A-Za-z0-9_]+$/).describe('indicator id, also accepted as a CSV header'),
  name: z.string().min(1).describe('indicator name (指标名称), also accepted as a CSV header'),
  aliases: z.array(z.string().min(1)).optional().describe('other CSV headers for this indicator'),
  unit: z.string().optional().describe('unit; a value written with another unit is rejected'),
  decimals: z.number().int().min(0).max(10).optional()
    .describe('round values half-even to this many decimals before any comparison (default: as declared)'),
  reference: z.string().optional().describe('the reference standard clause the thresholds come from'),
};

const threshold = z.union([z.number(), z.string().min(1)]);

const coreIndicator = z.strictObject({
  ...indicatorCommon,
  role: z.literal('core'),
  type: z.enum(['higher', 'lower', 'grade']).describe('higher / lower is better, or an ordered grade'),
  weight: z.number().positive().describe('weight in the total (normalised by the sum of weights)'),
  scoring: z.enum(['levels', 'anchored', 'cohort']).optional().describe('default anchored'),
  grades: z.array(z.string().min(1)).min(2).optional().describe('grade names, best first (type grade)'),
  thresholds: z.record(z.string(), threshold).optional()
    .describe('one threshold per level id: a number, or a grade name for type grade'),
});

const baselineIndicator = z.strictObject({
  ...indicatorCommon,
  role: z.literal('baseline'),
  type: z.enum(['higher', 'lower', 'boolean']),
  limit: z.number().optional().describe('the limit a higher/lower baseline value must meet'),
});

const indicator = z.discriminatedUnion('role', [coreIndicator, baselineIndicator]);

export const schemeSchema = z.strictObject({
  $schema: z.string().optional(),
  id: z.string().regex(ID_PATTERN).describe('scheme id: lower-case letters, digits and "-"'),
  version: z.string().min(1).describe('a changed file with the same id and version is refused'),
  name: z.string().min(1),
  category: z.string().min(1).describe('product or service category (品类)'),
  year: z.number().int().min(2000).max(2100),
  cycleMonths: z.number().int().describe('evaluation cycle in months, 1..24'),
  cutoffDate: isoDate.optional().describe('standards made public after this date are ineligible'),
  body: z.strictObject({
    name: z.string().min(1).describe('evaluation body (评估机构)'),
    uscc: z.string().optional(),
  }),
  basis: z.array(z.strictObject({ code: z.string().min(1), title: z.string().optional() })).default([]),
  levels: z.array(level).min(1).describe('ordered low -> high'),
  indicators: z.array(indicator).min(1),
  scoring: z.strictObject({
    method: z.enum(['weighted-sum', 'topsis']).default('weighted-sum'),
    normalization: z.enum(['vector', 'minmax']).optional().describe('TOPSIS only; default vector'),
    decimals: z.number().int().min(0).max(10).optional().describe('default 2 (weighted-sum), 4 (topsis)'),
    missingCore: z.enum(['exclude', 'zero']).default('exclude'),
  }).default({ method: 'weighted-sum', missingCore: 'exclude' }),
  shortlist: z.strictObject({
    maxLeaders: z.number().int().min(1).optional(),
    maxShare: z.number().optional().describe('in (0, 1]'),
    minScore: z.number().optional(),
    requireAllCoreAtLeast: z.string().optional().describe('a level id'),
    minParticipants: z.number().int().min(0).optional(),
    maxPerEnterprise: z.number().int().min(1).optional(),
    tiePolicy: z.enum(['include-all', 'exclude-all']).default('include-all'),
  }).default({ tiePolicy: 'include-all' }),
});

/** A problem found in a scheme: a message code with arguments (wording lives in src/i18n). */
export interface SchemeProblem {
  path: string;
  code: SchemeProblemCode;
  params: Record<string, string | number>;
}
export type SchemeProblemCode =
  | 'SCHEME_MUST_EXCEED' | 'SCHEME_TYPE' | 'SCHEME_REQUIRED' | 'SCHEME_TOO_SMALL' | 'SCHEME_TOO_BIG' | 'SCHEME_ENUM'
  | 'SCHEME_UNKNOWN_KEY' | 'SCHEME_FORMAT' | 'SCHEME_INVALID'
  | 'SCHEME_DUPLICATE_ID' | 'SCHEME_DUPLICATE_HEADER' | 'SCHEME_CYCLE_MONTHS' | 'SCHEME_MAX_SHARE'
  | 'SCHEME_UNKNOWN_LEVEL' | 'SCHEME_THRESHOLD_MISSING' | 'SCHEME_THRESHOLD_TYPE'
  | 'SCHEME_NOT_MONOTONE' | 'SCHEME_GRADES_MISSING' | 'SCHEME_GRADES_UNEXPECTED' | 'SCHEME_UNKNOWN_GRADE'
  | 'SCHEME_POINTS_NOT_INCREASING' | 'SCHEME_LIMIT_MISSING' | 'SCHEME_LIMIT_UNEXPECTED'
  | 'SCHEME_NO_CORE' | 'SCHEME_NORMALIZATION' | 'SCHEME_DUPLICATE_GRADE';

/** `$.indicators[2].thresholds.base`, the JSONPath-like form users see. */
export function formatPath(path: ReadonlyArray<PropertyKey>): string {
  let out = '$';
  for (const p of path) {
    if (typeof p === 'number') out += `[${p}]`;
    else if (typeof p === 'string' && /^[A-Za-z_$][\w$]*$/.test(p)) out += `.${p}`;
    else out += `[${JSON.stringify(String(p))}]`;
  }
  return out;
}

function fromZodIssue(issue: z.core.$ZodIssue): SchemeProblem[] {
  const path = formatPath(issue.path);
  switch (issue.code) {
    case 'invalid_type':
      if (issue.input === undefined) return [{ path, code: 'SCHEME_REQUIRED', params: {} }];
      return [{ path, code: 'SCHEME_TYPE', params: { expected: String(issue.expected) } }];
    case 'too_small':
      if (issue.inclusive === false) return [{ path, code: 'SCHEME_MUST_EXCEED', params: { minimum: String(issue.minimum) } }];
      return [{ path, code: 'SCHEME_TOO_SMALL', params: { minimum: String(issue.minimum), origin: issue.origin } }];
    case 'too_big':
      return [{ path, code: 'SCHEME_TOO_BIG', params: { maximum: String(issue.maximum), origin: issue.origin } }];
    case 'invalid_value':
      return [{ path, code: 'SCHEME_ENUM', params: { values: issue.values.map((v) => JSON.stringify(v)).join(', ') } }];
    case 'unrecognized_keys':
      return issue.keys.map((k) => ({ path: formatPath([...issue.path, k]), code: 'SCHEME_UNKNOWN_KEY' as const, params: { key: k } }));
    case 'invalid_format':
      return [{ path, code: 'SCHEME_FORMAT', params: { format: issue.pattern ?? issue.format } }];
    case 'invalid_union':
      if (issue.errors.length === 0 && issue.discriminator) {
        const values = 'options' in issue && issue.options ? issue.options.map((o) => JSON.stringify(o)).join(', ') : '';
        const last = issue.path[issue.path.length - 1];
        return [{ path: formatPath(last === issue.discriminator ? issue.path : [...issue.path, issue.discriminator]), code: 'SCHEME_ENUM', params: { values } }];
      }
      // Report the branch that got furthest: the one with the fewest issues.
      if (issue.errors.length > 0) {
        const best = [...issue.errors].sort((a, b) => a.length - b.length)[0]!;
        return best.flatMap((sub) => fromZodIssue({ ...sub, path: [...issue.path, ...sub.path] } as z.core.$ZodIssue));
      }
      return [{ path, code: 'SCHEME_INVALID', params: { detail: issue.message } }];
    default:
      return [{ path, code: 'SCHEME_INVALID', params: { detail: issue.message } }];
  }
}

function semanticProblems(s: Scheme): SchemeProblem[] {
  const problems: SchemeProblem[] = [];
  const add = (path: PropertyKey[], code: SchemeProblemCode, params: Record<string, string | number> = {}) =>
    problems.push({ path: formatPath(path), code, params });

  if (s.cycleMonths < 1 || s.cycleMonths > 24) add(['cycleMonths'], 'SCHEME_CYCLE_MONTHS', { value: s.cycleMonths });

  const levelIds = new Set<string>();
  s.levels.forEach((l, i) => {
    if (levelIds.has(l.id)) add(['levels', i, 'id'], 'SCHEME_DUPLICATE_ID', { id: l.id });
    levelIds.add(l.id);
    if (i > 0 && !(l.points > s.levels[i - 1]!.points)) {
      add(['levels', i, 'points'], 'SCHEME_POINTS_NOT_INCREASING', { level: l.id });
    }
  });

  const ids = new Set<string>();
  const headers = new Map<string, string>();
  s.indicators.forEach((ind, i) => {
    const duplicateId = ids.has(ind.id);
    if (duplicateId) add(['indicators', i, 'id'], 'SCHEME_DUPLICATE_ID', { id: ind.id });
    ids.add(ind.id);
    const names: Array<[PropertyKey[], string]> = [
      ...(duplicateId ? [] : [[['indicators', i, 'id'], ind.id] as [PropertyKey[], string]]),
      [['indicators', i, 'name'], ind.name],
      ...(ind.aliases ?? []).map((a, j): [PropertyKey[], string] => [['indicators', i, 'aliases', j], a]),
    ];
    const own = new Set<string>();
    for (const [p, n] of names) {
      const key = normaliseKey(n);
      if (own.has(key)) continue;
      own.add(key);
      const other = headers.get(key);
      if (other !== undefined) add(p, 'SCHEME_DUPLICATE_HEADER', { header: n, other });
      else headers.set(key, ind.id);
    }

    if ((ind.role as string) !== 'core' && ind.role !== 'baseline') return; // reported by the shape check
    if (ind.role === 'baseline') {
      if ((ind.type === 'higher' || ind.type === 'lower') && ind.limit === undefined) {
        add(['indicators', i, 'limit'], 'SCHEME_LIMIT_MISSING', { id: ind.id });
      }
      if (ind.type === 'boolean' && ind.limit !== undefined) add(['indicators', i, 'limit'], 'SCHEME_LIMIT_UNEXPECTED', { id: ind.id });
      return;
    }

    // core
    if (ind.type === 'grade') {
      if (!ind.grades) add(['indicators', i, 'grades'], 'SCHEME_GRADES_MISSING', { id: ind.id });
      else {
        const seen = new Set<string>();
        ind.grades.forEach((g, j) => {
          const k = normaliseKey(g);
          if (seen.has(k)) add(['indicators', i, 'grades', j], 'SCHEME_DUPLICATE_GRADE', { grade: g });
          seen.add(k);
        });
      }
    } else if (ind.grades) {
      add(['indicators', i, 'grades'], 'SCHEME_GRADES_UNEXPECTED', { id: ind.id });
    }

    const thresholdsRequired = s.scoring.method === 'weighted-sum';
    if (!ind.thresholds) {
      if (thresholdsRequired) add(['indicators', i, 'thresholds'], 'SCHEME_THRESHOLD_MISSING', { level: s.levels.map((l) => l.id).join(', ') });
      return;
    }
    for (const key of Object.keys(ind.thresholds)) {
      if (!levelIds.has(key)) add(['indicators', i, 'thresholds', key], 'SCHEME_UNKNOWN_LEVEL', { level: key });
    }
    // Comparable values in level order, low -> high; "better" must strictly increase.
    let prev: { level: string; rank: number } | undefined;
    for (const l of s.levels) {
      const t = ind.thresholds[l.id];
      const path = ['indicators', i, 'thresholds', l.id];
      if (t === undefined) {
        add(path, 'SCHEME_THRESHOLD_MISSING', { level: l.id });
        prev = undefined;
        continue;
      }
      let rank: number | undefined;
      if (ind.type === 'grade') {
        if (typeof t !== 'string') { add(path, 'SCHEME_THRESHOLD_TYPE', { expected: 'grade' }); continue; }
        const idx = (ind.grades ?? []).findIndex((g) => normaliseKey(g) === normaliseKey(t));
        if (idx < 0) { if (ind.grades) add(path, 'SCHEME_UNKNOWN_GRADE', { grade: t }); continue; }
        rank = -idx; // best first in `grades`
      } else {
        if (typeof t !== 'number') { add(path, 'SCHEME_THRESHOLD_TYPE', { expected: 'number' }); continue; }
        rank = ind.type === 'higher' ? t : -t;
      }
      if (prev && !(rank > prev.rank)) {
        add(path, 'SCHEME_NOT_MONOTONE', { level: l.id, previous: prev.level, direction: ind.type });
      }
      prev = { level: l.id, rank };
    }
  });

  if (!s.indicators.some((ind) => ind.role === 'core')) add(['indicators'], 'SCHEME_NO_CORE');
  if (s.scoring.normalization !== undefined && s.scoring.method !== 'topsis') {
    add(['scoring', 'normalization'], 'SCHEME_NORMALIZATION');
  }
  const sl = s.shortlist;
  if (sl.requireAllCoreAtLeast !== undefined && !levelIds.has(sl.requireAllCoreAtLeast)) {
    add(['shortlist', 'requireAllCoreAtLeast'], 'SCHEME_UNKNOWN_LEVEL', { level: sl.requireAllCoreAtLeast });
  }
  if (sl.maxShare !== undefined && !(sl.maxShare > 0 && sl.maxShare <= 1)) {
    add(['shortlist', 'maxShare'], 'SCHEME_MAX_SHARE', { value: sl.maxShare });
  }
  return problems;
}

export type SchemeValidation =
  | { ok: true; scheme: Scheme }
  | { ok: false; problems: SchemeProblem[] };

/**
 * Validate a parsed JSON value as a scheme: every problem at once. Semantic checks run on the parts
 * that parsed, so a file with a type error and a non-monotone threshold reports both.
 */
export function validateScheme(input: unknown): SchemeValidation {
  const parsed = schemeSchema.safeParse(input);
  if (parsed.success) {
    const problems = semanticProblems(parsed.data);
    return problems.length ? { ok: false, problems } : { ok: true, scheme: parsed.data };
  }
  const problems = parsed.error.issues.flatMap(fromZodIssue);
  // Best effort: run semantic checks on a loose reading so all problems show at once.
  const loose = looseSchemeSchema.safeParse(input);
  if (loose.success) {
    const seen = new Set(problems.map((p) => p.path));
    for (const p of semanticProblems(loose.data as Scheme)) if (!seen.has(p.path)) problems.push(p);
  }
  return { ok: false, problems };
}

/** Only the fields the semantic checks read, with everything else tolerated. */
const looseSchemeSchema = z.object({
  cycleMonths: z.number().catch(12),
  levels: z.array(z.object({ id: z.string(), points: z.number().catch(0) }).loose()).catch([]),
  indicators: z.array(z.object({
    id: z.string().catch(''), name: z.string().catch(''), role: z.string(),
    type: z.string().catch(''), aliases: z.array(z.string()).optional().catch(undefined),
    grades: z.array(z.string()).optional().catch(undefined),
    thresholds: z.record(z.string(), z.unknown()).optional().catch(undefined),
    limit: z.number().optional().catch(undefined),
  }).loose()).catch([]),
  scoring: z.object({ method: z.string().catch('weighted-sum'), normalization: z.unknown().optional() }).loose()
    .catch({ method: 'weighted-sum' }).default({ method: 'weighted-sum' }),
  shortlist: z.object({ requireAllCoreAtLeast: z.string().optional().catch(undefined), maxShare: z.number().optional().catch(undefined) }).loose()
    .catch({}).default({}),
}).loose();

/** The JSON Schema committed as schemes/scheme.schema.json (guarded by a test). */
export function schemeJsonSchema(): unknown {
  return z.toJSONSchema(schemeSchema, { io: 'input', target: 'draft-2020-12' });
}
