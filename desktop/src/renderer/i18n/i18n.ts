import { formatFen, type Fen, type MoneyLocale } from '@mendian/protocol';
import { en } from './en.js';
import { zhCN, type MessageKey } from './zh-CN.js';

export type Locale = MoneyLocale;
export const LOCALES: readonly Locale[] = ['zh-CN', 'en'];

const DICTIONARIES: Readonly<Record<Locale, Readonly<Record<MessageKey, string>>>> = {
  'zh-CN': zhCN,
  en,
};

export type Params = Readonly<Record<string, string | number>>;

/** Fills {name} placeholders; a missing parameter stays visible as {name} instead of vanishing. */
export function interpolate(template: string, params: Params = {}): string {
  return template.replace(/\{(\w+)\}/g, (whole, name: string) =>
    name in params ? String(params[name]) : whole,
  );
}

export interface Translator {
  readonly locale: Locale;
  t(key: MessageKey, params?: Params): string;
  money(fen: Fen): string;
  /** Grams as kilograms with three decimals ("0.532 kg"), the way scale labels print them. */
  grams(g: number): string;
  /** A product name in the locale, falling back to Chinese when there is no English name. */
  name(text: { zh: string; en?: string | undefined }): string;
}

export function translator(locale: Locale): Translator {
  const dict = DICTIONARIES[locale];
  return {
    locale,
    t: (key, params) => interpolate(dict[key], params),
    money: (fen) => formatFen(fen, locale),
    grams: (g) => `${Math.floor(g / 1000)}.${String(g % 1000).padStart(3, '0')} kg`,
    name: (text) => (locale === 'en' && text.en ? text.en : text.zh),
  };
}

export function otherLocale(locale: Locale): Locale {
  return locale === 'zh-CN' ? 'en' : 'zh-CN';
}
