import { createServer, type Server, type Socket } from 'node:net';
import { Aedes } from 'aedes';
import mqtt from 'mqtt';
import { afterEach, describe, expect, it } from 'vitest';
import { PrinterSimulator } from '@mendian/drivers/simulators/printer-simulator';
import { buildTopic, commandReply, encodePayload, ulid } from '@mendian/protocol';
import { resolveLaneConfig } from '../../src/main/lane-config.js';
import { startLaneDriverHost } from '../../src/main/lane-driver-host.js';

/** A real aedes broker on an ephemeral TCP port, standing in for the store broker. */
async function startBroker(): Promise<{ url: string; close(): Promise<void> }> {
  const broker = await Aedes.createBroker();
  const sockets = new Set<Socket>();
  const server: Server = createServer((s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
    broker.handle(s);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const a = server.address();
  const port = typeof a === 'object' && a ? a.port : 0;
  return {
    url: `mqtt://127.0.0.1:${port}`,
    close: async () => {
      for (const s of sockets) s.destroy();
      await new Promise<void>((r) => broker.close(() => r()));
      await new Promise<void>((r) => server.close(() => r()));
    },
  };
}

const cleanup: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanup.splice(0).reverse()) await c();
});

describe('lane driver host', () => {
  it('bridges the lane printer to the store broker: a print command reaches the printer', async () => {
    const broker = await startBroker();
    cleanup.push(() => broker.close());
    const printer = await PrinterSimulator.start();
    cleanup.push(() => printer.close());
    const config = resolveLaneConfig({
      driverHost: {
        enabled: true,
        host: {
          store: 'SH001',
          mqtt: { url: broker.url },
          devices: [
            {
              id: 'lane01-printer',
              model: 'epson-tm-t82iii',
              transport: { type: 'tcp', host: printer.host, port: printer.port },
            },
          ],
        },
      },
    });
    if (!config.ok) throw config.error;
    const started = await startLaneDriverHost(config.config.driverHost);
    expect(started.ok).toBe(true);
    if (!started.ok || !started.host) return;
    const host = started.host;
    cleanup.push(() => host.stop());
    expect(started.devices).toEqual(['lane01-printer']);

    const client = await mqtt.connectAsync(broker.url);
    cleanup.push(() => client.endAsync());
    const parts = { store: 'SH001', kind: 'printer', device: 'lane01-printer' } as const;
    await client.subscribeAsync(buildTopic({ ...parts, channel: 'reply' }), { qos: 1 });
    const reply = new Promise<unknown>((resolve) =>
      client.on('message', (_t, payload) => resolve(JSON.parse(payload.toString()))),
    );
    const now = Date.now();
    await client.publishAsync(
      buildTopic({ ...parts, channel: 'cmd' }),
      Buffer.from(
        encodePayload({
          transaction: 't1',
          sentAt: now,
          deadline: now + 10_000,
          command: 'print',
          params: { jobId: ulid(), kind: 'test', document: '门店测试页^\nMendian test page\n' },
        }),
      ),
      { qos: 1 },
    );
    const r = commandReply.parse(await reply);
    expect(r).toMatchObject({ transaction: 't1', status: 'ok' });
    const [receipt] = await printer.waitForReceipts(1);
    expect(receipt?.lines.join('\n')).toMatch(/Mendian test page/);
  });

  it('refuses a driver-host configuration with an unknown model, naming the field', async () => {
    const config = resolveLaneConfig({
      driverHost: {
        enabled: true,
        host: {
          store: 'SH001',
          mqtt: { url: 'mqtt://127.0.0.1:1' },
          devices: [
            { id: 'p', model: 'no-such-printer', transport: { type: 'usblp', path: '/x' } },
          ],
        },
      },
    });
    if (!config.ok) throw config.error;
    const r = await startLaneDriverHost(config.config.driverHost);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.message).toMatch(/devices\[0\]\.model/);
  });

  it('does nothing when disabled', async () => {
    const config = resolveLaneConfig({});
    if (!config.ok) throw config.error;
    expect(await startLaneDriverHost(config.config.driverHost)).toEqual({
      ok: true,
      host: null,
      devices: [],
    });
  });
});
