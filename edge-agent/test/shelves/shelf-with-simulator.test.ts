import { afterEach, describe, expect, it } from 'vitest';
import { ShelfSimulator } from '@mendian/drivers';
import type { ShelfChange, ShelfTask } from '../../src/shelves/ports.js';
import { ShelfFeature } from '../../src/shelves/shelf-feature.js';
import { ShelfMonitor } from '../../src/shelves/shelf-monitor.js';
import { provision, startHub, STORE, waitFor, type HubFixture } from '../broker/hub-fixture.js';

let f: HubFixture | null = null;
let sim: ShelfSimulator | null = null;

afterEach(async () => {
  await sim?.stop();
  await f?.close();
  sim = null;
  f = null;
});

describe("smart shelf from the drivers' shelf simulator through the broker", () => {
  it('counts items, reports a pick of two cans and a low-stock task with phantom-stock count', async () => {
    f = await startHub();
    const creds = await provision(f.hub, 'shelf');
    const picked: ShelfChange[] = [];
    const tasks: ShelfTask[] = [];
    const monitor = new ShelfMonitor({
      slots: [
        {
          shelf: creds.id,
          slot: 's1',
          sku: 'COLA-355',
          unitGrams: 355,
          tareGrams: 120,
          toleranceGrams: 40,
          lowAt: 2,
        },
      ],
      stock: { onHand: () => 48 },
      sales: { linesBetween: () => [] },
      output: {
        picked: (c) => picked.push(c),
        put: () => undefined,
        task: (t) => tasks.push(t),
        shrink: () => undefined,
      },
    });
    const feature = new ShelfFeature(f.hub.bus, monitor);
    feature.start();
    let clock = Date.now();
    sim = new ShelfSimulator({
      mqtt: { url: f.url, username: creds.id, password: creds.secret, reconnectMs: 0 },
      store: STORE,
      device: creds.id,
      slots: { s1: 120 + 4 * 355 },
      dropoutRate: 0,
      seed: 5,
      now: () => clock,
    });
    await sim.mqtt.start();
    clock += 1000;
    await sim.tick();
    await sim.tick();
    await waitFor(() => monitor.countOf(creds.id, 's1') === 4, 3000, 'initial count');
    sim.change('s1', -2 * 355);
    clock += 100;
    await sim.tick(); // settling: unstable, ignored
    clock += 1000;
    await sim.tick();
    await sim.tick();
    await waitFor(() => picked.length === 1, 3000, 'pick');
    expect(picked[0]).toMatchObject({ sku: 'COLA-355', items: 2, countAfter: 2 });
    expect(tasks.map((t) => `${t.kind}:${t.reason}`)).toEqual([
      'replenish:LOW',
      'count:PHANTOM_STOCK',
    ]);
    feature.stop();
  });
});
