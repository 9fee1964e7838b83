import { afterEach, describe, expect, it } from 'vitest';
import { PresenceSensorSimulator } from '@mendian/drivers';
import { ulid, type TrafficAggregate } from '@mendian/protocol';
import { DailySalt } from '../../src/presence/daily-salt.js';
import { PresenceFeature } from '../../src/presence/presence-feature.js';
import { VisitTracker } from '../../src/presence/visit-tracker.js';
import { provision, startHub, STORE, waitFor, type HubFixture } from '../broker/hub-fixture.js';

let f: HubFixture | null = null;
let sim: PresenceSensorSimulator | null = null;

afterEach(async () => {
  await sim?.stop();
  await f?.close();
  sim = null;
  f = null;
});

describe("presence from the drivers' Wi-Fi sensor simulator through the broker", () => {
  it('turns the sensor reports into visits and an hourly aggregate, storing only hashes', async () => {
    f = await startHub();
    const creds = await provision(f.hub, 'presence');
    const hours: TrafficAggregate[] = [];
    const tracker = new VisitTracker({
      storeId: ulid(),
      rules: { entryRssi: -75, exitSilenceMs: 1000, minVisitMs: 0 },
      members: { findBySighting: () => null },
      orders: { transactionsBetween: () => 0 },
      output: { memberArrived: () => undefined, hourClosed: (h) => hours.push(h) },
    });
    const feature = new PresenceFeature(f.hub.bus, tracker);
    feature.start();
    const salt = new DailySalt(DailySalt.generateSecret()).saltFor(DailySalt.dayOf(Date.now()));
    sim = new PresenceSensorSimulator({
      mqtt: { url: f.url, username: creds.id, password: creds.secret, reconnectMs: 0 },
      store: STORE,
      device: creds.id,
      salt,
      population: 30,
      dropoutRate: 0,
      seed: 3,
    });
    await sim.mqtt.start();
    for (let i = 0; i < 5; i++) await sim.tick();
    await waitFor(() => f?.hub.ingest.count() === sim?.published, 3000, 'events stored');
    expect(sim.published).toBeGreaterThan(0);
    expect(tracker.openVisits).toBeGreaterThan(10);
    // Nothing stored looks like a MAC address: the sensor sends salted hashes only.
    const stored = JSON.stringify(f.hub.ingest.after(0));
    expect(stored).not.toMatch(/([0-9a-f]{2}:){5}[0-9a-f]{2}/i);
    const hourAfter = Date.now() - (Date.now() % 3_600_000) + 3_600_000 + 5000;
    tracker.tick(hourAfter);
    const total = hours.reduce((n, h) => n + h.visitors + h.passersBy, 0);
    expect(tracker.openVisits).toBe(0);
    expect(total).toBeGreaterThan(10);
    expect(hours.reduce((n, h) => n + h.visitors, 0)).toBeGreaterThan(0);
    feature.stop();
  });
});
