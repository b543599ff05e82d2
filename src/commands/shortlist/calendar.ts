/** `leader calendar add|end|show`: official year data (holiday-cn layout), period ends, a year's holidays. */
import { basename, resolve } from 'node:path';
import { buildCalendar, calendarYearMissing, parseDate, publicityEnd, weekday, type CalendarYear, type CountFrom } from '../../core/calendar.js';
import { DataError, LeaderError, UsageError } from '../../core/errors.js';
import { parseJsonFile, readInputFile, sha256 } from '../../io/files.js';
import { shippedCalendarYears, validateHolidayCn } from '../../io/holidays.js';
import { addCalendarYear, calendarTables } from '../../store/calendar.js';
import type { Context, Handler } from '../../ui/context.js';
import { renderTable } from '../../ui/table.js';
import { openCommandStore } from '../open-store.js';
import { conventionText, maybeDry, Warnings } from './common.js';

export const add: Handler = async (ctx, [file], opts) => {
  const path = resolve(ctx.cwd, file!);
  const bytes = readInputFile(path);
  const v = validateHolidayCn(parseJsonFile(path, bytes), `user:${basename(path)}`);
  if (!v.ok) {
    const first = v.problems[0]!;
    throw new DataError('E_CALENDAR_FILE_INVALID', { file: basename(path), count: v.problems.length, first: `${first.path}: ${first.problem}` }, { problems: v.problems });
  }
  const table = v.table;
  const db = await openCommandStore(ctx, { create: true });
  try {
    const warnings = new Warnings(ctx.out);
    const dryRun = Boolean(opts.dryRun);
    const content = JSON.stringify({ year: table.year, papers: table.papers, days: table.days });
    const outcome = maybeDry(db, dryRun, () => addCalendarYear(db, table, content, sha256(bytes), { replace: Boolean(opts.replace) }));
    const shipped = shippedCalendarYears().find((s) => s.year === table.year);
    if (shipped && outcome !== 'unchanged') warnings.add('W_CALENDAR_OVERRIDES_SHIPPED', { year: table.year, source: shipped.source });
    const params = { year: table.year, days: table.days.length, source: table.source };
    if (dryRun) ctx.out.warn('W_DRY_RUN');
    else ctx.out.info(outcome === 'added' ? 'I_CALENDAR_ADDED' : outcome === 'replaced' ? 'I_CALENDAR_REPLACED' : 'I_CALENDAR_UNCHANGED', params);
    return {
      json: {
        calendar: { year: table.year, source: table.source, sha256: sha256(bytes), outcome, holidays: table.days.filter((d) => d.isOffDay).length, adjustedWorkingDays: table.days.filter((d) => !d.isOffDay).length },
        dryRun, warnings: warnings.list,
      },
    };
  } finally {
    db.close();
  }
};

export const end: Handler = async (ctx, [date], opts) => {
  const start = parseDate(date!);
  const n = Number(opts.days);
  if (!/^\d+$/.test(String(opts.days)) || n < 1) throw new UsageError('E_BAD_WORKING_DAYS', { value: String(opts.days) });
  const tables = await tablesInForce(ctx);
  const period = publicityEnd(buildCalendar(tables), start, n, opts.countFrom as CountFrom, { provisional: Boolean(opts.provisional) });
  const zh = ctx.out.lang === 'zh';
  const warnings = new Warnings(ctx.out);
  ctx.out.data([
    zh ? `结束日：${period.end}` : `End: ${period.end}`,
    zh ? `开始日 ${period.start}，第 1 个工作日 ${period.firstDay}，第 ${n} 个工作日 ${period.end}（含当日）`
      : `start ${period.start}, working day 1 ${period.firstDay}, working day ${n} ${period.end} (inclusive)`,
    conventionText(ctx.out, period.countFrom),
    ...(period.provisional ? [ctx.out.t('PROVISIONAL_STAMP', { years: period.provisionalYears.join(', ') })] : []),
    (zh ? '数据来源：' : 'data: ') + Object.entries(period.sources).map(([y, s]) => `${y} ${s}`).join('; '),
  ].join('\n'));
  if (period.provisional) warnings.add('W_CALENDAR_PROVISIONAL', { years: period.provisionalYears.join(', ') });
  return { json: { period, warnings: warnings.list } };
};

const WEEKDAYS = { zh: ['日', '一', '二', '三', '四', '五', '六'], en: ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'] };

export const show: Handler = async (ctx, [yearArg]) => {
  if (!/^\d{4}$/.test(String(yearArg))) throw new UsageError('E_BAD_NUMBER', { value: String(yearArg) });
  const year = Number(yearArg);
  const tables = await tablesInForce(ctx);
  const table = tables.find((t) => t.year === year);
  if (!table) throw calendarYearMissing(year);
  const zh = ctx.out.lang === 'zh';
  const days = table.days.filter((d) => d.date.startsWith(`${year}-`));
  ctx.out.data(zh ? `${year} 年（来源：${table.source}）` : `${year} (source: ${table.source})`);
  ctx.out.data(renderTable(ctx.out,
    zh ? ['日期', '星期', '名称', '类型'] : ['date', 'day', 'name', 'kind'],
    days.map((d) => [d.date, WEEKDAYS[ctx.out.lang][weekday(d.date)]!, d.name, d.isOffDay ? (zh ? '放假' : 'holiday') : (zh ? '调休上班' : 'adjusted working day')])));
  return {
    json: {
      year, source: table.source, papers: table.papers,
      holidays: days.filter((d) => d.isOffDay).map((d) => ({ date: d.date, name: d.name })),
      adjustedWorkingDays: days.filter((d) => !d.isOffDay).map((d) => ({ date: d.date, name: d.name })),
      years: tables.map((t) => ({ year: t.year, source: t.source })),
    },
  };
};

/** Shipped plus user-added years; without a store (none yet), the shipped years only (no file is created). */
async function tablesInForce(ctx: Context): Promise<CalendarYear[]> {
  let db;
  try {
    db = await openCommandStore(ctx, { create: false });
  } catch (e) {
    if (e instanceof LeaderError && e.code === 'E_DB_MISSING') return shippedCalendarYears();
    throw e;
  }
  try {
    return calendarTables(db);
  } finally {
    db.close();
  }
}
