import { deserialize, serialize } from 'node:v8';

/** The subset of an aedes packet this persistence reads; the rest is stored as given. */
export interface PersistedPacket {
  cmd?: string;
  topic?: string;
  payload?: Buffer | string;
  qos?: number;
  retain?: boolean;
  dup?: boolean;
  messageId?: number | undefined;
  brokerId?: string;
  brokerCounter?: number;
  clientId?: string;
  [key: string]: unknown;
}

export interface PersistenceClient {
  id: string;
}

export interface PersistenceSubscription {
  topic: string;
  qos: number;
  rh?: number;
  rap?: boolean | number;
  nl?: boolean | number;
  subscriptionIdentifier?: number;
}

/** What setup() receives: the broker, of which only the id is needed here. */
export interface PersistenceBroker {
  id: string;
}

/** aedes-packet's normalisation, so queued packets have the shape aedes and the suite expect. */
export function normalizePacket(
  original: PersistedPacket,
  broker?: PersistenceBroker,
): PersistedPacket {
  const out: PersistedPacket = {};
  for (const key of ['clientId', 'nl', 'properties', 'messageExpiry'] as const) {
    if (Object.prototype.hasOwnProperty.call(original, key)) {
      (out as Record<string, unknown>)[key] = original[key];
    }
  }
  out.cmd = original.cmd || 'publish';
  out.brokerId = original.brokerId || broker?.id;
  out.brokerCounter = original.brokerCounter || 0;
  out.topic = original.topic;
  out.payload = original.payload || Buffer.alloc(0);
  out.qos = original.qos || 0;
  out.retain = original.retain || false;
  out.dup = original.dup || false;
  // [MQTT-2.3.1-5]: the packet id is assigned per delivery, never queued with the message.
  if (out.qos > 0 || out.cmd !== 'publish') out.messageId = undefined;
  return out;
}

export const encode = (p: unknown): Buffer => serialize(p);
export const decode = (b: Buffer): PersistedPacket => deserialize(b) as PersistedPacket;
