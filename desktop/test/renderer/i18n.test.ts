import { describe, expect, it } from 'vitest';
import { en } from '../../src/renderer/i18n/en.js';
import { interpolate, otherLocale, translator } from '../../src/renderer/i18n/i18n.js';
import { zhCN } from '../../src/renderer/i18n/zh-CN.js';

describe('i18n', () => {
  it('translates every key and keeps the same placeholders in both languages', () => {
    const holes = (t: string) => [...t.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
    for (const key of Object.keys(zhCN) as (keyof typeof zhCN)[]) {
      expect(en[key], key).toBeTruthy();
      expect(holes(en[key]), key).toEqual(holes(zhCN[key]));
    }
  });

  it('formats money, weights and names per locale, zh-CN first', () => {
    const zh = translator('zh-CN');
    const e = translator('en');
    expect(zh.money(123456)).toBe('¥1,234.56');
    expect(e.money(-5)).toMatch(/-CN¥0\.05|CN¥-0\.05/);
    expect(zh.grams(532)).toBe('0.532 kg');
    expect(zh.grams(12_050)).toBe('12.050 kg');
    expect(e.name({ zh: '香蕉', en: 'Bananas' })).toBe('Bananas');
    expect(e.name({ zh: '香蕉' })).toBe('香蕉');
    expect(zh.t('status.pending', { n: 3 })).toBe('待上传 3 单');
    expect(interpolate('{a} {b}', { a: 1 })).toBe('1 {b}');
    expect(otherLocale('zh-CN')).toBe('en');
  });
});
