import { ulid } from '@mendian/protocol';

export function scanPayload(data = '6901234567892', eventId = ulid()): Record<string, unknown> {
  return {
    eventId,
    at: Date.now(),
    data,
    rawHex: Buffer.from(data).toString('hex'),
    symbology: 'ean13',
    source: 'simulator',
  };
}

export function heartbeatPayload(seq: number, intervalSeconds: number): Record<string, unknown> {
  return {
    at: Date.now(),
    seq,
    uptimeSeconds: seq * intervalSeconds,
    intervalSeconds,
    firmware: '1.2.3',
  };
}
