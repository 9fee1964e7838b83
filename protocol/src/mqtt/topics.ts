/**
 * Every MQTT topic is built and parsed here.
 *
 *   mendian/{store}/{kind}/{device}/{channel}
 *
 * Why this shape: everything a device may touch sits under its own prefix
 * `mendian/{store}/{kind}/{device}/`, so the broker's ACL for a device is one prefix plus a fixed
 * list of channels it may publish (event, state, availability, heartbeat, reply) or subscribe to
 * (cmd, error), and deny-by-default is easy to get right. The edge-agent and the UI read a whole
 * class of traffic with one wildcard (`mendian/SH001/+/+/event`). The store segment keeps topics
 * unambiguous when a broker bridge carries several stores.
 */

export const TOPIC_ROOT = 'mendian';

export const DEVICE_KINDS = [
  'scanner',
  'printer',
  'scale',
  'display',
  'drawer',
  'presence',
  'shelf',
  'lane',
] as const;
export type DeviceKind = (typeof DEVICE_KINDS)[number];

/**
 * - event: something happened (scan, weight, sighting, shelf reading); QoS 1, never retained
 * - state: the device's current condition (printer paper, drawer open); QoS 1, retained
 * - availability: online/offline, also the last will; QoS 1, retained
 * - heartbeat: liveness with a few counters; QoS 0
 * - cmd: a request to the device in the command envelope; QoS 1
 * - reply: the device's answer to a cmd, echoing its transaction; QoS 1
 * - error: the broker telling a device why its message was refused; QoS 0
 */
export const CHANNELS = [
  'event',
  'state',
  'availability',
  'heartbeat',
  'cmd',
  'reply',
  'error',
] as const;
export type Channel = (typeof CHANNELS)[number];

/** Channels a device publishes on (under its own prefix only). */
export const DEVICE_PUBLISH_CHANNELS: readonly Channel[] = [
  'event',
  'state',
  'availability',
  'heartbeat',
  'reply',
];
/** Channels a device subscribes to (under its own prefix only). */
export const DEVICE_SUBSCRIBE_CHANNELS: readonly Channel[] = ['cmd', 'error'];

export interface TopicParts {
  store: string;
  kind: DeviceKind;
  device: string;
  channel: Channel;
}

export interface PublishOptions {
  qos: 0 | 1;
  retain: boolean;
}

/** One publish path: QoS and retain are decided by the channel, never by the caller. */
export function publishOptionsFor(channel: Channel): PublishOptions {
  switch (channel) {
    case 'state':
    case 'availability':
      return { qos: 1, retain: true };
    case 'event':
    case 'cmd':
    case 'reply':
      return { qos: 1, retain: false };
    case 'heartbeat':
    case 'error':
      return { qos: 0, retain: false };
  }
}

const STORE_RE = /^[A-Z0-9]{2,8}$/;
const DEVICE_RE = /^[A-Za-z0-9_-]{1,64}$/;

export class TopicError extends Error {
  readonly code = 'TOPIC_INVALID';
  constructor(message: string) {
    super(message);
    this.name = 'TopicError';
  }
}

function isKind(value: string): value is DeviceKind {
  return (DEVICE_KINDS as readonly string[]).includes(value);
}
function isChannel(value: string): value is Channel {
  return (CHANNELS as readonly string[]).includes(value);
}

function checkSegments(parts: TopicParts): void {
  if (!STORE_RE.test(parts.store)) {
    throw new TopicError(`store "${parts.store}" must be a store code (2-8 of A-Z, 0-9)`);
  }
  if (!isKind(parts.kind)) throw new TopicError(`unknown device kind "${String(parts.kind)}"`);
  if (!DEVICE_RE.test(parts.device)) {
    throw new TopicError(`device id "${parts.device}" must be 1-64 of A-Z a-z 0-9 _ -`);
  }
  if (!isChannel(parts.channel)) throw new TopicError(`unknown channel "${String(parts.channel)}"`);
}

export function buildTopic(parts: TopicParts): string {
  checkSegments(parts);
  return `${TOPIC_ROOT}/${parts.store}/${parts.kind}/${parts.device}/${parts.channel}`;
}

export type TopicParse = { ok: true; parts: TopicParts } | { ok: false; reason: string };

/** Parses a concrete topic (no wildcards). Never throws: topics come from the network. */
export function parseTopic(topic: string): TopicParse {
  if (typeof topic !== 'string' || topic.length === 0 || topic.length > 256) {
    return { ok: false, reason: 'topic must be 1-256 characters' };
  }
  const segs = topic.split('/');
  if (segs.length !== 5) {
    return {
      ok: false,
      reason: `expected 5 levels mendian/{store}/{kind}/{device}/{channel}, got ${segs.length}`,
    };
  }
  const [root, store, kind, device, channel] = segs as [string, string, string, string, string];
  if (root !== TOPIC_ROOT) return { ok: false, reason: `topic must start with "${TOPIC_ROOT}/"` };
  if (!STORE_RE.test(store)) return { ok: false, reason: `bad store code "${store}"` };
  if (!isKind(kind)) return { ok: false, reason: `unknown device kind "${kind}"` };
  if (!DEVICE_RE.test(device)) return { ok: false, reason: `bad device id "${device}"` };
  if (!isChannel(channel)) return { ok: false, reason: `unknown channel "${channel}"` };
  return { ok: true, parts: { store, kind, device, channel } };
}

/** The prefix under which one device lives: `mendian/{store}/{kind}/{device}`. */
export function devicePrefix(store: string, kind: DeviceKind, device: string): string {
  return buildTopic({ store, kind, device, channel: 'event' }).slice(0, -'/event'.length);
}

/**
 * A subscription filter over many devices: omitted segments become `+`.
 * `topicFilter({store: 'SH001', channel: 'event'})` → `mendian/SH001/+/+/event`.
 */
export function topicFilter(
  filter: Partial<Pick<TopicParts, 'kind' | 'device' | 'channel'>> & { store: string },
): string {
  if (!STORE_RE.test(filter.store)) throw new TopicError(`bad store code "${filter.store}"`);
  if (filter.kind !== undefined && !isKind(filter.kind)) {
    throw new TopicError(`unknown device kind "${String(filter.kind)}"`);
  }
  if (filter.device !== undefined && !DEVICE_RE.test(filter.device)) {
    throw new TopicError(`bad device id "${filter.device}"`);
  }
  if (filter.channel !== undefined && !isChannel(filter.channel)) {
    throw new TopicError(`unknown channel "${String(filter.channel)}"`);
  }
  return [
    TOPIC_ROOT,
    filter.store,
    filter.kind ?? '+',
    filter.device ?? '+',
    filter.channel ?? '+',
  ].join('/');
}

/**
 * MQTT topic-filter matching, for ACLs and routing: `+` one level, `#` this level and below (so
 * `a/#` also matches `a`), and a wildcard at the first level never matches a `$`-topic
 * [MQTT-4.7.2-1], which keeps `$SYS` out of `#` subscriptions.
 */
export function topicMatches(filter: string, topic: string): boolean {
  if (topic.startsWith('$') && (filter.startsWith('+') || filter.startsWith('#'))) return false;
  const f = filter.split('/');
  const t = topic.split('/');
  for (let i = 0; i < f.length; i++) {
    const seg = f[i];
    if (seg === '#') return i === f.length - 1;
    if (i >= t.length) return false;
    if (seg !== '+' && seg !== t[i]) return false;
  }
  return f.length === t.length;
}

export function hasWildcard(filter: string): boolean {
  return filter.includes('+') || filter.includes('#');
}
