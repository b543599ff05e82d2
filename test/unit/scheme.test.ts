import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { formatPath, schemeJsonSchema, storedScheme, validateScheme } from '../../src/core/scheme.js';
import { FIXTURES, SCHEMES } from '../helpers/cli.js';

const load = (file: string) => JSON.parse(readFileSync(file, 'utf8'));
const fridge = () => load(join(SCHEMES, 'refrigerator-2026.json'));

function problems(input: unknown) {
  const v = validateScheme(input);
  if (v.ok) return [];
  return v.problems.map((p) => `${p.path} ${p.code}`);
}

describe('scheme validation (scoring.md §1)', () => {
  const shipped = readdirSync(SCHEMES).filter((f) => f.endsWith('.json') && f !== 'scheme.schema.json');

  it('ships at least two schemes', () => expect(shipped.length).toBeGreaterThanOrEqual(2));

  it.each(shipped)('shipped scheme %s validates, with 4+ core indicators of every kind, 2+ baseline, 3 levels, a full shortlist rule, and says it is illustrative', (f) => {
    const v = validateScheme(load(join(SCHEMES, f)));
    expect(v.ok).toBe(true);
    if (!v.ok) return;
    const core = v.scheme.indicators.filter((i) => i.role === 'core');
    expect(core.length).toBeGreaterThanOrEqual(4);
    expect(new Set(core.map((i) => i.type))).toEqual(new Set(['higher', 'lower', 'grade']));
    expect(v.scheme.indicators.filter((i) => i.role === 'baseline').length).toBeGreaterThanOrEqual(2);
    expect(v.scheme.levels).toHaveLength(3);
    const sl = v.scheme.shortlist;
    for (const k of ['maxLeaders', 'maxShare', 'minScore', 'requireAllCoreAtLeast', 'minParticipants', 'maxPerEnterprise', 'tiePolicy'] as const) expect(sl[k]).toBeDefined();
    expect(v.scheme.name).toMatch(/示例|虚构/);
  });

  it('reports the three distinct mistakes of the fixture at once, with paths', () => {
    expect(problems(load(join(FIXTURES, 'schemes/three-mistakes.json')))).toEqual([
      '$.cycleMonths SCHEME_CYCLE_MONTHS',
      '$.indicators[0].thresholds.advanced SCHEME_NOT_MONOTONE',
      '$.shortlist.requireAllCoreAtLeast SCHEME_UNKNOWN_LEVEL',
    ]);
  });

  it('requires strictly monotone thresholds in the direction of the indicator', () => {
    const s = fridge();
    s.indicators[3].thresholds = { base: 3, advanced: 3, leader: 6 }; // higher: equal is not strictly better
    expect(problems(s)).toEqual(['$.indicators[3].thresholds.advanced SCHEME_NOT_MONOTONE']);
    const t = fridge();
    t.indicators[1].thresholds = { base: '2级', advanced: '3级', leader: '1级' }; // grades best first
    expect(problems(t)).toEqual(['$.indicators[1].thresholds.advanced SCHEME_NOT_MONOTONE']);
  });

  it('checks cycleMonths 1..24, positive weights, unique ids, level names in thresholds and grades', () => {
    const s = fridge();
    s.cycleMonths = 0;
    s.indicators[0].weight = 0;
    s.indicators[2].id = 'energy_index';
    s.indicators[1].thresholds.leader = '0级';
    s.indicators[4].thresholds.expert = 99;
    expect(problems(s)).toEqual([
      '$.indicators[0].weight SCHEME_MUST_EXCEED',
      '$.cycleMonths SCHEME_CYCLE_MONTHS',
      '$.indicators[1].thresholds.leader SCHEME_UNKNOWN_GRADE',
      '$.indicators[2].id SCHEME_DUPLICATE_ID',
      '$.indicators[4].thresholds.expert SCHEME_UNKNOWN_LEVEL',
    ]);
    expect(problems({ ...fridge(), cycleMonths: 25 })).toEqual(['$.cycleMonths SCHEME_CYCLE_MONTHS']);
    expect(problems({ ...fridge(), cycleMonths: 24 })).toEqual([]);
  });

  it('rejects a header that two indicators would share, a baseline without limit, maxShare outside (0,1]', () => {
    const s = fridge();
    s.indicators[2].aliases = ['能效指数'];
    delete s.indicators[6].limit;
    s.shortlist.maxShare = 1.5;
    expect(problems(s)).toEqual([
      '$.indicators[2].aliases[0] SCHEME_DUPLICATE_HEADER',
      '$.indicators[6].limit SCHEME_LIMIT_MISSING',
      '$.shortlist.maxShare SCHEME_MAX_SHARE',
    ]);
  });

  it('reports unknown fields and wrong roles with their paths', () => {
    const s = fridge();
    s.colour = 'red';
    s.indicators[5].role = 'optional';
    expect(problems(s)).toEqual(['$.indicators[5].role SCHEME_ENUM', '$.colour SCHEME_UNKNOWN_KEY']);
  });

  it('applies defaults: anchored-free scoring block, include-all ties', () => {
    const s = fridge();
    delete s.scoring;
    s.shortlist = {};
    const v = validateScheme(s);
    expect(v.ok && v.scheme.scoring).toEqual({ method: 'weighted-sum', missingCore: 'exclude' });
    expect(v.ok && v.scheme.shortlist.tiePolicy).toBe('include-all');
  });

  it('does not require thresholds under TOPSIS', () => {
    const s = fridge();
    s.scoring = { method: 'topsis', normalization: 'minmax' };
    for (const i of s.indicators) delete i.thresholds;
    expect(problems(s)).toEqual([]);
  });

  it('formats paths as users read them', () => {
    expect(formatPath(['indicators', 2, 'thresholds', 'base'])).toBe('$.indicators[2].thresholds.base');
    expect(formatPath(['thresholds', '3级'])).toBe('$.thresholds["3级"]');
  });
});

describe('schemes/scheme.schema.json', () => {
  it('is exactly what the zod schema generates (run `npm run schema` after changing it)', () => {
    const committed = readFileSync(join(SCHEMES, 'scheme.schema.json'), 'utf8');
    expect(committed).toBe(JSON.stringify(schemeJsonSchema(), null, 2) + '\n');
  });
});

describe('storedScheme: a stored scheme read back without the validator', () => {
  const files = [join(SCHEMES, 'refrigerator-2026.json'), join(SCHEMES, 'electric-bicycle-2026.json'), join(FIXTURES, 'rank/scheme.json')];
  const minimal = JSON.parse(readFileSync(files[0]!, 'utf8')) as Record<string, unknown>;
  const variants: Array<[string, unknown]> = [
    ...files.map((f): [string, unknown] => [f.replace(/.*\/(schemes|fixtures)\//, '$1/'), JSON.parse(readFileSync(f, 'utf8'))]),
    // every default of the schema taken: no basis, scoring or shortlist; then partial objects
    ['no defaults given', { ...minimal, basis: undefined, scoring: undefined, shortlist: undefined }],
    ['partial scoring and shortlist', { ...minimal, scoring: { decimals: 3 }, shortlist: { maxShare: 0.2 } }],
    ['explicit non-defaults', { ...minimal, scoring: { method: 'topsis', normalization: 'minmax', missingCore: 'zero' }, shortlist: { tiePolicy: 'exclude-all', maxShare: 0.5 } }],
  ];
  // the same values (toStrictEqual: no extra or undefined keys); key order inside an indicator may differ, nothing reads it
  it.each(variants)('%s: the same scheme as validateScheme gives', (_name, raw) => {
    const input = JSON.parse(JSON.stringify(raw)) as unknown;
    const v = validateScheme(input);
    expect(v.ok, JSON.stringify(v)).toBe(true);
    if (!v.ok) return;
    const fast = storedScheme(JSON.parse(JSON.stringify(raw)));
    expect(fast).toStrictEqual(v.scheme);
  });
});
