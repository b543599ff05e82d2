/**
 * The content of the submission package, built from what the store holds (run, scheme, shortlist,
 * publicity, revocations, audit events): the tables shared by the CSV files and the workbook, the
 * publicity notice (公示) text, and the report's data. No I/O here: the command gathers and writes.
 */
import { REASONS, isReasonCode } from '../../core/revocation.js';
import { coreIndicators, totalDecimals, type Scheme } from '../../core/scheme-model.js';
import { entriesByNumber, entryCells, entryTotal, excludedAt, indicatorLevelGroups, type EntryCell, type RowNames, type RunColumns } from '../../core/run.js';
import type { ExcludedEntry, RunRecord, RunResult, ShortlistEntry } from '../../core/types.js';
import { t, type Lang, type MessageCode, type MessageParams } from '../../i18n/index.js';
import { rowCodes, tableColumns, type Cell, type ColumnTable, type TableColumn } from '../../io/csv-write.js';
import { htmlTable, type HtmlTable, type ReportData, type ReportSection } from '../../io/report-html.js';
import type { AuditEvent } from '../../store/audit.js';
import type { Revocation } from '../../store/revocations.js';
import type { ShortlistRecord } from '../../store/shortlists.js';

export interface PublicityDates {
  start: string;
  end: string;
  workingDays: number;
  countFrom: 'start' | 'next';
  provisional: boolean;
  provisionalYears: number[];
  /** year -> calendar data source */
  sources: Record<string, string>;
  /** false: computed at export because no publicity was started */
  started: boolean;
  publishedDate: string | null;
}

export interface ExportInput {
  lang: Lang;
  toolVersion: string;
  exportDate: string;
  scheme: Scheme;
  schemeSha256: string;
  /** the scheme file exactly as stored (scheme.json) */
  schemeContent: string;
  run: RunRecord;
  ranking: ExportRun;
  shortlist: ShortlistRecord;
  /** entries removed by upheld objections, with the objection */
  removed: Array<ShortlistEntry & { objectionId: number; decisionText: string }>;
  publicity: PublicityDates;
  revocations: Revocation[];
}

export interface NamedTable extends ColumnTable {
  file: string;
  sheet: string;
}

/** One single-indicator ranking: groups by level reached, best first, each with its entries in standard number order. */
export interface ExportIndicator {
  id: string;
  name: string;
  discriminating: boolean;
  cohortDependent: boolean;
  /** `entries`: entry indices (-1: not an entry); `nos`: the standard numbers when they are not the entries' own */
  groups: Array<{ level: string | null; entries: ArrayLike<number>; nos?: string[] }>;
}

/**
 * The run as the package shows it, a field per column (entries in display order), so that a
 * 50,000-standard run needs no object per entry.
 */
export interface ExportRun {
  size: number;
  rank: ArrayLike<number>;
  total: string[];
  standardNo: ArrayLike<string>;
  uscc: ArrayLike<string>;
  enterpriseName: string[];
  standardName: string[];
  product: Array<string | null>;
  models: string[][];
  /** a core indicator of every entry: distinct cells and each entry's cell */
  cellsOf(id: string): { cells: EntryCell[]; codes: Int32Array };
  indicators: ExportIndicator[];
  excluded: ExcludedEntry[];
  cohortDependent: boolean;
}

/** A stored run's columns (leader-run/2) with the names of its rows (by input row). */
export function exportRunOfColumns(rc: RunColumns, names: ArrayLike<RowNames>): ExportRun {
  const ne = rc.rows.length;
  const total = new Array<string>(ne);
  const enterpriseName = new Array<string>(ne);
  const standardName = new Array<string>(ne);
  const product = new Array<string | null>(ne);
  const models = new Array<string[]>(ne);
  const standardNo = new Array<string>(ne);
  const uscc = new Array<string>(ne);
  for (let j = 0; j < ne; j++) {
    const r = rc.rows[j]!;
    const n = names[r]!;
    total[j] = entryTotal(rc, j);
    standardNo[j] = rc.input.standardNo[r]!;
    uscc[j] = rc.input.uscc[r]!;
    enterpriseName[j] = n.enterpriseName;
    standardName[j] = n.standardName;
    product[j] = n.product;
    models[j] = n.models;
  }
  const byNumber = entriesByNumber(rc);
  const indicators: ExportIndicator[] = rc.indicators.map((ind, i) => ({
    id: ind.id, name: ind.name, discriminating: ind.discriminating, cohortDependent: ind.cohortDependent,
    groups: ind.discriminating
      ? indicatorLevelGroups(rc, i, byNumber).map((g) => ({ level: g.level >= 0 ? rc.levelIds[g.level]! : null, entries: g.entries }))
      : [],
  }));
  const excluded = Array.from(rc.excludedRows, (r, q) => excludedAt(rc, q, names[r]!));
  return {
    size: ne, rank: rc.ranks, total, standardNo, uscc, enterpriseName, standardName, product, models,
    cellsOf: (id) => entryCells(rc, id), indicators, excluded, cohortDependent: rc.cohortDependent,
  };
}

/** A run's content stored as a plain `RunResult`. */
export function exportRunOfResult(result: RunResult): ExportRun {
  const e = result.entries;
  // standard number -> entry (the last one with that number): for a group number no entry matches below
  const byNo = new Map(e.map((x, j) => [x.standardNo, j]));
  // The groups list standard numbers only. Two enterprises may publish under one number, so a
  // group's number is matched to the entries with that number whose level for the indicator is the
  // group's, taken in credit code order: each entry once, with its own enterprise and credit code.
  const key = (level: string | null | undefined, no: string): string => `${level ?? '\u0001'}\u0000${no}`;
  const byLevelAndNo = (indicatorId: string): Map<string, number[]> => {
    const waiting = new Map<string, number[]>();
    e.forEach((x, j) => {
      const k = key(x.levels[indicatorId], x.standardNo);
      const list = waiting.get(k);
      if (list) list.push(j); else waiting.set(k, [j]);
    });
    for (const list of waiting.values()) if (list.length > 1) list.sort((a, b) => (e[a]!.uscc < e[b]!.uscc ? -1 : e[a]!.uscc > e[b]!.uscc ? 1 : 0));
    return waiting;
  };
  return {
    size: e.length,
    rank: e.map((x) => x.rank),
    total: e.map((x) => x.total),
    standardNo: e.map((x) => x.standardNo),
    uscc: e.map((x) => x.uscc),
    enterpriseName: e.map((x) => x.enterpriseName),
    standardName: e.map((x) => x.standardName),
    product: e.map((x) => x.product),
    models: e.map((x) => x.models),
    cellsOf: (id) => {
      const cells: EntryCell[] = [];
      const index = new Map<string, number>();
      const codes = new Int32Array(e.length);
      e.forEach((x, j) => {
        const c: EntryCell = { value: x.values[id] ?? null, level: x.levels[id] ?? null, score: x.scores[id] ?? null };
        const key = JSON.stringify([c.value, c.level, c.score]);
        let k = index.get(key);
        if (k === undefined) { k = cells.length; cells.push(c); index.set(key, k); }
        codes[j] = k;
      });
      return { cells, codes };
    },
    indicators: result.indicators.map((ind) => {
      const waiting = byLevelAndNo(ind.id);
      return {
        id: ind.id, name: ind.name, discriminating: ind.discriminating, cohortDependent: ind.cohortDependent,
        groups: ind.groups.map((g) => {
          const nos = sortedTexts(g.standardNos);
          return { level: g.level, nos, entries: nos.map((no) => waiting.get(key(g.level, no))?.shift() ?? byNo.get(no) ?? -1) };
        }),
      };
    }),
    excluded: result.excluded,
    cohortDependent: result.cohortDependent,
  };
}


const DECIMAL = /^-?\d+(\.\d+)?$/;

function numOrText(s: string | null | undefined): Cell {
  if (s === null || s === undefined) return null;
  return DECIMAL.test(s) ? { num: s } : s;
}

/** `numOrText` with one shared (never mutated) cell per distinct text: a run repeats few values many times. */
function numOrTextCache(): (s: string | null | undefined) => Cell {
  const cells = new Map<string, Cell>();
  return (s) => {
    if (s === null || s === undefined) return null;
    let c = cells.get(s);
    if (c === undefined) cells.set(s, c = numOrText(s));
    return c;
  };
}

/** Sorted by code units like `Array.prototype.sort()`: the list itself when it already is. */
function sortedTexts(list: string[]): string[] {
  for (let i = 1; i < list.length; i++) if (list[i - 1]! > list[i]!) return [...list].sort();
  return list;
}

export class Words {
  constructor(readonly lang: Lang) {}
  t(code: MessageCode, p?: MessageParams): string {
    return t(this.lang, code, p);
  }
}

function levelName(scheme: Scheme, id: string | null | undefined, w: Words): string {
  if (id === null || id === undefined) return w.t('EXP_LEVEL_NONE');
  return scheme.levels.find((l) => l.id === id)?.name ?? id;
}

function indicatorName(scheme: Scheme, id: string): string {
  return scheme.indicators.find((i) => i.id === id)?.name ?? id;
}

/** `BELOW_BASE:energy_index` -> 核心指标「能效指数」低于最低水平… */
export function reasonInWords(scheme: Scheme, reason: string, w: Words): string {
  const [code, arg] = reason.split(':', 2) as [string, string | undefined];
  const name = arg ? indicatorName(scheme, arg) : '';
  switch (code) {
    case 'ABOLISHED': return w.t('EXP_REASON_ABOLISHED');
    case 'AFTER_CUTOFF': return w.t('EXP_REASON_AFTER_CUTOFF');
    case 'ENTERPRISE_BANNED': return w.t('EXP_REASON_ENTERPRISE_BANNED');
    case 'BASELINE_FAILED': return w.t('EXP_REASON_BASELINE_FAILED', { name });
    case 'BASELINE_MISSING': return w.t('EXP_REASON_BASELINE_MISSING', { name });
    case 'CORE_MISSING': return w.t('EXP_REASON_CORE_MISSING', { name });
    case 'BELOW_BASE': return w.t('EXP_REASON_BELOW_BASE', { name });
    default: return w.t('EXP_REASON_OTHER', { code: reason });
  }
}

function revocationReason(code: string, lang: Lang): string {
  return isReasonCode(code) ? REASONS[code][lang] : code;
}

const MODEL_SEPARATOR = '; ';
const REASON_SEPARATOR: Record<Lang, string> = { zh: '；', en: '; ' };

export function buildTables(x: ExportInput): NamedTable[] {
  const w = new Words(x.lang);
  const core = coreIndicators(x.scheme);
  const run = x.ranking;
  const ne = run.size;
  // Level names looked up once, not per cell.
  const levelNames = new Map<string, string>();
  const noLevel = levelName(x.scheme, null, w);
  const levelText = (id: string | null | undefined): string => {
    if (id === null || id === undefined) return noLevel;
    let name = levelNames.get(id);
    if (name === undefined) levelNames.set(id, name = levelName(x.scheme, id, w));
    return name;
  };

  // one codes array for the columns of one cell per entry: writers render those cells as one piece
  const ids = rowCodes(ne);
  // one array of the entries' numbers for every table that shows them (posted to the workbook's thread once)
  const entryNos: Cell[] = Array.from(run.standardNo);
  const entryUsccs: Cell[] = Array.from(run.uscc);
  const perEntry = (cells: Cell[]): TableColumn => ({ cells, codes: ids });
  const rankingColumns: TableColumn[] = [
    perEntry(Array.from(run.rank)), { cells: run.total.map(numOrTextCache()), codes: ids },
    perEntry(entryNos), perEntry(run.standardName), perEntry(run.enterpriseName), perEntry(entryUsccs),
    perEntry(run.product), perEntry(run.models.map((m) => m.join(MODEL_SEPARATOR))),
  ];
  for (const ind of core) {
    const { cells, codes } = run.cellsOf(ind.id);
    const value = numOrTextCache(), score = numOrTextCache();
    rankingColumns.push({ cells: cells.map((c) => value(c.value)), codes }, { cells: cells.map((c) => levelText(c.level)), codes }, { cells: cells.map((c) => score(c.score)), codes });
  }
  const ranking: NamedTable = {
    file: 'ranking.csv',
    sheet: w.t('EXP_SHEET_RANKING'),
    header: [
      w.t('EXP_COL_RANK'), w.t('EXP_COL_TOTAL'), w.t('EXP_COL_STANDARD_NO'), w.t('EXP_COL_STANDARD_NAME'), w.t('EXP_COL_ENTERPRISE'),
      w.t('EXP_COL_USCC'), w.t('EXP_COL_PRODUCT'), w.t('EXP_COL_MODELS'),
      ...core.flatMap((i) => [w.t('EXP_COL_VALUE', { name: i.name }), w.t('EXP_COL_LEVEL', { name: i.name }), w.t('EXP_COL_SCORE', { name: i.name })]),
    ],
    rows: ne,
    columns: rankingColumns,
  };

  // Single-indicator rankings: one row per indicator and entry. The first five columns are the
  // group's (indicator, published, note, level), the last three the entry's: its standard number,
  // enterprise and credit code (the identity: two enterprises may publish under one number).
  const yes = w.t('EXP_YES'), no = w.t('EXP_NO');
  const groupCells: Cell[][] = [[], [], [], [], []];
  let count = 0;
  for (const ind of run.indicators) count += ind.discriminating ? ind.groups.reduce((a, g) => a + g.entries.length, 0) : 1;
  const groupOf = new Int32Array(count);
  const noCodes = new Int32Array(count);
  const anyNos = run.indicators.some((ind) => ind.groups.some((g) => g.nos));
  // the same codes for both columns when the numbers are the entries' own (one piece per entry)
  const nameCodes = anyNos ? new Int32Array(count) : noCodes;
  const noCells: Cell[] = anyNos ? Array.from(run.standardNo) : entryNos;
  let row = 0;
  const addGroup = (cells: Cell[]): number => { cells.forEach((c, i) => groupCells[i]!.push(c)); return groupCells[0]!.length - 1; };
  for (const ind of run.indicators) {
    if (!ind.discriminating) {
      groupOf[row] = addGroup([ind.id, ind.name, no, w.t('EXP_NON_DISCRIMINATING'), null]);
      noCodes[row] = -1; nameCodes[row] = -1; row++;
      continue;
    }
    const note = ind.cohortDependent ? w.t('EXP_COHORT_DEPENDENT') : null;
    for (const g of ind.groups) {
      const gi = addGroup([ind.id, ind.name, yes, note, levelText(g.level)]);
      for (let m = 0; m < g.entries.length; m++) {
        const j = g.entries[m]!;
        groupOf[row] = gi;
        nameCodes[row] = j;
        if (g.nos) { noCodes[row] = noCells.length; noCells.push(g.nos[m]!); } else noCodes[row] = j;
        row++;
      }
    }
  }
  const single: NamedTable = {
    file: 'single-indicator-rankings.csv',
    sheet: w.t('EXP_SHEET_SINGLE'),
    header: [w.t('EXP_COL_INDICATOR_ID'), w.t('EXP_COL_INDICATOR'), w.t('EXP_COL_PUBLISHED'), w.t('EXP_COL_NOTE'), w.t('EXP_COL_LEVEL_REACHED'), w.t('EXP_COL_STANDARD_NO'),
      w.t('EXP_COL_ENTERPRISE'), w.t('EXP_COL_USCC')],
    rows: count,
    columns: [...groupCells.map((cells) => ({ cells, codes: groupOf })), { cells: noCells, codes: noCodes }, { cells: run.enterpriseName, codes: nameCodes },
      { cells: entryUsccs, codes: nameCodes }],
  };

  const excludedSorted = [...run.excluded].sort((a, b) => (a.standardNo < b.standardNo ? -1 : a.standardNo > b.standardNo ? 1 : a.uscc < b.uscc ? -1 : a.uscc > b.uscc ? 1 : 0));
  // reason lists repeat: each distinct one put in words once
  const reasonWords = new Map<string, string>();
  const inWords = (rs: string[]): string => {
    const key = rs.join(' ');
    let t = reasonWords.get(key);
    if (t === undefined) reasonWords.set(key, t = rs.map((r) => reasonInWords(x.scheme, r, w)).join(REASON_SEPARATOR[x.lang]));
    return t;
  };
  const excluded: NamedTable = {
    file: 'excluded.csv',
    sheet: w.t('EXP_SHEET_EXCLUDED'),
    ...tableColumns({
      header: [w.t('EXP_COL_STANDARD_NO'), w.t('EXP_COL_STANDARD_NAME'), w.t('EXP_COL_ENTERPRISE'), w.t('EXP_COL_USCC'), w.t('EXP_COL_REASON_CODES'), w.t('EXP_COL_REASONS')],
      rows: excludedSorted.map((e) => [e.standardNo, e.standardName, e.enterpriseName, e.uscc, e.reasons.join(' '), inWords(e.reasons)]),
    }),
  };

  const removed = new Map(x.removed.map((r) => [`${r.standardNo}\u0000${r.uscc}`, r]));
  const shortlist: NamedTable = {
    file: 'shortlist.csv',
    sheet: w.t('EXP_SHEET_SHORTLIST'),
    ...tableColumns({
      header: [w.t('EXP_COL_SEQ'), w.t('EXP_COL_STANDARD_NO'), w.t('EXP_COL_STANDARD_NAME'), w.t('EXP_COL_ENTERPRISE'), w.t('EXP_COL_USCC'),
        w.t('EXP_COL_PRODUCT'), w.t('EXP_COL_MODELS'), w.t('EXP_COL_RANK'), w.t('EXP_COL_TOTAL'), w.t('EXP_COL_STATUS')],
      rows: x.shortlist.entries.map((e, i) => {
        const r = removed.get(`${e.standardNo}\u0000${e.uscc}`);
        const status = r ? w.t('EXP_STATUS_REMOVED', { id: r.objectionId, text: r.decisionText })
          : x.publicity.publishedDate ? w.t('EXP_STATUS_PUBLISHED', { date: x.publicity.publishedDate }) : null;
        return [i + 1, e.standardNo, e.standardName, e.enterpriseName, e.uscc, e.product, e.models.join(MODEL_SEPARATOR), e.rank, numOrText(e.total), status];
      }),
    }),
  };

  const tables = [ranking, single, excluded, shortlist];
  if (x.revocations.length > 0) {
    tables.push({
      file: 'revocations.csv',
      sheet: w.t('EXP_SHEET_REVOCATIONS'),
      ...tableColumns({ header: [w.t('EXP_COL_REVOCATION_ID'), w.t('EXP_COL_USCC'), w.t('EXP_COL_ENTERPRISE'), w.t('EXP_COL_STANDARD_NO'), w.t('EXP_COL_REASON_CODE'),
        w.t('EXP_COL_REASON'), w.t('EXP_COL_REVOKED_ON'), w.t('EXP_COL_BAN_UNTIL'), w.t('EXP_COL_INTEGRITY'), w.t('EXP_COL_RESCINDED'), w.t('EXP_COL_EVIDENCE')],
      rows: x.revocations.map((r) => [
        r.id, r.uscc, r.enterpriseName, r.standardNo, r.reason, revocationReason(r.reason, x.lang), r.date, r.banUntil,
        r.integrity ? yes : no, r.rescission ? `${yes}: ${r.rescission.reason}` : no, r.evidence,
      ]) }),
    });
  }
  return tables;
}

function mdCell(s: string | null | undefined): string {
  return (s ?? '').replace(/\|/g, '\\|').replace(/\r?\n|\r/g, ' ');
}

export function sourcesText(sources: Record<string, string>): string {
  return Object.keys(sources).sort().map((y) => `${y}: ${sources[y]}`).join(', ');
}

/** publicity-notice.md: the text of the publicity notice (公示), with the period and its counting convention. */
export function publicityNotice(x: ExportInput): string {
  const w = new Words(x.lang);
  const s = x.scheme;
  const body = s.body.name;
  const p = x.publicity;
  const lines: string[] = [];
  lines.push(`# ${w.t('EXP_NOTICE_TITLE', { category: s.category })}`, '');
  lines.push(w.t('EXP_NOTICE_INTRO', {
    scheme: s.name, id: s.id, version: s.version, body, category: s.category, asOf: x.run.asOf,
    ranked: x.ranking.size, excluded: x.ranking.excluded.length, count: x.shortlist.entries.length,
  }), '');
  lines.push(w.t('EXP_NOTICE_PERIOD', { start: p.start, end: p.end, n: p.workingDays }), '');
  lines.push(w.t('EXP_NOTICE_CONVENTION', {
    convention: w.t(p.countFrom === 'next' ? 'EXP_CONVENTION_next' : 'EXP_CONVENTION_start', { n: p.workingDays }),
    sources: sourcesText(p.sources),
  }), '');
  if (!p.started) lines.push(w.t('EXP_NOTICE_NOT_STARTED', { date: x.exportDate }), '');
  if (p.provisional) lines.push(w.t('EXP_NOTICE_PROVISIONAL', { years: p.provisionalYears.join(', ') }), '');
  lines.push(w.t('EXP_NOTICE_OBJECTIONS', { body }), '');
  lines.push(`## ${w.t('EXP_NOTICE_LIST')}`, '');
  if (x.shortlist.entries.length === 0) {
    lines.push(w.t('EXP_NOTICE_EMPTY', { reason: x.shortlist.reason ?? '-' }), '');
  } else {
    const head = [w.t('EXP_COL_SEQ'), w.t('EXP_COL_ENTERPRISE'), w.t('EXP_COL_STANDARD_NO'), w.t('EXP_COL_STANDARD_NAME'), w.t('EXP_COL_PRODUCT'), w.t('EXP_COL_MODELS')];
    lines.push(`| ${head.join(' | ')} |`, `|${head.map(() => ' --- ').join('|')}|`);
    x.shortlist.entries.forEach((e, i) => {
      lines.push(`| ${[String(i + 1), e.enterpriseName, e.standardNo, e.standardName, e.product ?? '', e.models.join(MODEL_SEPARATOR)].map(mdCell).join(' | ')} |`);
    });
    lines.push('');
  }
  if (x.removed.length > 0) {
    lines.push(`## ${w.t('EXP_NOTICE_REMOVED')}`, '');
    for (const r of x.removed) lines.push(`- ${mdCell(r.enterpriseName)} ${mdCell(r.standardNo)}: ${mdCell(r.decisionText)}`);
    lines.push('');
  }
  lines.push(w.t('EXP_NOTICE_SIGNOFF', { body, date: x.exportDate }), '');
  return lines.join('\n');
}

/** Totals in bins of 5 points (or 0.05 under TOPSIS closeness), lowest first. */
function totalBins(totals: number[]): Array<{ label: string; count: number }> {
  if (totals.length === 0) return [];
  const max = Math.max(...totals);
  const width = max <= 1 ? 0.05 : 5;
  const scale = width < 1 ? 100 : 1;
  const lo = Math.floor(Math.min(...totals) / width);
  const hi = Math.floor(max / width);
  const bins: Array<{ label: string; count: number }> = [];
  for (let b = lo; b <= hi; b++) {
    const from = (b * width * scale) / scale, to = ((b + 1) * width * scale) / scale;
    const fmt = (v: number) => (width < 1 ? v.toFixed(2) : String(v));
    bins.push({ label: `${fmt(from)}–${fmt(to)}`, count: totals.filter((v) => Math.floor(v / width) === b).length });
  }
  return bins;
}

/**
 * The single-indicator rankings for the report: one row per indicator and level with the standard
 * numbers that reached it (single-indicator-rankings.csv has one row per standard, with its enterprise).
 */
function singleByLevel(x: ExportInput, w: Words): HtmlTable {
  const run = x.ranking;
  const yes = w.t('EXP_YES'), no = w.t('EXP_NO');
  const sep = x.lang === 'zh' ? '、' : ', ';
  const rows: Cell[][] = [];
  for (const ind of run.indicators) {
    if (!ind.discriminating) {
      rows.push([ind.id, ind.name, no, w.t('EXP_NON_DISCRIMINATING'), null, null, null]);
      continue;
    }
    const note = ind.cohortDependent ? w.t('EXP_COHORT_DEPENDENT') : null;
    for (const g of ind.groups) {
      const nos = g.nos ?? Array.from(g.entries, (j) => run.standardNo[j]!);
      rows.push([ind.id, ind.name, yes, note, levelName(x.scheme, g.level, w), nos.length, nos.join(sep)]);
    }
  }
  return htmlTable([w.t('EXP_COL_INDICATOR_ID'), w.t('EXP_COL_INDICATOR'), w.t('EXP_COL_PUBLISHED'), w.t('EXP_COL_NOTE'), w.t('EXP_COL_LEVEL_REACHED'),
    w.t('EXP_HTML_COL_COUNT'), w.t('EXP_COL_STANDARD_NO')], rows, [5]);
}

export function reportData(x: ExportInput, tables: NamedTable[]): ReportData {
  const w = new Words(x.lang);
  const s = x.scheme;
  const core = coreIndicators(s);
  // The rows themselves (cells as in the CSV: text, integers, { num }): no copy of a 50,000-row table.
  // The package's tables themselves (no copy of a 50,000-row table).
  const asHtml = (tb: NamedTable | undefined, numeric: number[] = []): HtmlTable | undefined => tb && { header: tb.header, rows: tb.rows, columns: tb.columns, numeric };
  const find = (f: string) => tables.find((tb) => tb.file === f);
  const ruleText = Object.entries(s.shortlist).filter(([, v]) => v !== undefined).map(([k, v]) => `${k} = ${String(v)}`).join(', ');

  const levelSeries = [...s.levels.map((l) => l.name), w.t('EXP_LEVEL_NONE')];
  const levelRows = core.map((ind) => {
    const counts = new Array<number>(s.levels.length + 1).fill(0);
    const { cells, codes } = x.ranking.cellsOf(ind.id);
    const slot = cells.map((c) => { const idx = c.level === null ? -1 : s.levels.findIndex((l) => l.id === c.level); return idx < 0 ? s.levels.length : idx; });
    for (let j = 0; j < codes.length; j++) counts[slot[codes[j]!]!]! += 1;
    return { label: ind.name, counts };
  });
  const useNone = levelRows.some((r) => r.counts[s.levels.length]! > 0);
  const stacked = {
    kind: 'stacked' as const,
    title: w.t('EXP_HTML_CHART_LEVELS'),
    series: useNone ? levelSeries : levelSeries.slice(0, -1),
    rows: levelRows.map((r) => ({ label: r.label, counts: useNone ? r.counts : r.counts.slice(0, -1) })),
  };

  const method = s.scoring.method === 'topsis'
    ? w.t('EXP_HTML_METHOD_TOPSIS', { decimals: totalDecimals(s) })
    : w.t('EXP_HTML_METHOD_WEIGHTED', { levels: s.levels.map((l) => `${l.name} ${l.points}`).join(' / '), decimals: totalDecimals(s) });

  const indicatorTable = htmlTable(
    [w.t('EXP_COL_INDICATOR'), w.t('EXP_HTML_COL_TYPE'), w.t('EXP_HTML_COL_UNIT'), w.t('EXP_HTML_COL_WEIGHT'), w.t('EXP_HTML_COL_SCORING'), ...s.levels.map((l) => l.name)],
    core.map((i) => [i.name, w.t(`EXP_HTML_TYPE_${i.type}` as MessageCode), i.unit ?? '', String(i.weight), i.scoring ?? 'anchored',
      ...s.levels.map((l) => (i.thresholds?.[l.id] !== undefined ? String(i.thresholds[l.id]) : ''))]),
    [3],
  );

  const sections: ReportSection[] = [
    {
      heading: w.t('EXP_HTML_SCOPE'),
      paragraphs: [w.t('EXP_HTML_SCOPE_TEXT', {
        scheme: s.name, id: s.id, version: s.version, sha: x.schemeSha256.slice(0, 16), body: s.body.name, asOf: x.run.asOf,
        runId: x.run.id, shortlistId: x.shortlist.id, exportDate: x.exportDate,
      })],
    },
    {
      heading: w.t('EXP_HTML_METHOD'),
      paragraphs: [method, ...(x.ranking.cohortDependent ? [w.t('EXP_HTML_COHORT')] : []), w.t('EXP_HTML_SHORTLIST_RULE', { rule: ruleText })],
      table: indicatorTable,
    },
    {
      heading: w.t('EXP_HTML_COUNTS'),
      counts: [
        { label: w.t('EXP_HTML_COUNT_RANKED'), value: x.ranking.size },
        { label: w.t('EXP_HTML_COUNT_EXCLUDED'), value: x.ranking.excluded.length },
        { label: w.t('EXP_HTML_COUNT_SHORTLISTED'), value: x.shortlist.entries.length },
        { label: w.t('EXP_HTML_COUNT_REVOCATIONS'), value: x.revocations.length },
      ],
      charts: [
        ...(x.ranking.size ? [{ kind: 'histogram' as const, title: w.t('EXP_HTML_CHART_TOTALS'), bins: totalBins(x.ranking.total.map(Number)) }] : []),
        ...(core.length && x.ranking.size ? [stacked] : []),
      ],
    },
    {
      heading: w.t('EXP_HTML_SHORTLIST'),
      paragraphs: [
        w.t('EXP_NOTICE_PERIOD', { start: x.publicity.start, end: x.publicity.end, n: x.publicity.workingDays })
          + ' ' + w.t(x.publicity.countFrom === 'next' ? 'EXP_CONVENTION_next' : 'EXP_CONVENTION_start', { n: x.publicity.workingDays }),
        ...(x.publicity.started ? [] : [w.t('EXP_NOTICE_NOT_STARTED', { date: x.exportDate })]),
      ],
      table: asHtml(find('shortlist.csv'), [0, 7, 8]),
      empty: x.shortlist.reason ? w.t('EXP_NOTICE_EMPTY', { reason: x.shortlist.reason }) : w.t('EXP_HTML_NONE'),
    },
    { heading: w.t('EXP_HTML_RANKING'), table: asHtml(find('ranking.csv'), [0, 1]), empty: w.t('EXP_HTML_NONE') },
    { heading: w.t('EXP_HTML_EXCLUDED'), table: asHtml(find('excluded.csv')), empty: w.t('EXP_HTML_NONE') },
    { heading: w.t('EXP_HTML_SINGLE'), paragraphs: [w.t('EXP_HTML_SINGLE_NOTE')], table: singleByLevel(x, w), empty: w.t('EXP_HTML_NONE') },
  ];
  const rev = find('revocations.csv');
  if (rev) sections.push({ heading: w.t('EXP_SHEET_REVOCATIONS'), table: asHtml(rev, [0]) });
  return {
    lang: x.lang,
    title: w.t('EXP_HTML_TITLE', { category: s.category }),
    subtitle: x.lang === 'zh' ? `${s.name}（${s.body.name}）` : `${s.name} (${s.body.name})`,
    sections,
    footer: w.t('EXP_HTML_FOOTER', { version: x.toolVersion }),
  };
}

/** audit-events.jsonl: one event per line, exactly as stored (payload is the canonical JSON text that was hashed). */
export function auditJsonl(events: AuditEvent[]): string {
  return events.map((e) => JSON.stringify({ seq: e.seq, at: e.at, type: e.type, subject: e.subject, payload: e.payload, prev_hash: e.prevHash, hash: e.hash }) + '\n').join('');
}

/**
 * The events that led to the package: the chain from its start up to the last event about this
 * shortlist (its creation, publicity, objections), its run, or a revocation it lists. A prefix of the
 * chain, so anyone can recompute every hash from the genesis value.
 */
export function eventsLeadingTo(events: AuditEvent[], o: { shortlistId: number; runId: number; revocationIds: number[] }): AuditEvent[] {
  const subjects = new Set([`shortlist:${o.shortlistId}`, `run:${o.runId}`, ...o.revocationIds.map((id) => `revocation:${id}`)]);
  let last = 0;
  for (const e of events) {
    let related = subjects.has(e.subject);
    if (!related && e.type.startsWith('objection.')) {
      try {
        related = (JSON.parse(e.payload) as { shortlistId?: number }).shortlistId === o.shortlistId;
      } catch {
        related = false;
      }
    }
    if (related) last = Math.max(last, e.seq);
  }
  return events.filter((e) => e.seq <= last);
}
