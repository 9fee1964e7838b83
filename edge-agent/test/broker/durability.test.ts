import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { connect, provision, startHub, topicOf, type HubFixture } from './hub-fixture.js';
import { scanPayload } from './payloads.js';

const hubProcess = fileURLToPath(new URL('./fixtures/hub-process.ts', import.meta.url));
let f: HubFixture | null = null;

afterEach(async () => {
  await f?.close();
  f = null;
});

function startChild(
  dataDir: string,
  slowCommitMs: number,
): Promise<{ port: number; kill: () => Promise<void> }> {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', hubProcess, dataDir, String(slowCommitMs)],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  );
  const exited = new Promise<void>((r) => child.once('exit', () => r()));
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (chunk: string) => {
      const m = /READY (\d+)/.exec(chunk);
      if (m) {
        resolve({
          port: Number(m[1]),
          kill: async () => {
            child.kill('SIGKILL');
            await exited;
          },
        });
      }
    });
  });
}

describe('durable ingest survives SIGKILL', () => {
  it('finds every acknowledged event after the broker process is killed right after a PUBACK', async () => {
    // Provision in-process, then run the broker alone in a child over the same data directory.
    f = await startHub();
    const scanner = await provision(f.hub, 'scanner');
    await f.hub.stop();
    const child = await startChild(f.dataDir, 15);
    const device = await connect(`mqtt://127.0.0.1:${child.port}`, scanner, { clean: true });
    device.on('error', () => undefined);

    const acked: string[] = [];
    let killing: Promise<void> | null = null;
    const KILL_AFTER = 300;
    // Pipelined publishes, as a busy shelf or presence sensor sends them; kill from inside the
    // PUBACK callback of the 300th acknowledgement, while later ones are still in flight.
    await new Promise<void>((resolve) => {
      for (let i = 0; i < 1000; i++) {
        const p = scanPayload(`690123456${String(i).padStart(4, '0')}`);
        device.publish(topicOf(scanner, 'event'), JSON.stringify(p), { qos: 1 }, (err) => {
          if (err || killing) return;
          acked.push(String(p.eventId));
          if (acked.length === KILL_AFTER) {
            killing = child.kill();
            void killing.then(resolve);
          }
        });
      }
    });
    device.end(true);
    expect(acked.length).toBe(KILL_AFTER);

    await f.restart();
    const stored = new Set(f.hub.ingest.after(0, 10_000).map((e) => e.eventId));
    const missing = acked.filter((id) => !stored.has(id));
    expect(missing).toEqual([]);
    // Events committed but not yet acknowledged may also be there: at-least-once, never lost.
    expect(stored.size).toBeGreaterThanOrEqual(KILL_AFTER);
  });
});

describe('broker state survives a restart', () => {
  it('delivers a command queued for an offline persistent session and keeps retained state', async () => {
    f = await startHub();
    const printer = await provision(f.hub, 'printer');
    let d = await connect(f.url, printer, { clean: false });
    await d.subscribeAsync(topicOf(printer, 'cmd'), { qos: 1 });
    const state = { at: Date.now(), online: true, paper: 'low', coverOpen: false, error: null };
    await d.publishAsync(topicOf(printer, 'state'), JSON.stringify(state), {
      qos: 1,
      retain: true,
    });
    await d.endAsync();

    const outcome = f.hub.commander.send(
      { kind: 'printer', device: printer.id },
      { command: 'status', params: {} },
      300,
    );
    expect(await outcome).toMatchObject({ ok: false, code: 'TIMEOUT' });
    await f.restart();

    d = await connect(f.url, printer, { clean: false });
    const got = await new Promise<{ command: string }>((resolve) =>
      d.on('message', (t, p) => {
        if (t === topicOf(printer, 'cmd')) resolve(JSON.parse(p.toString()) as { command: string });
      }),
    );
    expect(got.command).toBe('status');
    await d.endAsync();

    const svc = await f.hub.registry.provisionClient({ id: 'svc', role: 'service' });
    const s = await connect(f.url, { id: 'svc', secret: svc.secret });
    const retained = new Promise<unknown>((resolve) =>
      s.on('message', (_t, p) => resolve(JSON.parse(p.toString()))),
    );
    await s.subscribeAsync(topicOf(printer, 'state'), { qos: 1 });
    expect(await retained).toEqual(state);
    await s.endAsync();
  });
});
