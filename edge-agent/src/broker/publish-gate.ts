import {
  buildTopic,
  decodeDeviceMessage,
  encodePayload,
  type Availability,
  type CommandReply,
  type DeviceError,
  type Heartbeat,
  type TopicParts,
} from '@mendian/protocol';
import type { Principal } from '../devices/device-registry.js';
import { canPublish, type PolicyContext } from './broker-policy.js';
import type { BrokerLimits } from './broker-config.js';
import type { DurableIngest } from './durable-ingest.js';
import type { EventBus } from './event-bus.js';
import type { IotEvents } from './iot-events.js';
import type { Logger } from './logger.js';
import { RateLimiter } from './rate-limiter.js';

export class ForbiddenPublishError extends Error {
  readonly code = 'FORBIDDEN_TOPIC';
  constructor(message: string) {
    super(message);
    this.name = 'ForbiddenPublishError';
  }
}

/** What the gate needs from the broker: a way to tell a device why its message was refused. */
export interface GateOutput {
  publishInternal(topic: string, payload: Uint8Array, qos: 0 | 1, retain: boolean): void;
}

export interface PublishGateDeps {
  limits: BrokerLimits;
  ingest: DurableIngest;
  bus: EventBus<IotEvents>;
  logger: Logger;
  policy: PolicyContext;
  output: GateOutput;
  onRejected: (clientId: string) => void;
  now: () => number;
}

type Verdict = (err: Error | null) => void;

/**
 * Every client PUBLISH passes here before aedes acknowledges it (aedes 1.x sends PUBACK after the
 * authorizePublish callback). Order: ACL (a violation closes the connection, MQTT-3.3.5-2), rate
 * limit, payload validation, then durable commit for events and states. Refused payloads are
 * acknowledged but never routed (their payload buffer is marked and authorizeForward drops it),
 * counted, and explained on the device's `error` topic: the broker stays up and the device learns
 * why without a reconnect loop.
 */
export class PublishGate {
  readonly #rejectedPayloads = new WeakSet<object>();
  readonly #limiter: RateLimiter;
  readonly #counters = new Map<string, number>();

  constructor(private readonly deps: PublishGateDeps) {
    this.#limiter = new RateLimiter(
      deps.limits.publishRatePerSecond,
      deps.limits.publishBurst,
      deps.now,
    );
  }

  get counters(): ReadonlyMap<string, number> {
    return this.#counters;
  }

  #count(key: string): void {
    this.#counters.set(key, (this.#counters.get(key) ?? 0) + 1);
  }

  isRejected(payload: unknown): boolean {
    return typeof payload === 'object' && payload !== null && this.#rejectedPayloads.has(payload);
  }

  forget(clientId: string): void {
    this.#limiter.forget(clientId);
  }

  check(
    principal: Principal,
    packet: { topic: string; payload: Buffer | string; retain: boolean },
    done: Verdict,
  ): void {
    const decision = canPublish(principal, packet.topic, this.deps.policy);
    if (!decision.ok) {
      this.#refuse(principal, packet, 'FORBIDDEN_TOPIC', decision.reason);
      done(
        new ForbiddenPublishError(
          `${principal.id} may not publish on ${packet.topic}: ${decision.reason}`,
        ),
      );
      return;
    }
    if (!this.#limiter.take(principal.id)) {
      this.#refuse(
        principal,
        packet,
        'RATE_LIMITED',
        `more than ${this.deps.limits.publishRatePerSecond}/s`,
      );
      done(null);
      return;
    }
    const decoded = decodeDeviceMessage(
      packet.topic,
      packet.payload,
      this.deps.limits.maxPayloadBytes,
    );
    if (!decoded.ok) {
      this.#refuse(principal, packet, decoded.code, decoded.message, decoded.issues);
      done(null);
      return;
    }
    this.#route(decoded.topic, decoded.payload, done);
  }

  #route(topic: TopicParts, payload: unknown, done: Verdict): void {
    const receivedAt = this.deps.now();
    const bus = this.deps.bus;
    switch (topic.channel) {
      case 'event':
      case 'state': {
        const p = payload as { eventId?: string; at: number };
        this.deps.ingest.submit(
          {
            device: topic.device,
            kind: topic.kind,
            channel: topic.channel,
            eventId: p.eventId ?? null,
            at: p.at,
            receivedAt,
            payload,
          },
          (err, duplicate) => {
            done(err);
            if (!err) {
              this.#count(`accepted.${topic.channel}`);
              bus.emit('device.message', { topic, payload, receivedAt, duplicate });
            }
          },
        );
        return;
      }
      case 'heartbeat':
        done(null);
        bus.emit('device.heartbeat', { topic, heartbeat: payload as Heartbeat, receivedAt });
        return;
      case 'availability':
        done(null);
        bus.emit('device.availability', {
          topic,
          availability: payload as Availability,
          receivedAt,
        });
        return;
      case 'reply':
        done(null);
        bus.emit('device.reply', { topic, reply: payload as CommandReply, receivedAt });
        return;
      case 'cmd':
      case 'error':
        done(null);
        return;
    }
  }

  #refuse(
    principal: Principal,
    packet: { topic: string; payload: Buffer | string; retain: boolean },
    code: DeviceError['code'],
    message: string,
    issues?: DeviceError['issues'],
  ): void {
    if (typeof packet.payload === 'object') this.#rejectedPayloads.add(packet.payload);
    // A refused retained message must not replace the last good state.
    packet.retain = false;
    this.#count(`rejected.${code}`);
    this.deps.onRejected(principal.id);
    const error: DeviceError = {
      at: this.deps.now(),
      code,
      message: message.slice(0, 1000),
      topic: packet.topic.slice(0, 256),
      ...(issues ? { issues: issues.slice(0, 20) } : {}),
    };
    this.deps.logger.warn(`refused publish from ${principal.id}: ${code}`, {
      topic: packet.topic,
      message,
    });
    const kind = principal.role === 'device' ? principal.kind : null;
    this.deps.bus.emit('device.rejected', { clientId: principal.id, kind, error });
    if (principal.role === 'device') {
      const errorTopic = buildTopic({
        store: principal.store,
        kind: principal.kind,
        device: principal.id,
        channel: 'error',
      });
      this.deps.output.publishInternal(errorTopic, encodePayload(error), 0, false);
    }
  }
}
