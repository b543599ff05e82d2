/**
 * The ranking as CSV: UTF-8 with BOM, CRLF, RFC 4180 quoting; text cells starting with = + - @ tab
 * or CR are prefixed with ' (OWASP CSV injection), numbers stay numbers.
 */
import type { Scheme } from '../../core/scheme.js';
import type { RunResult } from '../../core/types.js';
import type { Lang } from '../../i18n/index.js';
import { csvCell } from '../../io/csv-write.js';

type Cell = { text: string } | { num: string | number };

function text(s: string | null | undefined): Cell {
  return { text: s ?? '' };
}

/** Numbers as written; text quoted and neutralised by the one CSV cell writer (src/io/csv-write.ts). */
function field(c: Cell): string {
  if ('num' in c) {
    const s = String(c.num);
    return /^-?\d+(\.\d+)?$/.test(s) ? s : csvCell(s);
  }
  return csvCell(c.text);
}

export function rankingCsv(result: RunResult, scheme: Scheme | undefined, lang: Lang): string {
  const zh = lang === 'zh';
  const levelName = new Map((scheme?.levels ?? []).map((l) => [l.id, l.name]));
  const inds = result.indicators;
  const numeric = new Map((scheme?.indicators ?? []).map((i) => [i.id, i.type !== 'grade' && i.type !== 'boolean']));
  const head = (zh
    ? ['排名', '总分', '标准编号', '统一社会信用代码', '企业名称', '标准名称', '产品名称', '型号']
    : ['rank', 'total', 'standard_no', 'uscc', 'enterprise_name', 'standard_name', 'product', 'models'])
    .concat(...inds.map((i) => (zh ? [i.name, `${i.name}水平`, `${i.name}得分`] : [i.id, `${i.id}_level`, `${i.id}_score`])));
  const lines = [head.map((h) => field(text(h))).join(',')];
  for (const e of result.entries) {
    const row: Cell[] = [{ num: e.rank }, { num: e.total }, text(e.standardNo), text(e.uscc), text(e.enterpriseName), text(e.standardName), text(e.product), text(e.models.join(zh ? '、' : '; '))];
    for (const i of inds) {
      const v = e.values[i.id];
      row.push(v === undefined ? text('') : numeric.get(i.id) ? { num: v } : text(v));
      const l = e.levels[i.id];
      row.push(text(l == null ? '' : zh ? levelName.get(l) ?? l : l));
      row.push(e.scores[i.id] === undefined ? text('') : { num: e.scores[i.id]! });
    }
    lines.push(row.map(field).join(','));
  }
  return '\uFEFF' + lines.join('\r\n') + '\r\n';
}
