/**
 * Demo devices: `simulate-store <mqtt-url> [STORE]` starts one simulated lane (printer, scanner,
 * scale, LED display) with its driver host, plus a Wi-Fi presence sensor and a weight shelf
 * reporting every few seconds, and prints the host configuration it used. Stop with Ctrl-C.
 */
import { DriverHost } from '../host/driver-host.js';
import { startSimulatedStore } from '../simulators/simulated-store.js';
import { consoleLogger } from './console-logger.js';

// Listen before starting anything: a stop that arrives during start-up must not kill us unannounced.
const stopRequested = new Promise<void>((resolve) => {
  process.once('SIGINT', resolve);
  process.once('SIGTERM', resolve);
});

async function main(): Promise<number> {
  const url = process.argv[2];
  const store = process.argv[3] ?? 'SH001';
  if (!url) {
    process.stderr.write('usage: simulate-store <mqtt://host:port> [STORE]\n');
    return 2;
  }
  const sim = await startSimulatedStore({
    store,
    mqtt: { url },
    presenceIntervalMs: 5000,
    shelfIntervalMs: 2000,
  });
  const host = new DriverHost(sim.hostConfig, { logger: consoleLogger('simulate-store') });
  await host.start();
  process.stdout.write(`${JSON.stringify(sim.hostConfig, null, 2)}\nready\n`);
  await stopRequested;
  await host.stop();
  await sim.stop();
  return 0;
}

process.exitCode = await main();
