import { createServer, type Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ulid } from '@mendian/protocol';
import { ApiClientError, createHttp } from '../../src/renderer/api/http.js';
import { createHttpLaneApi, toLiveEvent } from '../../src/renderer/api/lane-api-http.js';
import { readUiSettings } from '../../src/renderer/settings.js';
import { z } from 'zod';

/** A real HTTP server on an ephemeral port whose answer each test sets. */
let server: Server;
let base = '';
let answer: { status: number; body: string } = { status: 200, body: '{}' };
const seen: { method: string; url: string; auth: string | undefined; body: string }[] = [];

beforeAll(async () => {
  server = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      seen.push({
        method: req.method ?? '',
        url: req.url ?? '',
        auth: req.headers.authorization,
        body,
      });
      res.writeHead(answer.status, { 'content-type': 'application/json' });
      res.end(answer.body);
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const a = server.address();
  base = `http://127.0.0.1:${typeof a === 'object' && a ? a.port : 0}`;
});
afterAll(() => new Promise<void>((r) => server.close(() => r())));

describe('HTTP client', () => {
  const schema = z.object({ n: z.number().int() });

  it('returns a validated value', async () => {
    answer = { status: 200, body: '{"n": 3, "extra": true}' };
    const r = await createHttp({ baseUrl: base }).request('GET', '/x', schema);
    expect(r).toEqual({ ok: true, value: { n: 3 }, status: 200 });
  });

  it('turns an API error body into a typed failure', async () => {
    answer = { status: 409, body: '{"error":{"code":"NO_SHIFT","message":"请先开班"}}' };
    const r = await createHttp({ baseUrl: base }).request('GET', '/x', schema);
    expect(r).toMatchObject({ ok: false, code: 'NO_SHIFT', message: '请先开班', status: 409 });
  });

  it('throws a coded error for a response that breaks its schema, naming the field', async () => {
    answer = { status: 200, body: '{"n": "three"}' };
    const p = createHttp({ baseUrl: base }).request('GET', '/x', schema);
    await expect(p).rejects.toBeInstanceOf(ApiClientError);
    const e = await p.catch((x: unknown) => x as ApiClientError);
    expect(e).toMatchObject({ code: 'BAD_RESPONSE' });
    expect((e as ApiClientError).message).toMatch(/\bn:/);
    answer = { status: 502, body: '<html>bad gateway</html>' };
    await expect(createHttp({ baseUrl: base }).request('GET', '/x', schema)).rejects.toMatchObject({
      code: 'BAD_RESPONSE',
    });
  });

  it('reports a network failure and a timeout as such', async () => {
    await expect(
      createHttp({ baseUrl: 'http://127.0.0.1:1' }).request('GET', '/x', schema),
    ).rejects.toMatchObject({ code: 'NETWORK' });
    const slow = createServer(() => undefined);
    await new Promise<void>((r) => slow.listen(0, '127.0.0.1', r));
    const a = slow.address();
    const url = `http://127.0.0.1:${typeof a === 'object' && a ? a.port : 0}`;
    await expect(
      createHttp({ baseUrl: url, timeoutMs: 100 }).request('GET', '/x', schema),
    ).rejects.toMatchObject({ code: 'TIMEOUT' });
    slow.closeAllConnections();
    await new Promise<void>((r) => slow.close(() => r()));
  });
});

describe('lane API adapter', () => {
  it('logs in with the lane code and then sends the bearer token', async () => {
    const staffId = ulid();
    answer = {
      status: 200,
      body: JSON.stringify({
        token: 'tok123',
        staff: { id: staffId, staffNo: '1001', name: '王小明', role: 'cashier' },
        laneCode: '03',
        storeName: '门店',
      }),
    };
    const api = createHttpLaneApi({ baseUrl: base, laneCode: '03' });
    const r = await api.login('1001', '1111');
    expect(r.ok).toBe(true);
    expect(JSON.parse(seen.at(-1)!.body)).toEqual({ staffNo: '1001', pin: '1111', laneCode: '03' });
    answer = { status: 409, body: '{"error":{"code":"NO_SHIFT","message":"x"}}' };
    await api.cart();
    expect(seen.at(-1)).toMatchObject({
      method: 'GET',
      url: '/api/v1/cart',
      auth: 'Bearer tok123',
    });
    await api.attachMember({ phone: '13812345678' });
    expect(seen.at(-1)).toMatchObject({ method: 'POST', url: '/api/v1/cart/member' });
    expect(JSON.parse(seen.at(-1)!.body)).toEqual({ phone: '13812345678' });
  });

  it('maps live messages and drops what does not parse', () => {
    expect(
      toLiveEvent({ type: 'printer', state: 'paperOut', message: '小票打印机' }),
    ).toMatchObject({
      type: 'device',
      device: { online: true, problems: ['paperOut'] },
    });
    expect(toLiveEvent({ type: 'printer', state: 'melted' })).toBeNull();
    expect(toLiveEvent('nonsense')).toBeNull();
  });
});

describe('per-lane UI settings from the URL', () => {
  it('reads lane, language, scan timing and poll interval, and ignores bad values', () => {
    const s = readUiSettings({
      search: '?lane=03&lang=en&scanGap=60&scanMin=8&statusPoll=1000',
      origin: 'http://10.0.0.5:8080',
    });
    expect(s).toEqual({
      apiBase: 'http://10.0.0.5:8080',
      laneCode: '03',
      locale: 'en',
      scanTiming: { maxGapMs: 60, minLength: 8 },
      statusPollMs: 1000,
    });
    const bad = readUiSettings({ search: '?lane=x y&scanGap=5&statusPoll=1', origin: 'http://h' });
    expect(bad).toEqual({
      apiBase: 'http://h',
      laneCode: '01',
      locale: 'zh-CN',
      statusPollMs: 5000,
    });
  });
});
