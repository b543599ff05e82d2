/**
 * `leader export --shortlist <id> --out <dir|file.zip>`: gathers the run, scheme, shortlist,
 * publicity, revocations in scope and audit events from the store, builds the package content, the
 * manifest (and signature), and writes a folder or a zip. Nothing depends on the wall clock: the
 * export date defaults to the shortlist's creation date, so a re-export gives the same bytes.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { publicityEnd } from '../../core/calendar.js';
import { LeaderError, UsageError } from '../../core/errors.js';
import { buildManifest, serialiseManifest, SIGNATURE_FILE, type FileDigest } from '../../core/package-manifest.js';
import { readInputFile } from '../../io/files.js';
import { isZipTarget, writePackageDir, writePackageZip, type OutputFile } from '../../io/package.js';
import { reportHtmlChunks } from '../../io/report-html.js';
import { startXlsxWorker } from '../../io/xlsx.js';
import { listEvents } from '../../store/audit.js';
import { loadCalendar } from '../../store/calendar.js';
import { getRunView, readRunNames } from '../../store/runs.js';
import { listRevocations } from '../../store/revocations.js';
import { loadScheme } from '../../store/schemes.js';
import { getPublicity, getShortlist, listToPublish } from '../../store/shortlists.js';
import type { DB } from '../../store/db.js';
import { createProgress } from '../../ui/progress.js';
import type { Handler } from '../../ui/context.js';
import { openCommandStore } from '../open-store.js';
import {
  auditJsonl, buildTables, eventsLeadingTo, exportRunOfColumns, exportRunOfResult, publicityNotice, reportData, type ExportInput, type PublicityDates,
} from './content.js';
import { loadPrivateKey, signManifest } from './signature.js';

const enc = new TextEncoder();

function toolVersion(): string {
  const pkg = JSON.parse(readFileSync(new URL('../../../package.json', import.meta.url), 'utf8')) as { version: string };
  return pkg.version;
}

/** The calendar date (China Standard Time) of an ISO instant. */
function cstDate(iso: string): string {
  return new Date(new Date(iso).getTime() + 8 * 3600_000).toISOString().slice(0, 10);
}

function parseId(v: unknown): number {
  const s = String(v);
  if (!/^\d+$/.test(s)) throw new UsageError('E_BAD_NUMBER', { value: s });
  return Number(s);
}

function parseExportDate(v: unknown): string {
  const s = String(v);
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s);
  if (!m || new Date(`${s}T00:00:00Z`).toISOString().slice(0, 10) !== s || Number(m[1]) < 1980 || Number(m[1]) > 2099) throw new UsageError('E_BAD_DATE', { value: s });
  return s;
}

/** The period of the publicity: as recorded, or computed from the export date (day 1 = next working day). */
function publicityDates(db: DB, shortlistId: number, exportDate: string, warn: () => void): PublicityDates {
  const p = getPublicity(db, shortlistId);
  if (p) {
    const provisionalYears = Object.entries(p.calendarSources).filter(([, src]) => src === 'weekends-only').map(([y]) => Number(y)).sort();
    return {
      start: p.start, end: p.end, workingDays: p.workingDays, countFrom: p.countFrom, provisional: p.provisional,
      provisionalYears, sources: p.calendarSources, started: true, publishedDate: p.publishedDate,
    };
  }
  const cal = loadCalendar(db);
  let r;
  try {
    r = publicityEnd(cal, exportDate, 10, 'next');
  } catch (e) {
    if (!(e instanceof LeaderError) || e.code !== 'E_CALENDAR_YEAR_MISSING') throw e;
    r = publicityEnd(cal, exportDate, 10, 'next', { provisional: true });
    warn();
  }
  // The recorded start of a period counted "from the next working day" is the export date itself.
  return {
    start: r.firstDay, end: r.end, workingDays: r.workingDays, countFrom: 'start', provisional: r.provisional,
    provisionalYears: r.provisionalYears, sources: r.sources, started: false, publishedDate: null,
  };
}

export const exportPackage: Handler = async (ctx, _args, opts) => {
  const shortlistId = parseId(opts.shortlist);
  const target = resolve(ctx.cwd, String(opts.out));
  const asZip = opts.format ? opts.format === 'zip' : isZipTarget(target);
  const privateKey = opts.sign ? loadPrivateKey(readInputFile(resolve(ctx.cwd, String(opts.sign))), String(opts.sign)) : undefined;
  const lang = ctx.opts.lang;
  // The workbook's worker thread starts now: its start-up overlaps the reading of the store.
  const xlsxWorker = startXlsxWorker();

  const db = await openCommandStore(ctx, { create: false });
  let input: ExportInput;
  let events;
  try {
    const shortlist = getShortlist(db, shortlistId, { dropped: false }); // the package lists entries, not drops
    const view = getRunView(db, shortlist.runId);
    const { run } = view;
    const ranking = view.columns ? exportRunOfColumns(view.columns, readRunNames(db, view.columns)) : exportRunOfResult(view.result);
    const { stored, scheme } = loadScheme(db, run.schemeId, run.schemeVersion);
    const exportDate = opts.date ? parseExportDate(opts.date) : cstDate(shortlist.createdAt);
    const publicity = publicityDates(db, shortlistId, exportDate, () => ctx.out.warn('W_EXPORT_PROVISIONAL'));
    const usccs = new Set<string>(Array.from(ranking.uscc));
    for (const e of ranking.excluded) usccs.add(e.uscc);
    const revocations = listRevocations(db).filter((r) => r.schemeId === scheme.id || usccs.has(r.uscc));
    events = eventsLeadingTo(listEvents(db), { shortlistId, runId: run.id, revocationIds: revocations.map((r) => r.id) });
    input = {
      lang, toolVersion: toolVersion(), exportDate, scheme, schemeSha256: stored.sha256, run, ranking, shortlist,
      removed: listToPublish(db, shortlistId).removed, publicity, revocations, schemeContent: stored.content,
    };
  } finally {
    db.close();
  }

  const progress = createProgress(ctx.out, 'export');
  const tables = buildTables(input);
  const files: OutputFile[] = [];
  const digests: FileDigest[] = [];
  // each file hashed as soon as it is made, chunk by chunk
  const add = (path: string, chunks: Uint8Array[]): void => {
    const h = createHash('sha256');
    let size = 0;
    for (const c of chunks) { h.update(c); size += c.length; }
    files.push({ path, chunks });
    digests.push({ path, size, sha256: h.digest('hex') });
  };
  add('scheme.json', [enc.encode(input.schemeContent)]);
  // The workbook is written on the worker thread while the report and the CSV files are written here;
  // the worker writes the CSV files this thread has not taken once its share of the workbook is
  // done, and this thread writes the workbook's remaining blocks once it awaits it.
  const job = xlsxWorker.writeWithCsv(tables.map((tb) => ({ name: tb.sheet, table: tb })), { date: input.exportDate, title: input.scheme.name, creator: input.scheme.body.name });
  progress.update(1, tables.length + 6);
  const report = reportHtmlChunks(reportData(input, tables));
  progress.update(2, tables.length + 6);
  while (job.takeCsv()) progress.update(2, tables.length + 6);
  const csv = await job.csv;
  tables.forEach((tb, i) => add(tb.file, csv[i]!));
  progress.update(files.length, tables.length + 6);
  add('report.html', report);
  add('publicity-notice.md', [enc.encode(publicityNotice(input))]);
  add('audit-events.jsonl', [enc.encode(auditJsonl(events))]);
  add('ranking.xlsx', [await job.workbook]);

  const { run, scheme, shortlist, ranking } = input;
  const manifest = buildManifest({
    tool: { name: 'leader', version: input.toolVersion },
    lang,
    exportDate: input.exportDate,
    body: { name: scheme.body.name, uscc: scheme.body.uscc ?? null },
    scheme: { id: scheme.id, version: scheme.version, sha256: input.schemeSha256, name: scheme.name, category: scheme.category, year: scheme.year },
    run: { id: run.id, asOf: run.asOf, method: run.method, contentSha256: run.contentSha256, schemeSha256: run.schemeSha256, inputSha256: run.inputSha256, createdAt: run.createdAt },
    shortlist: { id: shortlist.id, createdAt: shortlist.createdAt },
    counts: { ranked: ranking.size, excluded: ranking.excluded.length, shortlisted: shortlist.entries.length, revocations: input.revocations.length, auditEvents: events.length },
    publicity: {
      start: input.publicity.start, end: input.publicity.end, workingDays: input.publicity.workingDays, countFrom: input.publicity.countFrom,
      provisional: input.publicity.provisional, started: input.publicity.started,
    },
    audit: events.length ? { firstSeq: events[0]!.seq, lastSeq: events[events.length - 1]!.seq, lastHash: events[events.length - 1]!.hash } : null,
    signed: Boolean(privateKey),
  }, digests);
  const manifestBytes = enc.encode(serialiseManifest(manifest));
  files.push({ path: 'manifest.json', chunks: [manifestBytes] });
  let keyId: string | null = null;
  if (privateKey) {
    const sig = signManifest(manifestBytes, privateKey);
    keyId = sig.keyId;
    files.push({ path: SIGNATURE_FILE, chunks: [enc.encode(JSON.stringify(sig, null, 2) + '\n')] });
  }
  progress.update(files.length, files.length);

  let zipSha256: string | null = null;
  if (asZip) {
    const bytes = await writePackageZip(target, files, input.exportDate, { force: Boolean(opts.force) });
    zipSha256 = createHash('sha256').update(bytes).digest('hex');
  } else {
    const { others } = writePackageDir(target, files, { force: Boolean(opts.force), alsoRemove: privateKey ? [] : [SIGNATURE_FILE] });
    if (others.length) ctx.out.warn('W_EXPORT_OTHER_FILES', { count: others.length, example: others[0] });
  }
  progress.stop();

  ctx.out.info('I_EXPORT_DONE', { path: target, count: files.length });
  if (keyId) ctx.out.info('I_EXPORT_SIGNED', { keyId: keyId.slice(0, 16) });
  ctx.out.data(target);
  return {
    json: {
      export: {
        target,
        kind: asZip ? 'zip' : 'dir',
        shortlistId, runId: run.id, exportDate: input.exportDate, lang,
        manifestSha256: createHash('sha256').update(manifestBytes).digest('hex'),
        zipSha256,
        signed: Boolean(privateKey), keyId,
        publicity: manifest.publicity,
        counts: manifest.counts,
        files: [...manifest.files, { path: 'manifest.json', size: manifestBytes.length, sha256: createHash('sha256').update(manifestBytes).digest('hex') }],
      },
    },
  };
};
