/**
 * Deterministic synthetic input for `npm run bench`: a scheme with 10 core indicators of every kind
 * (higher / lower / grade; levels / anchored / cohort scoring) plus baseline indicators, and CSV files
 * of fictional enterprise standards (企业标准) as they arrive from Excel ("CSV UTF-8": BOM, CRLF) with
 * realistic Chinese enterprise names, valid GB 32100 credit codes (统一社会信用代码), standard numbers
 * like `Q/QFDQ 0001S-2024`, and comparators / units in some values. Same seed, same bytes.
 */
import { closeSync, openSync, writeFileSync, writeSync } from 'node:fs';

// ---------------------------------------------------------------------------------------------
// Seeded pseudo-random numbers (mulberry32: integer arithmetic only, identical on every platform)

export type Rng = () => number;

/** A generator of uniform numbers in [0, 1) that depends only on the seed. */
export function createRng(seed: number): Rng {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function int(rng: Rng, min: number, max: number): number {
  return min + Math.floor(rng() * (max - min + 1));
}
function pick<T>(rng: Rng, items: readonly T[]): T {
  return items[Math.floor(rng() * items.length)]!;
}

// ---------------------------------------------------------------------------------------------
// Unified Social Credit Code, GB 32100-2015 (domain.md)

export const USCC_CHARSET = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const USCC_WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];

/** The check character (18th) for the first 17 characters of a credit code. */
export function usccCheckCharacter(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) {
    const v = USCC_CHARSET.indexOf(first17[i]!);
    if (v < 0) throw new Error(`not a credit-code character: ${first17[i]}`);
    sum += v * USCC_WEIGHTS[i]!;
  }
  return USCC_CHARSET[(31 - (sum % 31)) % 31]!;
}

/** GB 11714 organisation code check character (positions 9-17 of a credit code hold the 9-char code). */
function orgCodeCheck(eight: string): string {
  const w = [3, 7, 9, 10, 5, 8, 4, 2];
  let sum = 0;
  for (let i = 0; i < 8; i++) sum += Number(eight[i]) * w[i]!;
  const c = 11 - (sum % 11);
  return c === 10 ? 'X' : c === 11 ? '0' : String(c);
}

/**
 * A valid credit code for enterprise number `n`: 9 (registered by market regulation) 1 (enterprise),
 * the region's administrative division code, a 9-character organisation code unique per `n`, and the
 * GB 32100 check character.
 */
export function creditCode(n: number, regionCode: string, salt: number): string {
  const body = String((((n + 1) * 7919 + salt) % 100_000_000 + 100_000_000) % 100_000_000).padStart(8, '0');
  const first17 = `91${regionCode}${body}${orgCodeCheck(body)}`;
  return first17 + usccCheckCharacter(first17);
}

// ---------------------------------------------------------------------------------------------
// Fictional enterprises

/** [division code, province short name, city name, region as the platform shows it] */
const REGIONS: ReadonlyArray<readonly [string, string, string, string]> = [
  ['110108', '北京', '北京市', '北京市海淀区'], ['120116', '天津', '天津市', '天津市滨海新区'],
  ['310115', '上海', '上海市', '上海市浦东新区'], ['320505', '江苏', '苏州市', '江苏省苏州市虎丘区'],
  ['320205', '江苏', '无锡市', '江苏省无锡市锡山区'], ['320115', '江苏', '南京市', '江苏省南京市江宁区'],
  ['330106', '浙江', '杭州市', '浙江省杭州市西湖区'], ['330203', '浙江', '宁波市', '浙江省宁波市海曙区'],
  ['330382', '浙江', '乐清市', '浙江省温州市乐清市'], ['331081', '浙江', '温岭市', '浙江省台州市温岭市'],
  ['340104', '安徽', '合肥市', '安徽省合肥市蜀山区'], ['350206', '福建', '厦门市', '福建省厦门市湖里区'],
  ['370212', '山东', '青岛市', '山东省青岛市崂山区'], ['370102', '山东', '济南市', '山东省济南市历下区'],
  ['410105', '河南', '郑州市', '河南省郑州市金水区'], ['420106', '湖北', '武汉市', '湖北省武汉市武昌区'],
  ['430104', '湖南', '长沙市', '湖南省长沙市岳麓区'], ['440106', '广东', '广州市', '广东省广州市天河区'],
  ['440305', '广东', '深圳市', '广东省深圳市南山区'], ['440606', '广东', '佛山市', '广东省佛山市顺德区'],
  ['442000', '广东', '中山市', '广东省中山市'], ['441900', '广东', '东莞市', '广东省东莞市'],
  ['440402', '广东', '珠海市', '广东省珠海市香洲区'], ['500112', '重庆', '重庆市', '重庆市渝北区'],
  ['510107', '四川', '成都市', '四川省成都市武侯区'], ['610113', '陕西', '西安市', '陕西省西安市雁塔区'],
  ['210202', '辽宁', '大连市', '辽宁省大连市中山区'], ['130102', '河北', '石家庄市', '河北省石家庄市长安区'],
];
const TRADE_CHARS = [...'清风净源华美格智康泰安宁新达恒瑞德信鑫博宇嘉和益海川晨睿禾森远航辰佳优洁蓝天绿青沐岚'];
const INDUSTRIES = ['电器', '环境科技', '智能科技', '电子', '家用电器', '净化科技', '环保设备', '健康科技', '电气'];
const LETTERS = 'ABCDEFGHJKLMNPQRSTWXYZ';

interface Enterprise {
  name: string;
  uscc: string;
  region: string;
  /** the enterprise's own code inside its standard numbers */
  code: string;
  /** standard number style: `Q/CODE 0001S-2024` or `Q/CODE001-2021` */
  style: 'S' | 'plain';
  brands: string[];
}

function enterprise(rng: Rng, n: number, salt: number): Enterprise {
  const [division, province, city, region] = pick(rng, REGIONS);
  let a = pick(rng, TRADE_CHARS);
  let b = pick(rng, TRADE_CHARS);
  if (a === b) b = TRADE_CHARS[(TRADE_CHARS.indexOf(a) + 7) % TRADE_CHARS.length]!;
  const trade = a + b;
  const u = rng();
  const suffix = u < 0.75 ? '有限公司' : u < 0.93 ? '股份有限公司' : '集团有限公司';
  const prefix = rng() < 0.5 ? province : city;
  const name = `${prefix}${trade}${pick(rng, INDUSTRIES)}${suffix}`;
  let code = '';
  for (let i = int(rng, 3, 4); i > 0; i--) code += pick(rng, [...LETTERS]);
  const brands = [trade];
  if (rng() < 0.3) brands.push(pick(rng, TRADE_CHARS) + pick(rng, ['净', '风', '享', '境', '氧']));
  return { name, uscc: creditCode(n, division, salt), region, code, style: rng() < 0.7 ? 'S' : 'plain', brands };
}

// ---------------------------------------------------------------------------------------------
// The scheme: 10 core indicators of every kind, baseline indicators

export const BENCH_SCHEME_ID = 'bench-air-purifier-2026';

interface NumericSpec {
  kind: 'numeric';
  id: string;
  header: string;
  type: 'higher' | 'lower';
  decimals: number;
  thresholds: [number, number, number];
  /** unit written after some values (only NFKC-stable units) */
  valueUnit?: string;
}
interface GradeSpec { kind: 'grade'; id: string; header: string; grades: string[] }
type CoreSpec = NumericSpec | GradeSpec;

/** How each core indicator's values are generated, with the CSV header it is written under. */
const CORE: CoreSpec[] = [
  { kind: 'numeric', id: 'cadr_particle', header: '颗粒物洁净空气量', type: 'higher', decimals: 0, thresholds: [300, 400, 500] },
  { kind: 'numeric', id: 'cadr_formaldehyde', header: '甲醛CADR', type: 'higher', decimals: 0, thresholds: [100, 150, 200] },
  { kind: 'numeric', id: 'particle_efficiency', header: '颗粒物净化能效', type: 'higher', decimals: 1, thresholds: [5.0, 8.0, 11.0] },
  { kind: 'numeric', id: 'noise', header: '噪声(dB)', type: 'lower', decimals: 1, thresholds: [60.0, 55.0, 50.0], valueUnit: 'dB' },
  { kind: 'numeric', id: 'standby_power', header: '待机功率(W)', type: 'lower', decimals: 2, thresholds: [2.0, 1.0, 0.5], valueUnit: 'W' },
  { kind: 'grade', id: 'ccm_particle', header: '颗粒物累积净化量', grades: ['P4', 'P3', 'P2', 'P1'] },
  { kind: 'grade', id: 'ccm_formaldehyde', header: 'ccm_formaldehyde', grades: ['F4', 'F3', 'F2', 'F1'] },
  { kind: 'numeric', id: 'ozone', header: '臭氧浓度增加量', type: 'lower', decimals: 3, thresholds: [0.05, 0.03, 0.01] },
  { kind: 'numeric', id: 'filter_life', header: '滤网寿命(h)', type: 'higher', decimals: 0, thresholds: [2000, 3000, 4000], valueUnit: 'h' },
  { kind: 'grade', id: 'energy_grade', header: '能效等级', grades: ['1级', '2级', '3级'] },
];

/** The bench scheme as a JSON-ready object (valid under scoring.md §1). */
export function benchScheme(): Record<string, unknown> {
  const levels = [
    { id: 'base', name: '基准水平', points: 60 },
    { id: 'advanced', name: '先进水平', points: 80 },
    { id: 'leader', name: '领跑水平', points: 100 },
  ];
  const th = (t: [number, number, number]) => ({ base: t[0], advanced: t[1], leader: t[2] });
  const indicators = [
    { id: 'cadr_particle', name: '颗粒物洁净空气量', aliases: ['颗粒物CADR'], unit: 'm³/h', role: 'core', type: 'higher',
      decimals: 0, weight: 15, scoring: 'anchored', thresholds: th([300, 400, 500]), reference: 'GB/T 18801-2022（示例阈值）' },
    { id: 'cadr_formaldehyde', name: '甲醛洁净空气量', aliases: ['甲醛CADR'], unit: 'm³/h', role: 'core', type: 'higher',
      decimals: 0, weight: 10, scoring: 'cohort', thresholds: th([100, 150, 200]) },
    { id: 'particle_efficiency', name: '颗粒物净化能效', role: 'core', type: 'higher',
      decimals: 1, weight: 10, scoring: 'levels', thresholds: th([5.0, 8.0, 11.0]) },
    { id: 'noise', name: '噪声', aliases: ['噪声(dB)'], unit: 'dB', role: 'core', type: 'lower',
      decimals: 1, weight: 10, scoring: 'cohort', thresholds: th([60.0, 55.0, 50.0]) },
    { id: 'standby_power', name: '待机功率', aliases: ['待机功率(W)'], unit: 'W', role: 'core', type: 'lower',
      decimals: 2, weight: 5, scoring: 'levels', thresholds: th([2.0, 1.0, 0.5]) },
    { id: 'ccm_particle', name: '颗粒物累积净化量', role: 'core', type: 'grade', grades: ['P4', 'P3', 'P2', 'P1'],
      weight: 10, scoring: 'levels', thresholds: { base: 'P2', advanced: 'P3', leader: 'P4' } },
    { id: 'ccm_formaldehyde', name: '甲醛累积净化量', role: 'core', type: 'grade', grades: ['F4', 'F3', 'F2', 'F1'],
      weight: 10, thresholds: { base: 'F2', advanced: 'F3', leader: 'F4' } },
    { id: 'ozone', name: '臭氧浓度增加量', unit: 'mg/m³', role: 'core', type: 'lower',
      decimals: 3, weight: 10, scoring: 'anchored', thresholds: th([0.05, 0.03, 0.01]) },
    { id: 'filter_life', name: '滤网寿命', aliases: ['滤网寿命(h)'], unit: 'h', role: 'core', type: 'higher',
      decimals: 0, weight: 10, scoring: 'anchored', thresholds: th([2000, 3000, 4000]) },
    { id: 'energy_grade', name: '能效等级', role: 'core', type: 'grade', grades: ['1级', '2级', '3级'],
      weight: 10, scoring: 'levels', thresholds: { base: '3级', advanced: '2级', leader: '1级' } },
    { id: 'leakage_current', name: '泄漏电流', aliases: ['泄漏电流(mA)'], unit: 'mA', role: 'baseline', type: 'lower', limit: 0.75 },
    { id: 'insulation_resistance', name: '绝缘电阻', role: 'baseline', type: 'higher', limit: 2 },
    { id: 'ccc', name: 'CCC认证', aliases: ['3C认证'], role: 'baseline', type: 'boolean' },
  ];
  return {
    id: BENCH_SCHEME_ID,
    version: '1.0.0',
    name: '空气净化器企业标准“领跑者”评估方案（基准测试用虚构方案）',
    category: '空气净化器',
    year: 2026,
    cycleMonths: 12,
    cutoffDate: '2026-06-30',
    body: { name: '示例标准化研究院（虚构评估机构）' },
    basis: [{ code: 'GB/T 18801-2022', title: '空气净化器' }],
    levels,
    indicators,
    scoring: { method: 'weighted-sum', decimals: 2, missingCore: 'exclude' },
    shortlist: { maxLeaders: 50, maxShare: 0.1, minScore: 70, requireAllCoreAtLeast: 'base',
      minParticipants: 5, maxPerEnterprise: 1, tiePolicy: 'include-all' },
  };
}

// ---------------------------------------------------------------------------------------------
// Rows

export const HEADERS = [
  '标准编号', '标准名称', '企业名称', '统一社会信用代码', '产品名称', '品牌', '规格型号', '公开日期', '实施日期', '状态', '行政区划',
  ...CORE.map((c) => c.header), '泄漏电流(mA)', '绝缘电阻', '3C认证',
];

/** An integer count of 10^-decimals units written as decimal text, exactly (no binary float). */
function decimalText(units: number, decimals: number): string {
  const neg = units < 0;
  const s = String(Math.abs(units)).padStart(decimals + 1, '0');
  const out = decimals === 0 ? s : `${s.slice(0, s.length - decimals)}.${s.slice(s.length - decimals)}`;
  return neg ? `-${out}` : out;
}

function numericValue(rng: Rng, spec: NumericSpec): string {
  const u = rng();
  if (u < 0.004) return '';                                      // missing
  const scale = 10 ** spec.decimals;
  const [base, , leader] = spec.thresholds.map((t) => Math.round(t * scale)) as [number, number, number];
  const span = leader - base;                                     // negative for `lower`
  let units: number;
  if (u < 0.012) units = base - Math.round(span * (0.05 + rng() * 0.2));   // weaker than the reference level
  else units = base + Math.round(span * rng() * 1.25);             // base .. a little beyond leader
  if (spec.type === 'lower' && units < 0) units = 0;
  let text = decimalText(units, spec.decimals);
  if (spec.valueUnit && rng() < 0.25) text += spec.valueUnit;
  const c = rng();
  if (c < 0.12) text = (spec.type === 'lower' ? '≤' : '≥') + text;
  else if (c < 0.18) text = (spec.type === 'lower' ? '不大于 ' : '不小于 ') + text;
  return text;
}

function gradeValue(rng: Rng, spec: GradeSpec): string {
  const u = rng();
  if (u < 0.004) return '';
  // Mostly the top grades; the worst grade (below base for the 4-grade scales) now and then.
  const weights = spec.grades.length === 4 ? [0.3, 0.35, 0.3, 0.05] : [0.35, 0.45, 0.2];
  let r = rng();
  for (let i = 0; i < weights.length; i++) {
    if (r < weights[i]!) return spec.grades[i]!;
    r -= weights[i]!;
  }
  return spec.grades[spec.grades.length - 1]!;
}

function dateText(rng: Rng, y: number, m: number, d: number): string {
  const u = rng();
  const mm = String(m).padStart(2, '0');
  const dd = String(d).padStart(2, '0');
  if (u < 0.85) return `${y}-${mm}-${dd}`;
  if (u < 0.95) return `${y}/${m}/${d}`;
  return `${y}年${m}月${d}日`;
}

/** Day number since 2019-01-01 -> [y, m, d] (proleptic Gregorian, integer arithmetic). */
function fromDay(n: number): [number, number, number] {
  const ms = Date.UTC(2019, 0, 1) + n * 86_400_000;
  const dt = new Date(ms);
  return [dt.getUTCFullYear(), dt.getUTCMonth() + 1, dt.getUTCDate()];
}
const CUTOFF_DAY = (Date.UTC(2026, 5, 30) - Date.UTC(2019, 0, 1)) / 86_400_000;

function csvCell(s: string): string {
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/**
 * The rows of a bench CSV, as cell arrays, in file order. Each enterprise declares 1..8 standards
 * (one per product series); identity (credit code, standard number) is unique by construction.
 */
export function* generateRows(rows: number, seed: number): Generator<string[]> {
  const rng = createRng(seed);
  const salt = Math.floor(rng() * 100_000_000);
  let produced = 0;
  for (let n = 0; produced < rows; n++) {
    const e = enterprise(rng, n, salt);
    const count = Math.min(int(rng, 1, 8), rows - produced);
    for (let j = 1; j <= count; j++, produced++) {
      const day = rng() < 0.005 ? CUTOFF_DAY + int(rng, 1, 90) : int(rng, 0, CUTOFF_DAY);
      const [py, pm, pd] = fromDay(day);
      const [iy, im, idd] = fromDay(day + int(rng, 0, 30));
      const year = Math.max(2019, py - int(rng, 0, 1));
      const standardNo = e.style === 'S'
        ? `Q/${e.code} ${String(j).padStart(4, '0')}S-${year}`
        : `Q/${e.code}${String(j).padStart(3, '0')}-${year}`;
      const series = pick(rng, ['KJ', 'KJF', 'KJFB']) + String(int(rng, 20, 99)) + '0F';
      const nModels = int(rng, 1, 3);
      const models: string[] = [];
      for (let k = 0; k < nModels; k++) models.push(`${series}-${pick(rng, [...LETTERS])}${int(rng, 1, 99)}`);
      const sep = pick(rng, ['、', ';', ', ']);
      const product = pick(rng, ['空气净化器', '家用空气净化器', '空气净化器（除菌型）', '车载空气净化器']);
      const row = [
        standardNo,
        product,
        e.name,
        rng() < 0.02 ? e.uscc.toLowerCase() : e.uscc,
        product,
        pick(rng, e.brands),
        models.join(sep),
        dateText(rng, py, pm, pd),
        dateText(rng, iy, im, idd),
        rng() < 0.01 ? '废止' : '现行',
        e.region,
      ];
      for (const spec of CORE) row.push(spec.kind === 'numeric' ? numericValue(rng, spec) : gradeValue(rng, spec));
      const leak = rng() < 0.01 ? int(rng, 76, 95) : int(rng, 5, 70);
      row.push(decimalText(leak, 2) + (rng() < 0.2 ? 'mA' : ''));
      row.push(rng() < 0.005 ? '1.5' : String(int(rng, 2, 100)));
      row.push(rng() < 0.005 ? '否' : pick(rng, ['是', '是', '符合', '有']));
      yield row;
    }
  }
}

export interface GeneratedFile { path: string; rows: number; bytes: number }

/** Writes a bench CSV as Excel's "CSV UTF-8" does: BOM, CRLF. Streams: memory stays flat at 1M rows. */
export function writeBenchCsv(path: string, rows: number, seed: number): GeneratedFile {
  const fd = openSync(path, 'w');
  let bytes = 0;
  try {
    const write = (s: string) => { const b = Buffer.from(s, 'utf8'); writeSync(fd, b); bytes += b.length; };
    let chunk = '\uFEFF' + HEADERS.map(csvCell).join(',') + '\r\n';
    let inChunk = 0;
    for (const row of generateRows(rows, seed)) {
      chunk += row.map(csvCell).join(',') + '\r\n';
      if (++inChunk === 5000) { write(chunk); chunk = ''; inChunk = 0; }
    }
    write(chunk);
  } finally {
    closeSync(fd);
  }
  return { path, rows, bytes };
}

/** Writes the bench scheme file. */
export function writeBenchScheme(path: string): void {
  writeFileSync(path, JSON.stringify(benchScheme(), null, 2) + '\n');
}

/**
 * SQL for the floor: the same columns in a typed STRICT table keyed like a standard's identity
 * (credit code, standard number), for the sqlite3 shell's `.import`.
 */
export function floorTableSql(table = 'standards'): string {
  const cols = HEADERS.map((h, i) => `  "${h.replace(/"/g, '""')}" TEXT${i === 0 || i === 3 ? ' NOT NULL' : ''}`);
  return `CREATE TABLE ${table} (\n${cols.join(',\n')},\n  UNIQUE ("${HEADERS[3]}", "${HEADERS[0]}")\n) STRICT;\n`;
}
