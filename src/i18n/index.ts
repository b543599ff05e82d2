/**
 * Message catalogues, zh-CN and en, one file per area with the same keys (publint style: the core
 * returns codes with arguments, wording lives here). `t()` fills `{name}` placeholders.
 */
import * as common from './common.js';
import * as scheme from './scheme.js';
import * as imports from './import.js';
import * as rank from './rank.js';
import * as shortlist from './shortlist.js';
import * as exporting from './export.js';
import * as revoke from './revoke.js';

export type Lang = 'zh' | 'en';

const zh = {
  ...common.zh, ...scheme.zh, ...imports.zh, ...rank.zh, ...shortlist.zh, ...exporting.zh, ...revoke.zh,
};
const en: Record<keyof typeof zh, string> = {
  ...common.en, ...scheme.en, ...imports.en, ...rank.en, ...shortlist.en, ...exporting.en, ...revoke.en,
};

export type MessageCode = keyof typeof zh;
export type MessageParams = Record<string, string | number | boolean | null | undefined>;

const catalogues: Record<Lang, Record<MessageCode, string>> = { zh, en };

export function hasMessage(code: string): code is MessageCode {
  return Object.prototype.hasOwnProperty.call(zh, code);
}

export function t(lang: Lang, code: MessageCode, params: MessageParams = {}): string {
  const template = catalogues[lang][code] ?? code;
  return template.replace(/\{(\w+)\}/g, (m, k: string) => {
    const v = params[k];
    return v === undefined || v === null ? m : String(v);
  });
}

/** `--lang`, then LEADER_LANG, then LC_ALL / LC_MESSAGES / LANG; Chinese when nothing decides. */
export function resolveLang(flag: string | undefined, env: NodeJS.ProcessEnv): Lang {
  const pick = (v: string | undefined): Lang | undefined => {
    if (!v) return undefined;
    const s = v.toLowerCase();
    if (s.startsWith('zh')) return 'zh';
    if (s.startsWith('en')) return 'en';
    return undefined;
  };
  if (flag) {
    const l = pick(flag);
    if (l) return l;
  }
  for (const v of [env.LEADER_LANG, env.LC_ALL, env.LC_MESSAGES, env.LANG]) {
    if (v && v !== 'C' && v !== 'POSIX' && !/^C\./i.test(v)) {
      const l = pick(v);
      if (l) return l;
    }
  }
  return 'zh';
}

/** Both languages of a message, for records kept in the store (e.g. reasons in words). */
export function bilingual(code: MessageCode, params: MessageParams = {}): { zh: string; en: string } {
  return { zh: t('zh', code, params), en: t('en', code, params) };
}
