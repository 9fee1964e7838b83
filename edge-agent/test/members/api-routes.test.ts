import Fastify, { type FastifyInstance } from 'fastify';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { ulid } from '@mendian/protocol';
import { memberRoutes } from '../../src/members/api-routes.js';
import type { MemberService } from '../../src/members/member-service.js';
import { HqLoyalty, member, memberService, tempDir } from './helpers.js';

const tmp = tempDir('members-api');
const storeId = ulid();
let app: FastifyInstance;
let base: string;
let members: MemberService;
const m = member();

beforeAll(async () => {
  ({ members } = memberService(`${tmp.dir}/api.db`, storeId));
  members.directory.applySynced([m]);
  const hq = new HqLoyalty({
    shareBp: 5000,
    homeStoreShareBp: 5000,
    maxPerStore: { points: 10_000, value: 0 },
  });
  hq.push('points', [
    {
      schemaVersion: 1,
      id: ulid(),
      memberId: m.id,
      storeId: null,
      kind: 'adjust',
      delta: 800,
      orderId: null,
      createdAt: 1,
    },
  ]);
  members.ledger.importAllowances([hq.grant(m.id, storeId, 'points')!]);
  app = Fastify();
  await app.register(memberRoutes, { prefix: '/api', members });
  base = await app.listen({ port: 0, host: '127.0.0.1' });
});
afterAll(async () => {
  await app.close();
  tmp.cleanup();
});

async function call(method: string, path: string, body?: unknown) {
  const res = await fetch(`${base}/api${path}`, {
    method,
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: res.status, text: await res.text() };
}

test('lookup shows the masked phone only; holds and rewards stay within the allowance', async () => {
  const found = await call('POST', '/members/lookup', { by: 'phone', value: '13812345678' });
  expect(found.status).toBe(200);
  expect(found.text).toContain('138****5678');
  expect(found.text).not.toContain('13812345678');
  expect(JSON.parse(found.text)).toMatchObject({
    data: [{ points: { balance: 800, spendable: 400 } }],
  });

  const hold = await call('POST', '/members/holds', {
    holdId: ulid(),
    memberId: m.id,
    asset: 'points',
    amount: 300,
    orderId: ulid(),
  });
  expect(hold.status).toBe(201);
  const over = await call('POST', `/members/${m.id}/rewards`, {
    redemptionId: ulid(),
    points: 200,
    rewardCode: 'MUG',
    staffId: ulid(),
  });
  expect(over.status).toBe(409);
  expect(JSON.parse(over.text)).toMatchObject({
    error: { code: 'INSUFFICIENT_ALLOWANCE', details: { spendable: 100 } },
  });
  expect(
    (
      await call('POST', '/members', {
        memberId: ulid(),
        phone: '13812345678',
        consent: { profile: true, marketing: true },
        staffId: ulid(),
      })
    ).status,
  ).toBe(409);
  const created = await call('POST', '/members', {
    memberId: ulid(),
    phone: '13500000000',
    consent: { profile: false, marketing: false },
    staffId: ulid(),
  });
  expect(created.status).toBe(201);
  expect(JSON.parse(created.text)).toMatchObject({
    data: { provisional: true, phoneMasked: '135****0000' },
  });
  expect(created.text).not.toContain('13500000000');
  expect((await call('GET', `/members/${ulid()}`)).status).toBe(404);
});
