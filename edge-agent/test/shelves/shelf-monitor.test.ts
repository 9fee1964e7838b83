import { describe, expect, it } from 'vitest';
import { ulid, type ShelfEvent } from '@mendian/protocol';
import type { SaleLine, ShelfChange, ShelfTask, ShrinkAlert } from '../../src/shelves/ports.js';
import { ShelfConfigError, ShelfMonitor } from '../../src/shelves/shelf-monitor.js';
import { countFromGrams, type SlotConfig } from '../../src/shelves/slot-config.js';

const MIN = 60_000;
const T0 = Date.UTC(2026, 10, 23, 10, 0, 0);
// Cola cans: 355 g each on a 120 g tray, ±40 g noise tolerated.
const COLA: SlotConfig = {
  shelf: 'shelf-A',
  slot: 's1',
  sku: 'COLA-355',
  unitGrams: 355,
  tareGrams: 120,
  toleranceGrams: 40,
  lowAt: 2,
};

function reading(grams: number, at: number, stable = true): ShelfEvent {
  return { eventId: ulid(), at, readings: [{ slot: 's1', grams, stable }] };
}

function setup(onHand = 0, sales: SaleLine[] = []) {
  const picked: ShelfChange[] = [];
  const put: ShelfChange[] = [];
  const tasks: ShelfTask[] = [];
  const shrink: ShrinkAlert[] = [];
  const m = new ShelfMonitor({
    slots: [COLA],
    stock: { onHand: () => onHand },
    sales: {
      linesBetween: (sku, from, to) =>
        sales.filter((l) => l.sku === sku && l.at >= from && l.at < to),
    },
    output: {
      picked: (c) => picked.push(c),
      put: (c) => put.push(c),
      task: (t) => tasks.push(t),
      shrink: (a) => shrink.push(a),
    },
    rules: { confirmReadings: 2, shrinkWindowMs: 10 * MIN, phantomMinUnits: 6 },
  });
  m.start();
  const feed = (...grams: (number | [number, boolean])[]): void => {
    let at = T0 + picked.length * 1000 + put.length * 1000;
    for (const g of grams) {
      at += 500;
      const [v, stable] = Array.isArray(g) ? g : [g, true];
      m.ingest('shelf-A', reading(v, at, stable));
    }
  };
  return { m, picked, put, tasks, shrink, feed };
}

const w = (n: number, noise = 0): number => 120 + n * 355 + noise;

describe('weight to count', () => {
  it('rounds to whole items within tolerance and refuses ambiguous or negative readings', () => {
    expect(countFromGrams(COLA, w(5, 30))).toEqual({ ok: true, count: 5 });
    expect(countFromGrams(COLA, w(5, -39))).toEqual({ ok: true, count: 5 });
    expect(countFromGrams(COLA, w(5, 170))).toMatchObject({ ok: false, reason: 'AMBIGUOUS' });
    expect(countFromGrams(COLA, 50)).toMatchObject({ ok: false, reason: 'NEGATIVE' });
    expect(countFromGrams(COLA, 120)).toEqual({ ok: true, count: 0 });
  });
});

describe('ShelfMonitor', () => {
  it('emits a pick after the new count is confirmed, ignoring unstable and noisy readings', () => {
    const { m, picked, feed } = setup();
    feed(w(8, 3), w(8, -5)); // initial count, no event
    expect(m.countOf('shelf-A', 's1')).toBe(8);
    feed([w(6, 400), false], [w(7, 90), false], w(6, 160), w(7, 2)); // hand on tray, one odd reading
    expect(picked).toEqual([]);
    expect(m.ignoredReadings('shelf-A', 's1')).toBe(1);
    feed(w(7, -4)); // second agreeing stable reading
    expect(picked).toEqual([expect.objectContaining({ sku: 'COLA-355', items: 1, countAfter: 7 })]);
  });

  it('does not flap on a single noisy stable reading', () => {
    const { picked, put, feed } = setup();
    feed(w(5), w(5), w(4, 10), w(5), w(5));
    expect(picked).toEqual([]);
    expect(put).toEqual([]);
  });

  it('emits a put when items come back', () => {
    const { put, feed } = setup();
    feed(w(3), w(3), w(5), w(5));
    expect(put).toEqual([expect.objectContaining({ items: 2, countAfter: 5 })]);
  });

  it('raises LOW then EMPTY replenishment tasks once each, and again after a refill', () => {
    const { tasks, feed } = setup();
    feed(w(5), w(5), w(2), w(2), w(1), w(1), w(0), w(0));
    expect(tasks.map((t) => `${t.kind}:${t.reason}:${t.countOnShelf}`)).toEqual([
      'replenish:LOW:2',
      'replenish:EMPTY:0',
    ]);
    feed(w(10), w(10), w(2), w(2));
    expect(tasks.map((t) => t.reason)).toEqual(['LOW', 'EMPTY', 'LOW']);
  });

  it('asks for a stock count when the shelf is empty but the projection claims plenty', () => {
    const { tasks, feed } = setup(40);
    feed(w(3), w(3), w(0), w(0));
    expect(tasks).toContainEqual(
      expect.objectContaining({
        kind: 'count',
        reason: 'PHANTOM_STOCK',
        sku: 'COLA-355',
        onHand: 40,
        countOnShelf: 0,
      }),
    );
  });

  it('does not ask for a count when the projection agrees the store is nearly out', () => {
    const { tasks, feed } = setup(3);
    feed(w(3), w(3), w(0), w(0));
    expect(tasks.filter((t) => t.kind === 'count')).toEqual([]);
  });

  it('alerts shrink for picks with no sale within the window; sales and put-backs explain picks', () => {
    const sales: SaleLine[] = [{ lineId: 'l1', sku: 'COLA-355', at: T0 + 3 * MIN, quantity: 2 }];
    const { m, shrink, feed } = setup(0, sales);
    feed(w(10), w(10), w(7), w(7)); // 3 taken, 2 of them sold
    m.tick(T0 + 5 * MIN);
    expect(shrink).toEqual([]); // window not over yet
    m.tick(T0 + 11 * MIN);
    expect(shrink).toEqual([expect.objectContaining({ sku: 'COLA-355', unexplained: 1 })]);
    expect(m.pendingPicks).toBe(0);
  });

  it('does not alert when the taken item is put back', () => {
    const { m, shrink, feed } = setup();
    feed(w(10), w(10), w(9), w(9), w(10), w(10));
    m.tick(T0 + 60 * MIN);
    expect(shrink).toEqual([]);
  });

  it('refuses an invalid slot configuration naming the problem', () => {
    const bad = new ShelfMonitor({
      slots: [{ ...COLA, toleranceGrams: 200 }],
      stock: { onHand: () => 0 },
      sales: { linesBetween: () => [] },
      output: {
        picked: () => undefined,
        put: () => undefined,
        task: () => undefined,
        shrink: () => undefined,
      },
    });
    expect(() => bad.start()).toThrow(ShelfConfigError);
    expect(() => bad.start()).toThrow(/toleranceGrams/);
  });
});
