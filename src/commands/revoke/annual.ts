/** `leader report annual --year <y>`: gathers the year's facts from the store and writes the summary (Markdown or JSON). */
import { annualMarkdown, annualSummary, type AnnualInput } from '../../core/annual.js';
import { UsageError } from '../../core/errors.js';
import { today } from '../../io/clock.js';
import type { DB } from '../../store/db.js';
import { getRun, listRuns } from '../../store/runs.js';
import { listSchemes } from '../../store/schemes.js';
import { getPublicity, listShortlists } from '../../store/shortlists.js';
import { leadersWithRevocations, listImportRecords, listRevocations } from '../../store/revocations.js';
import type { Handler } from '../../ui/context.js';
import { openCommandStore } from '../open-store.js';
import { cstDate, emit, required } from './common.js';
import { schemeInfo } from './notice.js';

export function gatherAnnual(db: DB, year: number, generatedOn: string): AnnualInput {
  const y = String(year);
  const inYear = (date: string | null | undefined) => Boolean(date && date.slice(0, 4) === y);
  const imports = listImportRecords(db).map((x) => ({ ...x, finishedOn: cstDate(x.finishedAt) })).filter((x) => inYear(x.finishedOn));
  const runs = listRuns(db).filter((r) => inYear(cstDate(r.createdAt))).map((r) => {
    const { result } = getRun(db, r.id);
    const standards = [...result.entries, ...result.excluded].map((e) => `${e.uscc}|${e.standardNo}`);
    return { id: r.id, schemeId: r.schemeId, asOf: r.asOf, createdOn: cstDate(r.createdAt), entries: result.entries.length, excluded: result.excluded.length, standards };
  });
  const shortlists = listShortlists(db).filter((s) => inYear(cstDate(s.createdAt)))
    .map((s) => ({ id: s.id, schemeId: s.schemeId, runId: s.runId, createdOn: cstDate(s.createdAt), entries: s.entries.length, reason: s.reason, status: s.status }));
  const publicity: AnnualInput['publicity'] = [];
  for (const s of listShortlists(db)) {
    const p = getPublicity(db, s.id);
    if (!p || !(inYear(p.start) || inYear(p.publishedDate) || (p.publishedDate === null && p.start.slice(0, 4) <= y))) continue;
    const count = (d: 'upheld' | 'rejected' | null) => p.objections.filter((o) => o.decision === d).length;
    publicity.push({ shortlistId: s.id, schemeId: s.schemeId, start: p.start, end: p.end, publishedDate: p.publishedDate,
      objections: { total: p.objections.length, upheld: count('upheld'), rejected: count('rejected'), open: count(null) } });
  }
  const revocations = listRevocations(db);
  const leaders = leadersWithRevocations(db, undefined, revocations).filter((l) => inYear(l.publishedDate))
    .map((l) => ({ schemeId: l.schemeId, shortlistId: l.shortlistId, standardNo: l.standardNo, uscc: l.uscc, enterpriseName: l.enterpriseName, publishedDate: l.publishedDate, revoked: l.revokedBy.length > 0 }));
  const worked = new Set([...imports.map((x) => x.schemeId), ...runs.map((x) => x.schemeId), ...shortlists.map((x) => x.schemeId), ...publicity.map((x) => x.schemeId)]);
  const latest = new Map<string, ReturnType<typeof listSchemes>[number]>();
  for (const s of listSchemes(db)) latest.set(s.id, s); // ordered by id then order of addition: the last is current
  const schemes = [...latest.values()].filter((s) => s.year === year || worked.has(s.id))
    .map((s) => ({ id: s.id, version: s.version, name: s.name, category: s.category, year: s.year }));
  const info = schemeInfo(db);
  const bodies = schemes.map((s) => info.get(s.id)?.body).filter((b): b is string => Boolean(b));
  return {
    year, generatedOn, bodies, schemes, imports, runs, shortlists, publicity, leaders,
    revocations: revocations.filter((r) => inYear(r.date)).map((r) => ({
      id: r.id, reason: r.reason, integrity: r.integrity, date: r.date, rescinded: r.rescission !== null, uscc: r.uscc, enterpriseName: r.enterpriseName, standardNo: r.standardNo,
    })),
  };
}

export const annual: Handler = async (ctx, _args, o) => {
  const yearText = String(required(o.year, '--year'));
  if (!/^\d{4}$/.test(yearText)) throw new UsageError('E_REPORT_BAD_YEAR', { value: yearText });
  const year = Number(yearText);
  const out = o.out as string | undefined;
  const format: 'md' | 'json' = (o.format as 'md' | 'json' | undefined) ?? (out && /\.json$/i.test(out) ? 'json' : 'md');
  const db = await openCommandStore(ctx, { create: false });
  try {
    const summary = annualSummary(gatherAnnual(db, year, today()));
    const text = format === 'json' ? JSON.stringify(summary, null, 2) + '\n' : annualMarkdown(summary, ctx.out.lang);
    const file = emit(ctx, text, out, Boolean(o.force));
    if (file) ctx.out.info('I_REPORT_WRITTEN', { year, file });
    return { json: { file, format, summary } };
  } finally {
    db.close();
  }
};
