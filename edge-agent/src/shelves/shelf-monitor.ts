import type { ShelfEvent } from '@mendian/protocol';
import { countFromGrams, slotConfigSchema, type SlotConfig } from './slot-config.js';
import type { SalesJournal, ShelfOutput, StockLevels } from './ports.js';

export interface ShelfRules {
  /** A new count is accepted after this many consecutive stable readings agree on it. */
  confirmReadings: number;
  /** Items taken and not sold (nor put back) within this window raise a shrink alert. */
  shrinkWindowMs: number;
  /** "Plenty in the store": the projection claims at least this many units beyond the shelf. */
  phantomMinUnits: number;
}

export const DEFAULT_SHELF_RULES: ShelfRules = {
  confirmReadings: 2,
  shrinkWindowMs: 30 * 60_000,
  phantomMinUnits: 6,
};

interface SlotState {
  config: SlotConfig;
  count: number | null;
  candidate: number | null;
  agreeing: number;
  /** Open task reason, so a slot raises LOW/EMPTY once until it is refilled. */
  openTask: 'LOW' | 'EMPTY' | null;
  ignoredReadings: number;
}

interface PendingPick {
  shelf: string;
  slot: string;
  sku: string;
  items: number;
  at: number;
}

export class ShelfConfigError extends Error {
  readonly code = 'SHELF_CONFIG_INVALID';
  constructor(message: string) {
    super(message);
    this.name = 'ShelfConfigError';
  }
}

export interface ShelfMonitorDeps {
  slots: readonly SlotConfig[];
  stock: StockLevels;
  sales: SalesJournal;
  output: ShelfOutput;
  rules?: Partial<ShelfRules>;
  now?: () => number;
}

/**
 * Weight readings of smart shelves to item counts, pick/put events, replenishment and count
 * tasks, and shrink alerts. Unstable readings (someone's hand on the tray) are skipped; a new
 * count must be confirmed by consecutive stable readings, and readings that are not close to a
 * whole number of items are ignored as noise.
 */
export class ShelfMonitor {
  readonly #slots = new Map<string, SlotState>();
  readonly #pending: PendingPick[] = [];
  /** Units of each sale line already used to explain a pick. */
  readonly #usedUnits = new Map<string, number>();
  readonly #rules: ShelfRules;

  constructor(private readonly deps: ShelfMonitorDeps) {
    this.#rules = { ...DEFAULT_SHELF_RULES, ...deps.rules };
  }

  /** Validates the slot configuration; a bad one is refused whole, naming every problem. */
  start(): void {
    for (const raw of this.deps.slots) {
      const r = slotConfigSchema.safeParse(raw);
      if (!r.success) {
        throw new ShelfConfigError(
          `slot ${raw.shelf}/${raw.slot}: ${r.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`,
        );
      }
      this.#slots.set(`${raw.shelf}/${raw.slot}`, {
        config: r.data,
        count: null,
        candidate: null,
        agreeing: 0,
        openTask: null,
        ignoredReadings: 0,
      });
    }
  }

  countOf(shelf: string, slot: string): number | null {
    return this.#slots.get(`${shelf}/${slot}`)?.count ?? null;
  }

  ignoredReadings(shelf: string, slot: string): number {
    return this.#slots.get(`${shelf}/${slot}`)?.ignoredReadings ?? 0;
  }

  ingest(shelf: string, event: ShelfEvent): void {
    for (const r of event.readings) {
      const s = this.#slots.get(`${shelf}/${r.slot}`);
      if (!s) continue; // a slot nobody configured yet: nothing to count
      if (!r.stable) {
        s.candidate = null;
        s.agreeing = 0;
        continue;
      }
      const reading = countFromGrams(s.config, r.grams);
      if (!reading.ok) {
        s.ignoredReadings++;
        continue;
      }
      if (reading.count !== s.candidate) {
        s.candidate = reading.count;
        s.agreeing = 1;
      } else {
        s.agreeing++;
      }
      if (s.agreeing >= this.#rules.confirmReadings && s.candidate !== s.count) {
        this.#accept(s, s.candidate, event.at);
      }
    }
  }

  #accept(s: SlotState, count: number, at: number): void {
    const before = s.count;
    s.count = count;
    const { shelf, slot, sku } = s.config;
    const out = this.deps.output;
    if (before !== null) {
      const delta = count - before;
      const change = { shelf, slot, sku, items: Math.abs(delta), countAfter: count, at };
      if (delta < 0) {
        out.picked(change);
        this.#pending.push({ shelf, slot, sku, items: -delta, at });
      } else {
        out.put(change);
        this.#cancelPicks(sku, delta);
      }
    }
    this.#checkLevel(s, at);
  }

  /** Put-backs undo the most recent unexplained picks of the same SKU. */
  #cancelPicks(sku: string, items: number): void {
    let left = items;
    for (let i = this.#pending.length - 1; i >= 0 && left > 0; i--) {
      const p = this.#pending[i];
      if (!p || p.sku !== sku) continue;
      const take = Math.min(left, p.items);
      p.items -= take;
      left -= take;
      if (p.items === 0) this.#pending.splice(i, 1);
    }
  }

  #checkLevel(s: SlotState, at: number): void {
    const { shelf, slot, sku, lowAt } = s.config;
    const count = s.count ?? 0;
    const reason = count === 0 ? 'EMPTY' : count <= lowAt ? 'LOW' : null;
    if (reason === null) {
      s.openTask = null;
      return;
    }
    if (s.openTask === reason || (s.openTask === 'EMPTY' && reason === 'LOW')) return;
    s.openTask = reason;
    this.deps.output.task({ kind: 'replenish', reason, shelf, slot, sku, countOnShelf: count, at });
    const onHand = this.deps.stock.onHand(sku);
    if (onHand - count >= this.#rules.phantomMinUnits) {
      // The projection says the store has plenty, yet the shelf runs dry: either the backroom
      // needs to refill it or the stock figure is phantom. A count settles which.
      this.deps.output.task({
        kind: 'count',
        reason: 'PHANTOM_STOCK',
        shelf,
        slot,
        sku,
        countOnShelf: count,
        onHand,
        at,
      });
    }
  }

  /** Settles picks whose window has passed: sold lines explain them, the rest is shrink. */
  tick(now = (this.deps.now ?? Date.now)()): void {
    const window = this.#rules.shrinkWindowMs;
    for (let i = 0; i < this.#pending.length;) {
      const p = this.#pending[i];
      if (!p || p.at + window > now) {
        i++;
        continue;
      }
      this.#pending.splice(i, 1);
      let unexplained = p.items;
      for (const line of this.deps.sales.linesBetween(p.sku, p.at, p.at + window)) {
        if (unexplained === 0) break;
        const used = this.#usedUnits.get(line.lineId) ?? 0;
        const take = Math.min(unexplained, line.quantity - used);
        if (take <= 0) continue;
        this.#usedUnits.set(line.lineId, used + take);
        unexplained -= take;
      }
      if (unexplained > 0) {
        this.deps.output.shrink({
          shelf: p.shelf,
          slot: p.slot,
          sku: p.sku,
          unexplained,
          pickedAt: p.at,
          at: now,
        });
      }
    }
  }

  get pendingPicks(): number {
    return this.#pending.length;
  }
}
