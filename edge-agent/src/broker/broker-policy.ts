import {
  CHANNELS,
  DEVICE_KINDS,
  DEVICE_PUBLISH_CHANNELS,
  DEVICE_SUBSCRIBE_CHANNELS,
  parseTopic,
  TOPIC_ROOT,
  type Channel,
  type TopicParts,
} from '@mendian/protocol';
import type { Principal } from '../devices/device-registry.js';

/**
 * Who may publish and subscribe where. Everything not allowed below is denied.
 *
 * - device: publishes only under its own prefix on DEVICE_PUBLISH_CHANNELS, subscribes only to its
 *   own cmd and error topics, each named exactly (no wildcards).
 * - service (edge-agent services): read everything of its store, write only cmd and error.
 * - lane (a lane's UI): reads state/availability/event/reply/heartbeat of its store; sends cmd only
 *   to devices assigned to its lane.
 * - `$SYS` is published by nobody; only services may read it.
 */
export type PolicyDecision = { ok: true; parts: TopicParts } | { ok: false; reason: string };

const SERVICE_PUBLISH: readonly Channel[] = ['cmd', 'error'];
const LANE_SUBSCRIBE: readonly Channel[] = ['state', 'availability', 'event', 'reply', 'heartbeat'];

export interface PolicyContext {
  /** The lane a device is assigned to, for lane UIs' command rights. */
  laneOfDevice(deviceId: string): string | null;
}

export function canPublish(p: Principal, topic: string, ctx: PolicyContext): PolicyDecision {
  if (topic.startsWith('$')) return { ok: false, reason: '$-topics are reserved to the broker' };
  const parsed = parseTopic(topic);
  if (!parsed.ok) return { ok: false, reason: parsed.reason };
  const t = parsed.parts;
  if (t.store !== p.store)
    return { ok: false, reason: `topic of store ${t.store}, not ${p.store}` };
  switch (p.role) {
    case 'device':
      if (t.kind !== p.kind || t.device !== p.id) {
        return { ok: false, reason: 'a device publishes only under its own prefix' };
      }
      if (!DEVICE_PUBLISH_CHANNELS.includes(t.channel)) {
        return { ok: false, reason: `a device does not publish on "${t.channel}"` };
      }
      return { ok: true, parts: t };
    case 'service':
      if (!SERVICE_PUBLISH.includes(t.channel)) {
        return { ok: false, reason: `services publish only ${SERVICE_PUBLISH.join(', ')}` };
      }
      return { ok: true, parts: t };
    case 'lane':
      if (t.channel !== 'cmd') return { ok: false, reason: 'a lane UI publishes only commands' };
      if (ctx.laneOfDevice(t.device) !== p.lane) {
        return { ok: false, reason: `device ${t.device} is not on lane ${p.lane}` };
      }
      return { ok: true, parts: t };
  }
}

function isSegment(value: string, allowed: readonly string[]): boolean {
  return value === '+' || allowed.includes(value);
}

export type SubscribeDecision = { ok: true } | { ok: false; reason: string };

export function canSubscribe(p: Principal, filter: string): SubscribeDecision {
  if (filter.startsWith('$')) {
    return p.role === 'service' && filter.startsWith('$SYS/')
      ? { ok: true }
      : { ok: false, reason: '$-topics are reserved' };
  }
  const segs = filter.split('/');
  if (segs[0] !== TOPIC_ROOT || segs[1] !== p.store) {
    return { ok: false, reason: `only ${TOPIC_ROOT}/${p.store}/... may be subscribed` };
  }
  switch (p.role) {
    case 'device': {
      const ok =
        segs.length === 5 &&
        segs[2] === p.kind &&
        segs[3] === p.id &&
        DEVICE_SUBSCRIBE_CHANNELS.includes(segs[4] as Channel);
      return ok
        ? { ok: true }
        : { ok: false, reason: 'a device subscribes only to its own cmd and error' };
    }
    case 'service':
      return { ok: true };
    case 'lane': {
      const ok =
        segs.length === 5 &&
        isSegment(segs[2] ?? '', DEVICE_KINDS) &&
        !(segs[3] ?? '').includes('#') &&
        LANE_SUBSCRIBE.includes(segs[4] as Channel) &&
        (CHANNELS as readonly string[]).includes(segs[4] ?? '');
      return ok
        ? { ok: true }
        : { ok: false, reason: 'a lane UI reads device state, events and replies only' };
    }
  }
}
