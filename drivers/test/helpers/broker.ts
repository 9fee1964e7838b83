import { createServer, type Server, type Socket } from 'node:net';
import { Aedes } from 'aedes';
import mqtt, { type MqttClient } from 'mqtt';
import { decodeDeviceMessage } from '@mendian/protocol';

/** A real aedes broker on TCP; can be stopped and started again on the same port. */
export class TestBroker {
  private server: Server | undefined;
  private broker: Aedes | undefined;
  private readonly sockets = new Set<Socket>();
  port = 0;

  static async start(): Promise<TestBroker> {
    const b = new TestBroker();
    await b.up(0);
    return b;
  }

  get url(): string {
    return `mqtt://127.0.0.1:${this.port}`;
  }

  async up(port = this.port): Promise<void> {
    const broker = await Aedes.createBroker();
    const server = createServer((s) => {
      this.sockets.add(s);
      s.on('close', () => this.sockets.delete(s));
      broker.handle(s);
    });
    await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
    const a = server.address();
    this.port = typeof a === 'object' && a ? a.port : port;
    this.server = server;
    this.broker = broker;
  }

  /** The broker disappears (process died): connections drop, retained messages are lost. */
  async down(): Promise<void> {
    for (const s of this.sockets) s.destroy();
    const server = this.server;
    const broker = this.broker;
    this.server = undefined;
    this.broker = undefined;
    if (server) await new Promise<void>((r) => server.close(() => r()));
    if (broker) await new Promise<void>((r) => broker.close(() => r()));
  }
}

export interface Received {
  topic: string;
  json: unknown;
  retain: boolean;
}

/** A plain MQTT client that records what it sees and checks every payload against the protocol. */
export class Probe {
  readonly messages: Received[] = [];
  readonly invalid: string[] = [];
  private waiters: Array<() => void> = [];
  private constructor(readonly client: MqttClient) {}

  static async connect(url: string, filter: string): Promise<Probe> {
    const client = await mqtt.connectAsync(url, {
      clientId: `probe-${Math.random().toString(36).slice(2)}`,
      reconnectPeriod: 200,
    });
    const p = new Probe(client);
    client.on('message', (topic, payload, packet) => {
      const d = decodeDeviceMessage(topic, payload);
      if (!d.ok) p.invalid.push(`${topic}: ${d.message}`);
      p.messages.push({
        topic,
        json: JSON.parse(payload.toString()) as unknown,
        retain: packet.retain,
      });
      for (const w of p.waiters.splice(0)) w();
    });
    await client.subscribeAsync(filter, { qos: 1 });
    return p;
  }

  async waitFor(
    predicate: (m: Received) => boolean,
    timeoutMs = 5000,
    what = 'message',
  ): Promise<Received> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const hit = this.messages.find(predicate);
      if (hit) return hit;
      const left = deadline - Date.now();
      if (left <= 0)
        throw new Error(
          `no ${what} within ${timeoutMs} ms; saw ${this.messages.map((m) => m.topic).join(', ')}`,
        );
      await new Promise<void>((r) => {
        const t = setTimeout(r, left);
        this.waiters.push(() => {
          clearTimeout(t);
          r();
        });
      });
    }
  }

  /** Sends a command and waits for the reply with the same transaction. */
  async command(
    prefix: string,
    command: Record<string, unknown>,
    timeoutMs = 8000,
  ): Promise<Record<string, unknown>> {
    const transaction = `t-${Math.random().toString(36).slice(2)}`;
    const now = Date.now();
    await this.client.publishAsync(
      `${prefix}/cmd`,
      JSON.stringify({ transaction, sentAt: now, deadline: now + timeoutMs, ...command }),
      { qos: 1 },
    );
    const m = await this.waitFor(
      (x) =>
        x.topic === `${prefix}/reply` &&
        (x.json as { transaction?: string }).transaction === transaction,
      timeoutMs,
      `reply to ${String(command.command)}`,
    );
    return m.json as Record<string, unknown>;
  }

  close(): Promise<void> {
    return this.client.endAsync();
  }
}
