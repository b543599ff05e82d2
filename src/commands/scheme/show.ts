import { coreIndicators, baselineIndicators } from '../../core/scheme.js';
import { loadScheme } from '../../store/schemes.js';
import type { Handler } from '../../ui/context.js';
import { renderTable } from '../../ui/table.js';
import { openCommandStore } from '../open-store.js';

export const show: Handler = async (ctx, [id], opts) => {
  const db = await openCommandStore(ctx, { create: false });
  try {
    const { stored, scheme } = loadScheme(db, id!, opts.schemeVersion);
    const { content, ...meta } = stored;
    if (opts.raw) {
      if (!ctx.opts.json) ctx.out.raw(content);
      return { json: { scheme: meta, content } };
    }
    const zh = ctx.out.lang === 'zh';
    const lines = [
      `${scheme.name}`,
      `${zh ? 'id / 版本' : 'id / version'}: ${scheme.id} ${scheme.version}    SHA-256: ${stored.sha256}`,
      `${zh ? '品类' : 'category'}: ${scheme.category}    ${zh ? '年度' : 'year'}: ${scheme.year}    ${zh ? '评估周期' : 'cycle'}: ${scheme.cycleMonths} ${zh ? '个月' : 'months'}${scheme.cutoffDate ? `    ${zh ? '截止日期' : 'cut-off'}: ${scheme.cutoffDate}` : ''}`,
      `${zh ? '评估机构' : 'evaluation body'}: ${scheme.body.name}`,
      `${zh ? '方法' : 'method'}: ${scheme.scoring.method}`,
      `${zh ? '水平' : 'levels'}: ${scheme.levels.map((l) => `${l.name}(${l.id}) ${l.points}`).join(' < ')}`,
    ];
    ctx.out.data(lines.join('\n'));
    ctx.out.data(renderTable(ctx.out,
      zh ? ['指标', '名称', '类型', '权重', '阈值 / 限值', '评分'] : ['indicator', 'name', 'type', 'weight', 'thresholds / limit', 'scoring'],
      [
        ...coreIndicators(scheme).map((i) => [i.id, i.name, `core ${i.type}`, i.weight,
          scheme.levels.map((l) => `${l.id}: ${i.thresholds?.[l.id] ?? '-'}${i.unit && i.type !== 'grade' ? i.unit : ''}`).join(', '), i.scoring ?? 'anchored']),
        ...baselineIndicators(scheme).map((i) => [i.id, i.name, `baseline ${i.type}`, '-', i.type === 'boolean' ? (zh ? '须为“是”' : 'must be true') : `${i.type === 'lower' ? '≤' : '≥'} ${i.limit}${i.unit ?? ''}`, '-']),
      ]));
    return { json: { scheme: { ...meta, content: scheme } } };
  } finally {
    db.close();
  }
};
