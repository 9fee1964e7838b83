// The store broker (aedes + SQLite persistence + auth + ACL + durable ingest) against Debian's
// mosquitto, with the same mqtt.js clients and load in the same run. Each broker runs in its own
// process; the clients run here. `--serve <dataDir>` is the child mode that runs the hub.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import mqtt, { type MqttClient } from 'mqtt';
import { ulid } from '@mendian/protocol';
import { brokerConfig } from '../src/broker/broker-config.js';
import { IotHub } from '../src/broker/iot-hub.js';
import { silentLogger } from '../src/broker/logger.js';
import { DeviceRegistry } from '../src/devices/device-registry.js';
import { percentile, report } from '../../scripts/bench-kit.mjs';

const STORE = 'SH001';
const SELF = fileURLToPath(import.meta.url);
// Bench devices use a cheap scrypt cost so 1,100 can be provisioned in seconds; a connect's
// cost is paid once per device and is not part of any figure below.
const SCRYPT = { N: 1024, r: 8, p: 1 };

interface Creds {
  id: string;
  secret: string;
  topic: string;
}

interface BrokerUnderTest {
  name: 'aedes-hub' | 'mosquitto';
  url: string;
  pid: number;
  stop(): Promise<void>;
  heapKb?: () => Promise<number>;
}

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as AddressInfo).port;
      s.close(() => resolve(port));
    });
  });
}

function stopChild(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null) return resolve();
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
  });
}

async function startHub(dataDir: string): Promise<BrokerUnderTest> {
  const child = spawn(
    process.execPath,
    ['--expose-gc', '--import', 'tsx', SELF, '--serve', dataDir],
    { stdio: ['pipe', 'pipe', 'inherit'] },
  );
  let onMem: ((heapKb: number) => void) | null = null;
  const port = await new Promise<number>((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`hub exited with ${code}`)));
    child.stdout?.on('data', (d: Buffer) => {
      const text = d.toString();
      const m = /READY (\d+)/.exec(text);
      if (m) resolve(Number(m[1]));
      const mem = /MEM (\d+)/.exec(text);
      if (mem && onMem) onMem(Number(mem[1]));
    });
  });
  return {
    name: 'aedes-hub',
    url: `mqtt://127.0.0.1:${port}`,
    pid: child.pid ?? 0,
    stop: () => stopChild(child),
    // The JS heap after a full GC: what the connections really keep, without allocator slack.
    heapKb: () =>
      new Promise<number>((resolve) => {
        onMem = resolve;
        child.stdin?.write('mem\n');
      }),
  };
}

async function startMosquitto(dir: string): Promise<BrokerUnderTest> {
  const port = await freePort();
  const conf = join(dir, 'mosquitto.conf');
  // In-memory, no auth: mosquitto's fastest configuration. Unlimited in-flight and queue so its
  // defaults (20 in flight to a subscriber) do not throttle it below what it can do.
  writeFileSync(
    conf,
    [
      `listener ${port} 127.0.0.1`,
      'allow_anonymous true',
      'persistence false',
      'max_inflight_messages 0',
      'max_queued_messages 0',
      'set_tcp_nodelay true',
      'log_dest none',
    ].join('\n'),
  );
  const child = spawn('mosquitto', ['-c', conf], { stdio: 'ignore' });
  const url = `mqtt://127.0.0.1:${port}`;
  for (let i = 0; i < 100; i++) {
    try {
      const c = await mqtt.connectAsync(url, { reconnectPeriod: 0, clientId: `probe-${i}` });
      await c.endAsync();
      break;
    } catch {
      await new Promise((r) => setTimeout(r, 50));
    }
  }
  return { name: 'mosquitto', url, pid: child.pid ?? 0, stop: () => stopChild(child) };
}

function rssKb(pid: number): number {
  const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return Number(m?.[1] ?? NaN);
}

function connectAs(url: string, c: { id: string; secret: string }): Promise<MqttClient> {
  return mqtt.connectAsync(url, {
    clientId: c.id,
    username: c.id,
    password: c.secret,
    reconnectPeriod: 0,
    clean: true,
    connectTimeout: 20_000,
  });
}

function payload(seq: number, eventId: string): string {
  // A realistic scan event (~190 bytes) whose `data` carries the sequence number.
  return JSON.stringify({
    eventId,
    at: Date.now(),
    data: String(seq),
    rawHex: '363930313233343536373839',
    symbology: 'ean13',
    source: 'simulator',
  });
}

const DATA_RE = /"data":"(\d+)"/;

/** A subscriber on every event of the store; records when each sequence number arrived. */
class Receiver {
  readonly arrived = new Map<number, number>();
  constructor(readonly client: MqttClient) {
    client.on('message', (_t, p) => {
      const m = DATA_RE.exec(p.toString('latin1'));
      if (m) this.arrived.set(Number(m[1]), performance.now());
    });
  }
  async waitFor(seqs: Iterable<number>, ms: number): Promise<number> {
    const list = [...seqs];
    const until = performance.now() + ms;
    while (performance.now() < until) {
      if (list.every((s) => this.arrived.has(s))) return 0;
      await new Promise((r) => setTimeout(r, 20));
    }
    return list.filter((s) => !this.arrived.has(s)).length;
  }
}

interface RunResult {
  sent: number;
  delivered?: number;
  acked: number;
  seconds: number;
  ackMs: number[];
  deliverMs: number[];
  missingAcked: number;
  ackedEventIds: string[];
}

let nextSeq = 1;

/** Publishers keep `window` QoS 1 messages in flight each (or fire-and-forget at QoS 0). */
async function bulk(
  pubs: { client: MqttClient; topic: string }[],
  perPub: number,
  qos: 0 | 1,
  window: number,
  rx: Receiver,
): Promise<RunResult> {
  const sentAt = new Map<number, number>();
  const ackMs: number[] = [];
  const ackedSeqs: number[] = [];
  const ackedEventIds: string[] = [];
  const t0 = performance.now();
  let ackEnd = t0;
  await Promise.all(
    pubs.map(
      ({ client, topic }) =>
        new Promise<void>((resolve) => {
          let sent = 0;
          let inflight = 0;
          let done = 0;
          const pump = (): void => {
            while (sent < perPub && (qos === 0 || inflight < window)) {
              const seq = nextSeq++;
              const id = ulid();
              sent++;
              inflight++;
              const at = performance.now();
              sentAt.set(seq, at);
              client.publish(topic, payload(seq, id), { qos }, (err) => {
                inflight--;
                done++;
                if (!err && qos === 1) {
                  ackEnd = performance.now();
                  ackMs.push(ackEnd - at);
                  ackedSeqs.push(seq);
                  ackedEventIds.push(id);
                }
                if (done === perPub) resolve();
                else if (qos === 1) pump();
              });
              if (qos === 0 && sent % 200 === 0) {
                // Let the socket drain between bursts instead of buffering 50k messages in memory.
                setImmediate(pump);
                return;
              }
            }
          };
          pump();
        }),
    ),
  );
  const all = [...sentAt.keys()];
  // QoS 1 must deliver every acked one; QoS 0 may drop, so what has not come after 15 s is lost.
  const missingAll = await rx.waitFor(qos === 1 ? ackedSeqs : all, 15_000);
  const delivered = all.filter((s) => rx.arrived.has(s));
  let deliverEnd = t0;
  for (const s of delivered) deliverEnd = Math.max(deliverEnd, rx.arrived.get(s) ?? 0);
  const deliverMs = delivered.map((s) => (rx.arrived.get(s) ?? 0) - (sentAt.get(s) ?? 0));
  return {
    sent: all.length,
    delivered: delivered.length,
    acked: ackedSeqs.length,
    // QoS 1: until the last PUBACK; QoS 0 (no acks): until the last delivery.
    seconds: ((qos === 1 ? ackEnd : deliverEnd) - t0) / 1000,
    ackMs,
    deliverMs,
    missingAcked: qos === 1 ? missingAll : 0,
    ackedEventIds,
  };
}

/** Each device publishes one QoS 1 event and waits for its PUBACK before the next. */
async function stopAndWait(
  devs: { client: MqttClient; topic: string }[],
  perDev: number,
  rx: Receiver,
): Promise<RunResult> {
  const ackMs: number[] = [];
  const acked: number[] = [];
  const ids: string[] = [];
  const t0 = performance.now();
  await Promise.all(
    devs.map(async ({ client, topic }) => {
      for (let i = 0; i < perDev; i++) {
        const seq = nextSeq++;
        const id = ulid();
        const at = performance.now();
        await client.publishAsync(topic, payload(seq, id), { qos: 1 });
        ackMs.push(performance.now() - at);
        acked.push(seq);
        ids.push(id);
      }
    }),
  );
  const seconds = (performance.now() - t0) / 1000;
  const missing = await rx.waitFor(acked, 15_000);
  return {
    sent: acked.length,
    acked: acked.length,
    seconds,
    ackMs,
    deliverMs: [],
    missingAcked: missing,
    ackedEventIds: ids,
  };
}

/** QoS 1 events at a fixed total rate spread over the publishers; latency publish -> delivery. */
async function paced(
  pubs: { client: MqttClient; topic: string }[],
  ratePerSecond: number,
  seconds: number,
  rx: Receiver,
): Promise<RunResult> {
  const total = ratePerSecond * seconds;
  const sentAt = new Map<number, number>();
  const acked: number[] = [];
  const ids: string[] = [];
  const t0 = performance.now();
  let sent = 0;
  await new Promise<void>((resolve) => {
    const tick = (): void => {
      const due = Math.min(total, Math.floor(((performance.now() - t0) / 1000) * ratePerSecond));
      while (sent < due) {
        const pub = pubs[sent % pubs.length];
        if (!pub) break;
        const seq = nextSeq++;
        const id = ulid();
        sentAt.set(seq, performance.now());
        pub.client.publish(pub.topic, payload(seq, id), { qos: 1 }, (err) => {
          if (!err) {
            acked.push(seq);
            ids.push(id);
          }
        });
        sent++;
      }
      if (sent < total) setImmediate(tick);
      else resolve();
    };
    tick();
  });
  const missing = await rx.waitFor(sentAt.keys(), 15_000);
  const deliverMs = [...sentAt]
    .filter(([s]) => rx.arrived.has(s))
    .map(([s, at]) => (rx.arrived.get(s) ?? 0) - at);
  return {
    sent,
    acked: acked.length,
    seconds: (performance.now() - t0) / 1000,
    ackMs: [],
    deliverMs,
    missingAcked: missing,
    ackedEventIds: ids,
  };
}

async function idleMemory(
  broker: BrokerUnderTest,
  devices: Creds[],
): Promise<{ rssPer1000: number; heapPer1000: number }> {
  await new Promise((r) => setTimeout(r, 500));
  const heapBefore = (await broker.heapKb?.()) ?? NaN;
  const before = rssKb(broker.pid);
  const clients: MqttClient[] = [];
  for (let i = 0; i < devices.length; i += 100) {
    const batch = await Promise.all(devices.slice(i, i + 100).map((d) => connectAs(broker.url, d)));
    await Promise.all(
      batch.map((c, j) =>
        c.subscribeAsync(`${devices[i + j]?.topic.replace(/event$/, 'cmd')}`, { qos: 1 }),
      ),
    );
    clients.push(...batch);
  }
  await new Promise((r) => setTimeout(r, 1500));
  const heapAfter = (await broker.heapKb?.()) ?? NaN;
  const after = rssKb(broker.pid);
  await Promise.all(clients.map((c) => c.endAsync(true)));
  console.error(
    `  RSS ${before} KB -> ${after} KB, heap ${heapBefore} KB -> ${heapAfter} KB with ${devices.length} idle devices`,
  );
  return {
    rssPer1000: ((after - before) / devices.length) * 1000,
    heapPer1000: ((heapAfter - heapBefore) / devices.length) * 1000,
  };
}

/** What one synchronous=FULL commit costs on this disk: the floor under durable PUBACK latency. */
function fsyncCommitMs(dir: string): { p50: number; p99: number } {
  const db = new Database(join(dir, 'fsync-probe.sqlite'));
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  db.exec('CREATE TABLE t (v INTEGER)');
  const ins = db.prepare('INSERT INTO t VALUES (?)');
  const ms: number[] = [];
  for (let i = 0; i < 200; i++) {
    const t = performance.now();
    db.transaction(() => ins.run(i))();
    ms.push(performance.now() - t);
  }
  db.close();
  return { p50: percentile(ms, 50), p99: percentile(ms, 99) };
}

const r2 = (v: number): number => Math.round(v * 100) / 100;

async function measure(
  broker: BrokerUnderTest,
  svc: { id: string; secret: string },
  pubs: Creds[],
  waiters: Creds[],
  idle: Creds[],
) {
  const step = async <T>(what: string, fn: () => Promise<T>): Promise<T> => {
    const t = performance.now();
    const r = await fn();
    console.error(`  ${broker.name}: ${what} ${((performance.now() - t) / 1000).toFixed(1)} s`);
    return r;
  };
  // Memory first, on the fresh process, before load leaves garbage for the GC to reclaim.
  const memPer1000 = await step('1,000 idle', () => idleMemory(broker, idle));
  const sub = await connectAs(broker.url, svc);
  await sub.subscribeAsync(`mendian/${STORE}/+/+/event`, { qos: 1 });
  const rx = new Receiver(sub);
  const pubClients = await Promise.all(
    pubs.map(async (p) => ({ client: await connectAs(broker.url, p), topic: p.topic })),
  );
  const waitClients = await Promise.all(
    waiters.map(async (p) => ({ client: await connectAs(broker.url, p), topic: p.topic })),
  );
  await step('warm-up', () => bulk(pubClients, 300, 1, 50, rx));
  const q0 = await step('QoS 0 bulk', () => bulk(pubClients, 4000, 0, 0, rx));
  const q1 = await step('QoS 1 bulk', () => bulk(pubClients, 3000, 1, 50, rx));
  const saw = await step('stop-and-wait', () => stopAndWait(waitClients, 30, rx));
  const p2k = await step('paced 2k/s', () => paced(pubClients, 2000, 3, rx));
  const p10k = await step('paced 10k/s', () => paced(pubClients, 10_000, 2, rx));
  await Promise.all([...pubClients, ...waitClients].map((p) => p.client.endAsync()));
  await sub.endAsync();
  return { q0, q1, saw, p2k, p10k, memPer1000 };
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'mendian-broker-bench-'));
  const dataDir = join(dir, 'hub');
  // Provision every client the hub will see (the hub child opens the same files afterwards).
  mkdirSync(dataDir, { recursive: true });
  const regDb = new Database(join(dataDir, 'iot.sqlite'));
  const registry = new DeviceRegistry({
    db: regDb,
    store: STORE,
    brokerUrl: 'bench',
    scryptCost: SCRYPT,
  });
  registry.start();
  const mk = async (kind: 'scanner' | 'shelf', n: number): Promise<Creds[]> => {
    const out: Creds[] = [];
    for (let i = 0; i < n; i++) {
      const p = await registry.provisionDevice({ kind, model: 'bench' });
      out.push({
        id: p.device.id,
        secret: p.secret,
        topic: `mendian/${STORE}/${kind}/${p.device.id}/event`,
      });
    }
    return out;
  };
  const svcSecret = (await registry.provisionClient({ id: 'bench-svc', role: 'service' })).secret;
  const pubs = await mk('scanner', 10);
  const waiters = await mk('scanner', 100);
  const idle = await mk('shelf', 1000);
  regDb.close();
  const svc = { id: 'bench-svc', secret: svcSecret };

  console.error('provisioned; starting the hub');
  const fsync = fsyncCommitMs(dir);
  const hub = await startHub(dataDir);
  const hubR = await measure(hub, svc, pubs, waiters, idle);
  await hub.stop();
  const mosq = await startMosquitto(dir);
  const mosR = await measure(mosq, svc, pubs, waiters, idle);
  await mosq.stop();

  // Every event the hub acknowledged must be in its SQLite file.
  const check = new Database(join(dataDir, 'iot.sqlite'), { readonly: true });
  const stored = new Set(
    (check.prepare('SELECT event_id FROM iot_device_events').all() as { event_id: string }[]).map(
      (r) => r.event_id,
    ),
  );
  check.close();
  const hubAcked = [hubR.q1, hubR.saw, hubR.p2k, hubR.p10k].flatMap((r) => r.ackedEventIds);
  const notStored = hubAcked.filter((id) => !stored.has(id)).length;

  const rows: Record<string, string | number>[] = [];
  const row = (metric: string, h: number, m: number, goal: string): void => {
    rows.push({ metric, 'aedes-hub': r2(h), mosquitto: r2(m), 'hub/mosq': r2(h / m), goal });
  };
  row(
    'QoS 0 delivered msg/s',
    (hubR.q0.delivered ?? 0) / hubR.q0.seconds,
    (mosR.q0.delivered ?? 0) / mosR.q0.seconds,
    '',
  );
  row(
    'QoS 0 delivered of sent %',
    ((hubR.q0.delivered ?? 0) / hubR.q0.sent) * 100,
    ((mosR.q0.delivered ?? 0) / mosR.q0.sent) * 100,
    '',
  );
  row(
    'QoS 1 bulk throughput msg/s (acked)',
    hubR.q1.acked / hubR.q1.seconds,
    mosR.q1.acked / mosR.q1.seconds,
    '>= 0.9x',
  );
  row('QoS 1 bulk PUBACK p50 ms', percentile(hubR.q1.ackMs, 50), percentile(mosR.q1.ackMs, 50), '');
  row(
    'QoS 1 bulk PUBACK p99 ms',
    percentile(hubR.q1.ackMs, 99),
    percentile(mosR.q1.ackMs, 99),
    '< 10',
  );
  row(
    'QoS 1 bulk publish->deliver p99 ms',
    percentile(hubR.q1.deliverMs, 99),
    percentile(mosR.q1.deliverMs, 99),
    '',
  );
  row(
    '100 stop-and-wait devices msg/s',
    hubR.saw.acked / hubR.saw.seconds,
    mosR.saw.acked / mosR.saw.seconds,
    '>= 0.9x',
  );
  row(
    '100 stop-and-wait PUBACK p99 ms',
    percentile(hubR.saw.ackMs, 99),
    percentile(mosR.saw.ackMs, 99),
    '< 10',
  );
  row(
    'publish->deliver p50 ms @2,000/s',
    percentile(hubR.p2k.deliverMs, 50),
    percentile(mosR.p2k.deliverMs, 50),
    '',
  );
  row(
    'publish->deliver p99 ms @2,000/s',
    percentile(hubR.p2k.deliverMs, 99),
    percentile(mosR.p2k.deliverMs, 99),
    '< 2, <= 2x',
  );
  row(
    'publish->deliver p50 ms @10,000/s',
    percentile(hubR.p10k.deliverMs, 50),
    percentile(mosR.p10k.deliverMs, 50),
    '',
  );
  row(
    'publish->deliver p99 ms @10,000/s',
    percentile(hubR.p10k.deliverMs, 99),
    percentile(mosR.p10k.deliverMs, 99),
    '< 2, <= 2x',
  );
  row('RSS KB per 1,000 idle devices', hubR.memPer1000.rssPer1000, mosR.memPer1000.rssPer1000, '');
  rows.push({
    metric: 'JS heap KB per 1,000 idle devices (after GC)',
    'aedes-hub': r2(hubR.memPer1000.heapPer1000),
    mosquitto: 'n/a (C)',
    goal: '',
  });
  const missing = (r: typeof hubR): number =>
    r.q1.missingAcked + r.saw.missingAcked + r.p2k.missingAcked + r.p10k.missingAcked;
  rows.push({
    metric: 'acknowledged but not delivered',
    'aedes-hub': missing(hubR),
    mosquitto: missing(mosR),
    goal: '0',
  });
  rows.push({
    metric: 'acknowledged but not in SQLite (hub)',
    'aedes-hub': notStored,
    mosquitto: 'n/a (in memory)',
    goal: '0',
  });
  rows.push({
    metric: 'durable-ingest events/s (QoS 1 bulk, fsync per turn)',
    'aedes-hub': r2(hubR.q1.acked / hubR.q1.seconds),
    goal: '',
  });
  report('broker', rows, {
    load: '10 bulk publishers x 3,000 QoS 1 (50 in flight each), 10 x 4,000 QoS 0, 100 stop-and-wait devices x 30, paced QoS 1 at 2k/s for 3 s and 10k/s for 2 s, 1 QoS 1 subscriber on mendian/SH001/+/+/event; ~190-byte scan events',
    hub: 'aedes 1.x + SqlitePersistence + scrypt auth + deny-by-default ACL + zod validation + durable ingest (synchronous=FULL, one commit per event-loop turn), own process',
    mosquitto:
      'Debian mosquitto 2.0, anonymous, persistence false, unlimited in-flight/queue, tcp_nodelay, own process',
    clients:
      'mqtt.js 5 in the bench process, identical for both brokers (the client process shares the 2 cores)',
    hubAckedTotal: hubAcked.length,
    fsyncCommitP50Ms: r2(fsync.p50),
    fsyncCommitP99Ms: r2(fsync.p99),
    loadAverage1m: r2(loadavg()[0] ?? NaN),
  });
  rmSync(dir, { recursive: true, force: true });
}

if (process.argv[2] === '--serve') {
  const dataDir = process.argv[3] ?? '';
  const hub = new IotHub({
    config: brokerConfig({
      store: STORE,
      dataDir,
      tcpPort: 0,
      // The per-client rate limit is raised so bulk publishers measure the broker, not the limiter.
      limits: { publishRatePerSecond: 1_000_000, publishBurst: 1_000_000, maxConnections: 5000 },
    }),
    logger: silentLogger,
    scryptCost: SCRYPT,
  });
  await hub.start();
  console.log(`READY ${hub.broker.ports.tcp}`);
  // Die with the bench: stdin closes when the parent exits, however it exits.
  process.stdin.on('end', () => process.exit(0));
  process.stdin.setEncoding('utf8');
  process.stdin.on('data', (line: string) => {
    if (!line.includes('mem')) return;
    (globalThis as { gc?: () => void }).gc?.();
    console.log(`MEM ${Math.round(process.memoryUsage().heapUsed / 1024)}`);
  });
  process.on('SIGTERM', () => {
    void hub.stop().then(() => process.exit(0));
  });
} else {
  await main();
}
