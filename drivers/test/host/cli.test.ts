import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PrinterSimulator } from '@mendian/drivers/simulators/printer-simulator';
import { Probe, TestBroker } from '../helpers/broker.js';

const cli = fileURLToPath(new URL('../../src/cli/driver-host.ts', import.meta.url));

function run(args: string[]): {
  child: ReturnType<typeof spawn>;
  out: () => string;
  err: () => string;
  exit: Promise<number | null>;
} {
  const child = spawn(process.execPath, ['--import', 'tsx', cli, ...args], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  child.stdout.on('data', (b: Buffer) => (out += b.toString()));
  child.stderr.on('data', (b: Buffer) => (err += b.toString()));
  const exit = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
  return { child, out: () => out, err: () => err, exit };
}

describe('standalone driver host process', () => {
  let broker: TestBroker;
  let printer: PrinterSimulator;
  let dir: string;
  beforeAll(async () => {
    broker = await TestBroker.start();
    printer = await PrinterSimulator.start();
    dir = mkdtempSync(join(tmpdir(), 'mendian-cli-'));
  });
  afterAll(async () => {
    await printer.close();
    await broker.down();
  });

  it('starts from a config file, and on SIGTERM leaves its devices offline (stopped)', async () => {
    const file = join(dir, 'host.json');
    writeFileSync(
      file,
      JSON.stringify({
        store: 'SH009',
        mqtt: { url: broker.url },
        devices: [
          {
            id: 'p1',
            model: 'epson-tm-t82iii',
            transport: { type: 'tcp', host: '127.0.0.1', port: printer.port },
          },
        ],
      }),
    );
    const probe = await Probe.connect(broker.url, 'mendian/SH009/#');
    const p = run([file]);
    await probe.waitFor(
      (m) =>
        m.topic.endsWith('/availability') && (m.json as { status: string }).status === 'online',
      15_000,
      'online',
    );
    p.child.kill('SIGTERM');
    expect(await p.exit).toBe(0);
    await probe.waitFor(
      (m) =>
        m.topic.endsWith('/availability') && (m.json as { reason?: string }).reason === 'stopped',
      5000,
      'stopped',
    );
    await probe.close();
  });

  it('a bad config exits 2 and names every problem', async () => {
    const file = join(dir, 'bad.json');
    writeFileSync(
      file,
      JSON.stringify({
        store: 'x',
        mqtt: { url: 'ftp://x' },
        devices: [{ id: 'a', model: 'nope', transport: { type: 'tcp', host: 'h', port: 1 } }],
      }),
    );
    const p = run([file]);
    expect(await p.exit).toBe(2);
    expect(p.err()).toMatch(/store/);
    expect(p.err()).toMatch(/mqtt\.url/);
  });
});
