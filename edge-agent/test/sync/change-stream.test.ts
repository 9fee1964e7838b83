import { createServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { openChangeStream, type StreamItem } from '../../src/sync/change-stream.js';
import { SyncHttpClient } from '../../src/sync/http-client.js';
import { SyncClientError } from '../../src/sync/errors.js';

const cleanup: (() => void)[] = [];
afterEach(() => {
  for (const c of cleanup.splice(0)) c();
});

/** A real HTTP server speaking server-sent events, to test the client's parsing and reconnects. */
async function sseServer() {
  const clients: ServerResponse[] = [];
  const auth: (string | undefined)[] = [];
  const server = createServer((req, res) => {
    auth.push(req.headers.authorization);
    res.writeHead(200, { 'content-type': 'text/event-stream' });
    res.write('data: "RESYNC"\n\n');
    clients.push(res);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  cleanup.push(() => {
    server.closeAllConnections();
    server.close();
  });
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/s`, clients, auth };
}

describe('live change stream', () => {
  it('parses events split across chunks and reconnects with RESYNC after a drop', async () => {
    const srv = await sseServer();
    const items: StreamItem[] = [];
    const states: boolean[] = [];
    const stream = openChangeStream({
      url: srv.url,
      headers: { authorization: 'Bearer t' },
      reconnectMs: 50,
      onState: (c) => states.push(c),
    });
    cleanup.push(() => stream.close());
    stream.items$.subscribe((i) => items.push(i));
    await expect.poll(() => items).toEqual(['RESYNC']);
    const event = JSON.stringify({
      documents: [{ id: 'a', _deleted: false }],
      checkpoint: { epoch: 'e', seq: 3 },
    });
    srv.clients[0]!.write(`data: ${event.slice(0, 10)}`);
    srv.clients[0]!.write(`${event.slice(10)}\n\n: keep-alive\n\n`);
    await expect.poll(() => items.length).toBe(2);
    expect(items[1]).toEqual(JSON.parse(event));
    srv.clients[0]!.destroy();
    await expect.poll(() => items.length).toBe(3);
    expect(items[2]).toBe('RESYNC');
    expect(states).toEqual([true, false, true]);
    expect(srv.auth).toEqual(['Bearer t', 'Bearer t']);
  });
});

describe('sync HTTP client errors', () => {
  it('reports an unreachable server as OFFLINE and a server error by its code', async () => {
    const down = new SyncHttpClient({ baseUrl: 'http://127.0.0.1:1', credential: 'x' });
    await expect(down.pull('orders', null, 10)).rejects.toMatchObject({ code: 'OFFLINE' });
    const server = createServer((_req, res) => {
      res.writeHead(401, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ error: { code: 'UNAUTHENTICATED', message: 'no' } }));
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    cleanup.push(() => server.close());
    const c = new SyncHttpClient({
      baseUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
      credential: 'x',
    });
    const err = await c.push('orders', []).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(SyncClientError);
    expect(err).toMatchObject({ code: 'UNAUTHENTICATED', status: 401 });
  });
});
