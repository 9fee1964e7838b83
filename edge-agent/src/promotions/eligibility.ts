import type { Promotion, PromotionTarget } from '@mendian/protocol';

/** Who buys, where and when: what decides whether a promotion is open for this cart. */
export interface PromotionContext {
  storeId: string;
  at: number;
  /** IANA zone of the store; windows are in store-local time. */
  timeZone: string;
  member: { id: string; tier: string } | null;
}

const formatters = new Map<string, Intl.DateTimeFormat>();
const WEEKDAYS: Record<string, number> = { Sun: 0, Mon: 1, Tue: 2, Wed: 3, Thu: 4, Fri: 5, Sat: 6 };

/** Day of week (0 = Sunday) and minute of day of an instant in a time zone. */
export function localDayAndMinute(at: number, timeZone: string): { day: number; minute: number } {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      weekday: 'short',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    });
    formatters.set(timeZone, f);
  }
  let day = 0;
  let hour = 0;
  let minute = 0;
  for (const part of f.formatToParts(at)) {
    if (part.type === 'weekday') day = WEEKDAYS[part.value] ?? 0;
    else if (part.type === 'hour') hour = Number(part.value);
    else if (part.type === 'minute') minute = Number(part.value);
  }
  return { day, minute: hour * 60 + minute };
}

/** Whether the promotion applies to this store, moment and customer (not yet to which items). */
export function isPromotionOpen(p: Promotion, ctx: PromotionContext): boolean {
  if (!p.active) return false;
  if (p.storeIds !== null && !p.storeIds.includes(ctx.storeId)) return false;
  if (ctx.at < p.validFrom || (p.validTo !== null && ctx.at >= p.validTo)) return false;
  if (p.memberOnly) {
    if (ctx.member === null) return false;
    if (p.memberTiers.length > 0 && !p.memberTiers.includes(ctx.member.tier)) return false;
  }
  if (p.timeWindows.length > 0) {
    const { day, minute } = localDayAndMinute(ctx.at, ctx.timeZone);
    const inWindow = p.timeWindows.some(
      (w) => w.daysOfWeek.includes(day) && minute >= w.startMinute && minute < w.endMinute,
    );
    if (!inWindow) return false;
  }
  return true;
}

/** An item the target may match: its product and its category with the category's ancestors. */
export interface TargetSubject {
  productId: string;
  categoryIds: readonly string[];
}

export function matchesTarget(target: PromotionTarget, s: TargetSubject): boolean {
  if (target.productIds.length === 0 && target.categoryIds.length === 0) return true;
  if (target.productIds.includes(s.productId)) return true;
  return s.categoryIds.some((c) => target.categoryIds.includes(c));
}
