import {
  COMMANDS_BY_KIND,
  commandRequest,
  ulid,
  type CommandReply,
  type DeviceCommand,
  type DeviceKind,
  type TopicParts,
} from '@mendian/protocol';
import type { EventBus } from '../broker/event-bus.js';
import type { IotEvents } from '../broker/iot-events.js';

/** How the commander reaches devices: the hub's single publish path. */
export interface CommandPublisher {
  publish(parts: TopicParts, payload: unknown): Promise<void>;
}

export type CommandOutcome =
  | { ok: true; reply: CommandReply }
  | {
      ok: false;
      code: 'TIMEOUT' | 'NOT_SUPPORTED' | 'DEVICE_ERROR' | 'PUBLISH_FAILED';
      message: string;
      reply?: CommandReply;
    };

export interface DeviceCommanderOptions {
  store: string;
  bus: EventBus<IotEvents>;
  publisher: CommandPublisher;
  now?: () => number;
  defaultTimeoutMs?: number;
}

/**
 * Sends a command on a device's `cmd` topic in the request envelope and resolves with the reply
 * that echoes its transaction, or a TIMEOUT outcome at the deadline. Replies arrive over the bus
 * (validated by the publish gate), so this class never touches MQTT.
 */
export class DeviceCommander {
  readonly #pending = new Map<string, { device: string; resolve: (o: CommandOutcome) => void }>();
  #off: (() => void) | null = null;

  constructor(private readonly options: DeviceCommanderOptions) {}

  start(): void {
    this.#off = this.options.bus.on(
      'device.reply',
      'devices/device-commander',
      ({ topic, reply }) => {
        const p = this.#pending.get(reply.transaction);
        // Only the addressed device may answer a transaction.
        if (!p || p.device !== topic.device) return;
        this.#pending.delete(reply.transaction);
        p.resolve(
          reply.status === 'ok'
            ? { ok: true, reply }
            : {
                ok: false,
                code: 'DEVICE_ERROR',
                message: reply.error?.message ?? 'device reported an error',
                reply,
              },
        );
      },
    );
  }

  stop(): void {
    this.#off?.();
    this.#off = null;
    for (const [tx, p] of this.#pending) {
      p.resolve({ ok: false, code: 'TIMEOUT', message: 'commander stopped' });
      this.#pending.delete(tx);
    }
  }

  async send(
    target: { kind: DeviceKind; device: string },
    command: DeviceCommand,
    timeoutMs = this.options.defaultTimeoutMs ?? 5000,
  ): Promise<CommandOutcome> {
    if (!COMMANDS_BY_KIND[target.kind].includes(command.command)) {
      return {
        ok: false,
        code: 'NOT_SUPPORTED',
        message: `a ${target.kind} does not accept "${command.command}"`,
      };
    }
    const now = (this.options.now ?? Date.now)();
    const transaction = ulid();
    const request = commandRequest.parse({
      transaction,
      sentAt: now,
      deadline: now + timeoutMs,
      ...command,
    });
    const outcome = new Promise<CommandOutcome>((resolve) => {
      const timer = setTimeout(() => {
        if (this.#pending.delete(transaction)) {
          resolve({
            ok: false,
            code: 'TIMEOUT',
            message: `no reply from ${target.device} within ${timeoutMs} ms`,
          });
        }
      }, timeoutMs);
      this.#pending.set(transaction, {
        device: target.device,
        resolve: (o) => {
          clearTimeout(timer);
          resolve(o);
        },
      });
    });
    try {
      await this.options.publisher.publish(
        { store: this.options.store, kind: target.kind, device: target.device, channel: 'cmd' },
        request,
      );
    } catch (e) {
      this.#pending.get(transaction)?.resolve({
        ok: false,
        code: 'PUBLISH_FAILED',
        message: e instanceof Error ? e.message : String(e),
      });
      this.#pending.delete(transaction);
    }
    return outcome;
  }
}
