import type { Locale } from './i18n/i18n.js';

/**
 * Per-lane UI settings from the page URL (`?lane=03&lang=en&scanGap=60`), so one edge-agent can
 * serve every lane and a tablet without a build per lane. Unknown or bad values fall back to the
 * defaults rather than breaking the till.
 */
export interface UiSettings {
  apiBase: string;
  laneCode: string;
  locale: Locale;
  scanTiming?: { maxGapMs?: number; minLength?: number };
  /** How often sync and printer status are asked for (ms); live events come in between. */
  statusPollMs: number;
}

export function readUiSettings(location: { search: string; origin: string }): UiSettings {
  const q = new URLSearchParams(location.search);
  const lane = q.get('lane') ?? '01';
  const gap = Number(q.get('scanGap'));
  const min = Number(q.get('scanMin'));
  const scanTiming: { maxGapMs?: number; minLength?: number } = {};
  if (Number.isInteger(gap) && gap >= 10 && gap <= 500) scanTiming.maxGapMs = gap;
  if (Number.isInteger(min) && min >= 3 && min <= 48) scanTiming.minLength = min;
  const settings: UiSettings = {
    apiBase: q.get('api') ?? location.origin,
    laneCode: /^[A-Z0-9]{1,4}$/.test(lane) ? lane : '01',
    locale: q.get('lang') === 'en' ? 'en' : 'zh-CN',
    statusPollMs: pollOf(q.get('statusPoll')),
  };
  if (Object.keys(scanTiming).length > 0) settings.scanTiming = scanTiming;
  return settings;
}

function pollOf(text: string | null): number {
  const n = Number(text);
  return Number.isInteger(n) && n >= 250 && n <= 60_000 ? n : 5000;
}
