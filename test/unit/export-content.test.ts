/**
 * The package's tables built from a run's columns (what `leader export` reads from a stored
 * leader-run/2 run) against the same tables built from the run's `RunResult` (the stored JSON forms):
 * the same ranking and excluded files, and single-indicator rows that name each standard's own
 * enterprise when two enterprises use one standard number.
 */
import { describe, expect, test } from 'vitest';
import { buildTables, exportRunOfColumns, exportRunOfResult, reportData, type ExportInput, type ExportRun } from '../../src/commands/export/content.js';
import { columnsFromRecords, runColumns, runResultOf, scoreColumns, valueIds } from '../../src/core/run.js';
import { csvColumnsBytes, csvBytes, tableColumns, type ColumnTable } from '../../src/io/csv-write.js';
import { reportHtmlBytes } from '../../src/io/report-html.js';
import { FIXTURE_AS_OF, fixtureBans, fixtureRecords, fixtureScheme, ok, rec } from '../helpers/rank-data.js';

const scheme = fixtureScheme();
// Two enterprises publishing under one standard number (identity is credit code + number).
const records = [
  ...fixtureRecords(),
  rec({ standardNo: 'Q/D 004-2026', uscc: '91110000000000009Z', enterpriseName: '同号第二企业', values: { ...ok, efficiency: '95', noise: '30', grade: 'A', life: '1500' } }),
];
const s = scoreColumns(scheme, columnsFromRecords(records, valueIds(scheme)), fixtureBans, FIXTURE_AS_OF);
const rc = runColumns(s);

function input(ranking: ExportRun): ExportInput {
  return {
    lang: 'zh', toolVersion: 't', exportDate: '2026-07-15', scheme, schemeSha256: '0'.repeat(64), schemeContent: '{}',
    run: { id: 1, schemeId: scheme.id, schemeVersion: scheme.version, schemeSha256: 's', inputSha256: 'i', contentSha256: 'c', asOf: FIXTURE_AS_OF, engineVersion: 't', method: 'weighted-sum', createdAt: '2026-07-15T00:00:00Z' },
    ranking,
    shortlist: { id: 1, runId: 1, schemeId: scheme.id, schemeVersion: scheme.version, participants: 0, cap: null, tiePolicy: 'include-all', tieAtCut: null, reason: null, entries: [], dropped: [], decision: {} as never, createdAt: '2026-07-15T00:00:00Z', status: 'draft' },
    removed: [],
    publicity: { start: '2026-07-16', end: '2026-07-29', workingDays: 10, countFrom: 'start', provisional: false, provisionalYears: [], sources: {}, started: false, publishedDate: null },
    revocations: [],
  };
}

const fromColumns = buildTables(input(exportRunOfColumns(rc, records)));
const fromResult = buildTables(input(exportRunOfResult(runResultOf(rc, (r) => records[r]!))));
const text = (t: ColumnTable) => Buffer.from(csvColumnsBytes(t)).toString('utf8');
const lines = (t: ColumnTable) => text(t).split('\r\n').slice(1, -1).map((l) => l.split(','));

describe('export tables from a run\'s columns', () => {
  test('ranking.csv and excluded.csv are the same as from the RunResult', () => {
    expect(fromColumns.map((t) => t.file)).toEqual(fromResult.map((t) => t.file));
    for (const f of ['ranking.csv', 'excluded.csv', 'shortlist.csv']) {
      expect(text(fromColumns.find((t) => t.file === f)!), f).toBe(text(fromResult.find((t) => t.file === f)!));
    }
  });

  test('single-indicator rows: every entry once per discriminating indicator, with its own enterprise and credit code', () => {
    const ranking = lines(fromColumns[0]!);
    // number | enterprise | credit code of every ranked standard (ranking.csv columns 3, 5, 6)
    const own = new Set(ranking.map((r) => `${r[2]}|${r[4]}|${r[5]}`));
    const single = lines(fromColumns[1]!);
    expect(text(fromColumns[1]!).split('\r\n')[0]).toBe('\uFEFF指标编号,指标名称,是否发布,说明,达到水平,标准编号,企业名称,统一社会信用代码');
    const published = single.filter((r) => r[2] === '是');
    expect(published.length).toBe(rc.indicators.filter((i) => i.discriminating).length * ranking.length);
    for (const r of published) expect(own.has(`${r[5]}|${r[6]}|${r[7]}`), r.join(',')).toBe(true);
    const shared = published.filter((r) => r[5] === 'Q/D 004-2026' && r[0] === published[0]![0]);
    expect(shared.map((r) => `${r[6]}|${r[7]}`).sort()).toEqual([`企业5|${records.find((x) => x.enterpriseName === '企业5')!.uscc}`, '同号第二企业|91110000000000009Z'].sort());
    // the same rows from the RunResult, whose groups list standard numbers only: a shared number is
    // matched by the entry's level for the indicator, in credit code order
    expect(lines(fromResult[1]!)).toEqual(single);
  });

  test('single-indicator rows from a RunResult: a shared number at two levels goes to each entry at its own level', () => {
    const result = runResultOf(rc, (r) => records[r]!);
    const e = result.entries;
    const pair = e.map((x, j) => j).filter((j) => e[j]!.standardNo === 'Q/D 004-2026');
    expect(pair.length).toBe(2);
    // an indicator on which the two reached different levels (the fixture makes one exist)
    const ind = result.indicators.find((i) => i.groups.length > 0 && e[pair[0]!]!.levels[i.id] !== e[pair[1]!]!.levels[i.id]);
    expect(ind).toBeDefined();
    const run = exportRunOfResult(result);
    const groups = run.indicators.find((i) => i.id === ind!.id)!.groups;
    for (const j of pair) {
      const g = groups.find((x) => x.level === (e[j]!.levels[ind!.id] ?? null))!;
      expect(Array.from(g.entries)).toContain(j);
    }
  });

  test('report.html lists the single-indicator rankings by level, with the numbers of each level', () => {
    const html = Buffer.from(reportHtmlBytes(reportData(input(exportRunOfColumns(rc, records)), fromColumns))).toString('utf8');
    expect(html).toContain('单项指标排行');
    const single = lines(fromColumns[1]!).filter((r) => r[2] === '是');
    const first = single[0]!;
    const sameLevel = single.filter((r) => r[0] === first[0] && r[4] === first[4]).map((r) => r[5]);
    expect(html).toContain(`<td>${first[4]}<td>${sameLevel.length}<td>${sameLevel.join('、')}`);
    // compact rows: no end tags in the tables' bodies
    expect(html).not.toContain('</td>');
  });
});

describe('column tables', () => {
  test('csvColumnsBytes gives csvBytes\'s bytes, with runs of columns sharing codes and empty cells', () => {
    const rows = [
      [1, { num: '90.50' }, '=cmd', 'a', null],
      [2, { num: '-0.5' }, 'b,c', 'a', '"q"'],
      [3, null, ' pad ', null, 'x'],
    ];
    const header = ['n', 'total', 'text', 'again', 'last'];
    const t = tableColumns({ header, rows });
    expect(Buffer.from(csvColumnsBytes(t)).equals(Buffer.from(csvBytes({ header, rows })))).toBe(true);
    // columns 2..4 as one run over shared codes (-1: all empty)
    const codes = Int32Array.from([0, 1, -1]);
    const shared: ColumnTable = { header, rows: 3, columns: [t.columns[0]!, t.columns[1]!,
      { cells: ['=cmd', 'b,c'], codes }, { cells: ['a', 'a'], codes }, { cells: [null, '"q"'], codes }] };
    expect(text(shared)).toBe(`\uFEFFn,total,text,again,last\r\n1,90.50,'=cmd,a,\r\n2,-0.5,"b,c",a,"""q"""\r\n3,,,,\r\n`);
  });
});
