import { describe, expect, it } from 'vitest';
import {
  trafficAggregateSchema,
  ulid,
  type PresenceEvent,
  type TrafficAggregate,
} from '@mendian/protocol';
import { DailySalt } from '../../src/presence/daily-salt.js';
import type { MemberArrival, MemberProfile } from '../../src/presence/ports.js';
import { VisitTracker } from '../../src/presence/visit-tracker.js';

const STORE_ID = ulid();
const H = 3_600_000;
const MIN = 60_000;
const T0 = Date.UTC(2026, 10, 23, 9, 0, 0); // 09:00 UTC
const DAY = '2026-11-23';

function sighting(macHash: string, rssi: number, at: number): PresenceEvent {
  return {
    eventId: ulid(),
    at,
    saltDay: DAY,
    sightings: [{ macHash, rssi, at, randomized: false }],
  };
}

/** A device seen every minute from `from` to `to` at one RSSI. */
function stay(t: VisitTracker, hash: string, rssi: number, from: number, to: number): void {
  for (let at = from; at <= to; at += MIN) t.ingest(sighting(hash, rssi, at));
}

function setup(members: Record<string, MemberProfile> = {}, transactions = 0) {
  const arrivals: MemberArrival[] = [];
  const hours: TrafficAggregate[] = [];
  const tracker = new VisitTracker({
    storeId: STORE_ID,
    members: { findBySighting: (hash, day) => (day === DAY ? (members[hash] ?? null) : null) },
    orders: {
      transactionsBetween: (from, to) => (from === T0 && to === T0 + H ? transactions : 0),
    },
    output: { memberArrived: (a) => arrivals.push(a), hourClosed: (h) => hours.push(h) },
  });
  return { tracker, arrivals, hours };
}

const hash = (n: number): string => n.toString(16).padStart(32, 'a');

describe('VisitTracker', () => {
  it('counts visitors, passers-by, dwell buckets and closes the hour once', () => {
    const { tracker, hours } = setup();
    stay(tracker, hash(1), -55, T0 + 5 * MIN, T0 + 8 * MIN); // 3 min visitor
    stay(tracker, hash(2), -60, T0 + 10 * MIN, T0 + 30 * MIN); // 20 min visitor
    stay(tracker, hash(3), -85, T0 + 12 * MIN, T0 + 14 * MIN); // weak only: passer-by
    tracker.ingest(sighting(hash(4), -50, T0 + 20 * MIN)); // strong but one sighting: passer-by
    tracker.tick(T0 + 50 * MIN);
    expect(hours).toHaveLength(0); // the hour is not over
    tracker.tick(T0 + H + 1);
    expect(hours).toHaveLength(1);
    const doc = trafficAggregateSchema.parse(hours[0]);
    expect(doc).toMatchObject({
      id: `traffic:${STORE_ID}:${T0}`,
      hourStart: T0,
      visitors: 2,
      passersBy: 2,
      dwellBuckets: [0, 1, 0, 1, 0],
      medianDwellSeconds: 180,
      memberArrivals: 0,
    });
    tracker.tick(T0 + 2 * H);
    expect(hours).toHaveLength(1);
  });

  it('filters staff phones and fixed devices that are always present', () => {
    const { tracker, hours } = setup();
    stay(tracker, hash(9), -40, T0, T0 + 3 * H + MIN); // the cashier's phone, all morning
    stay(tracker, hash(1), -55, T0 + 5 * MIN, T0 + 10 * MIN);
    expect(tracker.isFixed(DAY, hash(9))).toBe(true);
    tracker.tick(T0 + 4 * H);
    expect(hours.find((h) => h.hourStart === T0)).toMatchObject({ visitors: 1, passersBy: 0 });
    // Seen again later the same day: still ignored.
    tracker.ingest(sighting(hash(9), -40, T0 + 5 * H));
    expect(tracker.openVisits).toBe(0);
  });

  it('keeps an hour open while a visit that started in it is still going', () => {
    const { tracker, hours } = setup();
    stay(tracker, hash(1), -60, T0 + 50 * MIN, T0 + 75 * MIN);
    tracker.tick(T0 + 70 * MIN);
    expect(hours).toHaveLength(0);
    tracker.tick(T0 + 90 * MIN);
    expect(hours[0]).toMatchObject({ hourStart: T0, visitors: 1, dwellBuckets: [0, 0, 0, 1, 0] });
  });

  it('notifies an opted-in member once per visit, again on a later visit', () => {
    const member = { memberId: ulid(), name: '王芳', tier: 'gold', tags: ['coffee'] };
    const { tracker, arrivals, hours } = setup({ [hash(7)]: member });
    stay(tracker, hash(7), -50, T0 + MIN, T0 + 10 * MIN);
    expect(arrivals).toHaveLength(1);
    expect(arrivals[0]?.member).toEqual(member);
    tracker.tick(T0 + 20 * MIN); // visit ends
    stay(tracker, hash(7), -50, T0 + 40 * MIN, T0 + 45 * MIN);
    expect(arrivals).toHaveLength(2);
    stay(tracker, hash(8), -50, T0 + MIN, T0 + 10 * MIN); // not opted in: never recognised
    expect(arrivals).toHaveLength(2);
    tracker.tick(T0 + H + 10 * MIN);
    expect(hours[0]?.memberArrivals).toBe(2);
  });

  it('treats the same MAC hash on another salt day as a different device', () => {
    const { tracker } = setup();
    tracker.ingest(sighting(hash(1), -50, T0));
    tracker.ingest({ ...sighting(hash(1), -50, T0 + MIN), saltDay: '2026-11-24' });
    expect(tracker.openVisits).toBe(2);
  });

  it('computes conversion = transactions / visitors for a closed hour, typed otherwise', () => {
    const { tracker } = setup({}, 3);
    expect(tracker.conversion(T0)).toEqual({ ok: false, hourStart: T0, reason: 'HOUR_NOT_CLOSED' });
    for (let i = 1; i <= 4; i++) stay(tracker, hash(i), -60, T0 + i * MIN, T0 + (i + 5) * MIN);
    tracker.tick(T0 + H + 1);
    expect(tracker.conversion(T0)).toEqual({
      ok: true,
      hourStart: T0,
      transactions: 3,
      visitors: 4,
      rate: 0.75,
    });
    stay(tracker, hash(5), -90, T0 + H + MIN, T0 + H + 2 * MIN);
    tracker.tick(T0 + 3 * H);
    expect(tracker.conversion(T0 + H)).toEqual({
      ok: false,
      hourStart: T0 + H,
      reason: 'NO_VISITORS',
    });
  });
});

describe('DailySalt', () => {
  it('derives a different salt every day from the store secret, and refuses a malformed day', () => {
    const salt = new DailySalt(Buffer.alloc(32, 1));
    expect(salt.saltFor('2026-11-23')).not.toBe(salt.saltFor('2026-11-24'));
    expect(salt.saltFor('2026-11-23')).toBe(
      new DailySalt(Buffer.alloc(32, 1)).saltFor('2026-11-23'),
    );
    expect(salt.saltFor('2026-11-23')).not.toBe(
      new DailySalt(Buffer.alloc(32, 2)).saltFor('2026-11-23'),
    );
    expect(() => salt.saltFor('23/11/2026')).toThrow(RangeError);
    expect(DailySalt.dayOf(T0)).toBe(DAY);
  });
});
