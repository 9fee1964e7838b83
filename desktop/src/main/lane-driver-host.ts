import { DriverHost } from '@mendian/drivers/host/driver-host';
import type { Logger } from '@mendian/drivers/errors';
import { ValidationError } from '@mendian/protocol';
import type { LaneConfig } from './lane-config.js';

/**
 * The lane's local driver host: the devices cabled to this PC, run by drivers' DriverHost in the
 * main process and bridged to the store broker over MQTT, so the edge-agent drives them exactly
 * like devices anywhere else in the store. A bad configuration is a typed failure naming the
 * fields; the lane still opens its window so the cashier can sell with a hand-held scanner.
 */
export type LaneDriverHostResult =
  { ok: true; host: DriverHost | null; devices: string[] } | { ok: false; error: ValidationError };

export async function startLaneDriverHost(
  config: LaneConfig['driverHost'],
  logger?: Logger,
): Promise<LaneDriverHostResult> {
  if (!config.enabled) return { ok: true, host: null, devices: [] };
  let host: DriverHost;
  try {
    host = new DriverHost(config.host, logger ? { logger } : {});
  } catch (e) {
    if (e instanceof ValidationError) return { ok: false, error: e };
    throw e;
  }
  await host.start();
  return { ok: true, host, devices: [...host.devices.keys()] };
}
