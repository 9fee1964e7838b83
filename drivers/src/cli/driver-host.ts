/**
 * Standalone driver host: `node drivers/dist/src/cli/driver-host.js <config.json>` (or through
 * tsx from the sources). Validates the configuration (every problem listed), connects the
 * devices, bridges them to MQTT, and on SIGINT/SIGTERM says goodbye (availability offline) first.
 */
import { readFileSync } from 'node:fs';
import { DriverHost } from '../host/driver-host.js';
import { consoleLogger } from './console-logger.js';

// Listen before starting anything: a stop that arrives during start-up must not kill us unannounced.
const stopRequested = new Promise<void>((resolve) => {
  process.once('SIGINT', resolve);
  process.once('SIGTERM', resolve);
});

async function main(): Promise<number> {
  const path = process.argv[2];
  if (!path) {
    process.stderr.write('usage: driver-host <config.json>\n');
    return 2;
  }
  const logger = consoleLogger('driver-host');
  let host: DriverHost;
  try {
    host = new DriverHost(JSON.parse(readFileSync(path, 'utf8')) as unknown, { logger });
  } catch (e) {
    process.stderr.write(`${(e as Error).message}\n`);
    return 2;
  }
  await host.start();
  logger.info('started', { devices: [...host.devices.keys()] });
  process.stdout.write('ready\n');
  await stopRequested;
  await host.stop();
  logger.info('stopped');
  return 0;
}

process.exitCode = await main();
