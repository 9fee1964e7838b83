import {
  trafficAggregateSchema,
  type PresenceEvent,
  type TrafficAggregate,
} from '@mendian/protocol';
import { dwellBuckets, medianSeconds } from './dwell-stats.js';
import type { MemberLookup, OrdersCount, PresenceOutput } from './ports.js';

const HOUR = 3_600_000;

export interface VisitRules {
  /** A device must be seen at least this strong (closer than the door) to count as inside. */
  entryRssi: number;
  /** A visit ends after this long without a sighting. */
  exitSilenceMs: number;
  /** Visits shorter than this are passers-by (walked past the door, phone probed once). */
  minVisitMs: number;
  /** A device present this long is staff or a fixed device (printer, TV) and is not counted. */
  fixedAfterMs: number;
}

export const DEFAULT_VISIT_RULES: VisitRules = {
  entryRssi: -70,
  exitSilenceMs: 5 * 60_000,
  minVisitMs: 60_000,
  fixedAfterMs: 3 * HOUR,
};

interface OpenPresence {
  key: string;
  first: number;
  last: number;
  /** Set once the device was seen above entryRssi: from then on it is a visit. */
  enteredAt: number | null;
  memberNotified: boolean;
  memberId: string | null;
}

interface HourTally {
  visitors: number;
  passersBy: number;
  dwellsMs: number[];
  memberArrivals: number;
  open: number;
}

export type Conversion =
  | { ok: true; hourStart: number; transactions: number; visitors: number; rate: number }
  | { ok: false; hourStart: number; reason: 'NO_VISITORS' | 'HOUR_NOT_CLOSED' };

export interface VisitTrackerDeps {
  storeId: string;
  rules?: Partial<VisitRules>;
  members: MemberLookup;
  orders: OrdersCount;
  output: PresenceOutput;
  now?: () => number;
}

/**
 * Turns sightings (salted MAC hashes with RSSI) into visits and hourly traffic facts. Keys are
 * `{saltDay}:{macHash}`, so a device is a different key every day and nothing links days. Visits
 * are attributed to the hour they started in; an hour is closed (and its aggregate emitted once)
 * when it is over and no visit that started in it is still open.
 */
export class VisitTracker {
  readonly #open = new Map<string, OpenPresence>();
  readonly #fixed = new Set<string>();
  readonly #hours = new Map<number, HourTally>();
  readonly #closed = new Map<number, TrafficAggregate>();
  readonly #rules: VisitRules;

  constructor(private readonly deps: VisitTrackerDeps) {
    this.#rules = { ...DEFAULT_VISIT_RULES, ...deps.rules };
  }

  #now(): number {
    return (this.deps.now ?? Date.now)();
  }

  #hour(start: number): HourTally {
    const h = start - (start % HOUR);
    let t = this.#hours.get(h);
    if (!t) {
      t = { visitors: 0, passersBy: 0, dwellsMs: [], memberArrivals: 0, open: 0 };
      this.#hours.set(h, t);
    }
    return t;
  }

  ingest(event: PresenceEvent): void {
    for (const s of event.sightings) {
      const key = `${event.saltDay}:${s.macHash}`;
      if (this.#fixed.has(key)) continue;
      let p = this.#open.get(key);
      if (!p) {
        p = {
          key,
          first: s.at,
          last: s.at,
          enteredAt: null,
          memberNotified: false,
          memberId: null,
        };
        this.#open.set(key, p);
        this.#hour(s.at).open++;
      }
      p.last = Math.max(p.last, s.at);
      if (p.enteredAt === null && s.rssi >= this.#rules.entryRssi) {
        p.enteredAt = s.at;
        this.#recognise(p, s.macHash, event.saltDay, s.at);
      }
      if (p.enteredAt !== null && p.last - p.enteredAt >= this.#rules.fixedAfterMs) {
        // Present for hours: staff phone or a fixed device. Drop it and ignore it for the day.
        this.#open.delete(key);
        this.#hour(p.first).open--;
        this.#fixed.add(key);
      }
    }
  }

  #recognise(p: OpenPresence, macHash: string, saltDay: string, at: number): void {
    const member = this.deps.members.findBySighting(macHash, saltDay);
    if (!member || p.memberNotified) return;
    p.memberNotified = true;
    p.memberId = member.memberId;
    this.deps.output.memberArrived({ member, at, visitKey: p.key });
  }

  /** Ends visits silent past exitSilenceMs and closes finished hours. Call it periodically. */
  tick(now = this.#now()): void {
    for (const [key, p] of this.#open) {
      if (now - p.last < this.#rules.exitSilenceMs) continue;
      this.#open.delete(key);
      const tally = this.#hour(p.first);
      tally.open--;
      const dwell = p.enteredAt === null ? 0 : p.last - p.enteredAt;
      if (p.enteredAt !== null && dwell >= this.#rules.minVisitMs) {
        tally.visitors++;
        tally.dwellsMs.push(dwell);
        if (p.memberId) tally.memberArrivals++;
      } else {
        tally.passersBy++;
      }
    }
    for (const [hourStart, tally] of this.#hours) {
      if (hourStart + HOUR > now || tally.open > 0) continue;
      const doc = trafficAggregateSchema.parse({
        schemaVersion: 1,
        id: `traffic:${this.deps.storeId}:${hourStart}`,
        storeId: this.deps.storeId,
        hourStart,
        visitors: tally.visitors,
        passersBy: tally.passersBy,
        dwellBuckets: dwellBuckets(tally.dwellsMs),
        medianDwellSeconds: medianSeconds(tally.dwellsMs),
        memberArrivals: tally.memberArrivals,
        createdAt: now,
      });
      this.#hours.delete(hourStart);
      this.#closed.set(hourStart, doc);
      this.deps.output.hourClosed(doc);
    }
  }

  /** Transactions per visitor in a closed hour. */
  conversion(hourStart: number): Conversion {
    const doc = this.#closed.get(hourStart);
    if (!doc) return { ok: false, hourStart, reason: 'HOUR_NOT_CLOSED' };
    if (doc.visitors === 0) return { ok: false, hourStart, reason: 'NO_VISITORS' };
    const transactions = this.deps.orders.transactionsBetween(hourStart, hourStart + HOUR);
    return {
      ok: true,
      hourStart,
      transactions,
      visitors: doc.visitors,
      rate: transactions / doc.visitors,
    };
  }

  get openVisits(): number {
    return this.#open.size;
  }

  isFixed(saltDay: string, macHash: string): boolean {
    return this.#fixed.has(`${saltDay}:${macHash}`);
  }
}
