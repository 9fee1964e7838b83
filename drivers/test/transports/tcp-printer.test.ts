import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ulid, type PrintJob } from '@mendian/protocol';
import { DriverError } from '@mendian/drivers/errors';
import epsonTmT82iii from '@mendian/drivers/models/epson-tm-t82iii';
import { EscPosPrinter } from '@mendian/drivers/printers/escpos-printer';
import { PrinterSimulator } from '@mendian/drivers/simulators/printer-simulator';
import { TcpTransport } from '@mendian/drivers/transports/tcp-transport';

const caps = epsonTmT82iii.capabilities;
const job = (document: string, extra: Partial<PrintJob> = {}): PrintJob => ({
  jobId: ulid(),
  kind: 'receipt',
  document,
  copies: 1,
  openDrawer: false,
  cut: true,
  ...extra,
});

describe('ESC/POS printer over TCP 9100 (simulator on an ephemeral port)', () => {
  let sim: PrinterSimulator;
  let transport: TcpTransport;
  let printer: EscPosPrinter;

  beforeEach(async () => {
    sim = await PrinterSimulator.start();
    transport = new TcpTransport({ host: sim.host, port: sim.port, connectTimeoutMs: 1000 });
    printer = new EscPosPrinter(transport, caps, { statusTimeoutMs: 500 });
  });
  afterEach(async () => {
    await transport.close();
    await sim.close();
  });

  it('prints a Chinese receipt, kicks the drawer, reads status back', async () => {
    const r = await printer.print(job('^全家便利店\n|合计 | ￥27.85|\n', { openDrawer: true }));
    expect(r.status).toBe('printed');
    const [receipt] = await sim.waitForReceipts(1);
    expect(receipt!.lines.map((l) => l.replace(/\s+/g, '')).filter((l) => l !== '')).toEqual([
      '全家便利店',
      '合计￥27.85',
    ]);
    expect(sim.drawerKicks).toBe(1);
    expect(sim.decodeErrors).toEqual([]);
    expect(await printer.status()).toMatchObject({
      online: true,
      paper: 'ok',
      coverOpen: false,
      drawerOpen: true,
      error: null,
    });
  });

  it('a retried job id prints once', async () => {
    const j = job('重复打印测试\n');
    expect((await printer.print(j)).status).toBe('printed');
    const bytes = sim.bytesReceived;
    expect((await printer.print({ ...j })).status).toBe('printed');
    expect(sim.bytesReceived).toBe(bytes);
    expect(sim.receipts).toHaveLength(1);
  });

  it('copies print as separate receipts', async () => {
    expect((await printer.print(job('两联\n', { copies: 2 }))).status).toBe('printed');
    await sim.waitForReceipts(2);
  });

  it('paper out and cover open refuse the job before printing; after a refill it prints', async () => {
    sim.paper = 'out';
    const j = job('缺纸\n');
    expect(await printer.print(j)).toMatchObject({ status: 'paperOut', jobId: j.jobId });
    sim.paper = 'ok';
    sim.coverOpen = true;
    expect(await printer.print(j)).toMatchObject({ status: 'coverOpen' });
    sim.coverOpen = false;
    expect(await printer.print(j)).toMatchObject({ status: 'printed' });
    expect(sim.receipts).toHaveLength(1);
    expect(await printer.status()).toMatchObject({ paper: 'ok' });
  });

  it('paper running out during a job is reported as paperOut', async () => {
    sim.paperLeftLines = 2;
    const long = Array.from({ length: 10 }, (_, i) => `第${i + 1}行`).join('\n');
    expect(await printer.print(job(long))).toMatchObject({
      status: 'paperOut',
      message: expect.stringMatching(/during printing/) as string,
    });
  });

  it('offline when the printer is switched off, printed again after it comes back', async () => {
    await sim.powerOff();
    expect(await printer.print(job('离线\n'))).toMatchObject({ status: 'offline' });
    expect(await printer.status()).toMatchObject({ online: false });
    await sim.powerOn();
    expect(await printer.print(job('恢复\n'))).toMatchObject({ status: 'printed' });
  });

  it('pre-rendered bytes (base64) pass through unchanged', async () => {
    const bytes = Buffer.from('\x1b@\x1c&' + 'ABC\n' + '\x1dVB\x00', 'latin1').toString('base64');
    expect(
      await printer.print({
        jobId: ulid(),
        kind: 'test',
        bytesBase64: bytes,
        copies: 1,
        openDrawer: false,
        cut: true,
      }),
    ).toMatchObject({ status: 'printed' });
    await sim.waitForReceipts(1);
    expect(sim.receipts[0]!.lines).toEqual(['ABC']);
  });

  it('connect timeout: a port where nothing answers fails fast with a coded error', async () => {
    // 192.0.2.0/24 is TEST-NET-1 (RFC 5737): never routed. Depending on the sandbox the kernel
    // either drops the SYN (timeout) or refuses at once (unreachable); both must be coded.
    const t = new TcpTransport({ host: '192.0.2.1', port: 9100, connectTimeoutMs: 300 });
    const started = Date.now();
    const e = await t.open().then(
      () => undefined,
      (x: unknown) => x,
    );
    expect(e).toBeInstanceOf(DriverError);
    expect(['TRANSPORT_TIMEOUT', 'TRANSPORT_FAILED']).toContain((e as DriverError).code);
    expect(Date.now() - started).toBeLessThan(2000);
  });

  it('a closed port is TRANSPORT_FAILED and the print result is offline', async () => {
    const port = sim.port;
    await sim.powerOff();
    const t = new TcpTransport({ host: '127.0.0.1', port, connectTimeoutMs: 300 });
    await expect(t.open()).rejects.toMatchObject({ code: 'TRANSPORT_FAILED' });
  });
});
