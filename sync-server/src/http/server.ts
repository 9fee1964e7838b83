import Fastify, { type FastifyInstance, type FastifyRequest } from 'fastify';
import { z } from 'zod';
import { CodedError, documentId, parseOrThrow, storeCode } from '@mendian/protocol';
import { authenticate, hashCredential, newCredential } from '../auth.js';
import { checkpointSchema } from '../checkpoint.js';
import type { CollectionPolicy } from '../collections/policy.js';
import { mendianPolicies } from '../collections/mendian.js';
import { silentLogger, type Logger } from '../logger.js';
import { ChangeHub, type StreamEvent } from '../replication/live.js';
import { pullPage } from '../replication/pull.js';
import { applyPush, pushRowSchema } from '../replication/push.js';
import type { SyncStorage } from '../storage/types.js';
import { errorHandler } from './errors.js';
import { requireHq, requirePrincipal } from './guards.js';
import { registerHqRoutes } from './hq-routes.js';

export interface SyncServerOptions {
  storage: SyncStorage;
  adminToken: string;
  policies?: readonly CollectionPolicy[];
  logger?: Logger;
  /** Largest pull page and push batch a client may ask for. */
  maxPullLimit?: number;
  maxPushBatch?: number;
  /** How long tombstones are kept: at least the longest offline period a store may have. */
  tombstoneRetentionMs?: number;
  now?: () => number;
  /** SSE keep-alive comment interval, so idle proxies do not cut the stream. */
  heartbeatMs?: number;
}

export const DEFAULT_TOMBSTONE_RETENTION_MS = 90 * 24 * 3_600_000;

const pullBodySchema = z.object({
  checkpoint: checkpointSchema.nullable().optional(),
  limit: z.number().int().min(1),
});
const registerStoreSchema = z.object({ storeId: documentId, code: storeCode });

export interface SyncServer {
  app: FastifyInstance;
  hub: ChangeHub;
  policies: ReadonlyMap<string, CollectionPolicy>;
  /** Removes tombstones older than the retention period from every feed. */
  purgeTombstones(): Promise<number>;
  close(): Promise<void>;
}

/** Builds the Fastify app of the sync server; `listen` is the caller's. */
export function createSyncServer(options: SyncServerOptions): SyncServer {
  const logger = options.logger ?? silentLogger;
  const now = options.now ?? Date.now;
  const maxPull = options.maxPullLimit ?? 2000;
  const maxPush = options.maxPushBatch ?? 2000;
  const heartbeatMs = options.heartbeatMs ?? 15_000;
  const retention = options.tombstoneRetentionMs ?? DEFAULT_TOMBSTONE_RETENTION_MS;
  const { storage } = options;
  const policies = new Map((options.policies ?? mendianPolicies()).map((p) => [p.name, p]));
  const hub = new ChangeHub(storage);
  // Live streams never go idle, so closing must cut them rather than wait.
  const app = Fastify({ logger: false, bodyLimit: 32 * 1024 * 1024, forceCloseConnections: true });
  app.setErrorHandler(errorHandler(logger));
  app.decorateRequest('principal', null);
  app.addHook('onRequest', async (req) => {
    req.principal = await authenticate(req.headers.authorization, options.adminToken, storage);
  });

  const policyOf = (req: FastifyRequest): CollectionPolicy => {
    const name = (req.params as { collection: string }).collection;
    const p = policies.get(name);
    if (!p) throw new CodedError('NOT_FOUND', `no replicated collection named ${name}`);
    return p;
  };

  app.get('/v1/health', () => ({ ok: true, epoch: storage.epoch(), backend: storage.backend }));

  app.post('/v1/admin/stores', async (req, reply) => {
    requireHq(req);
    const body = parseOrThrow(registerStoreSchema, req.body, 'store registration');
    const credential = newCredential();
    const r = await storage.insertStore({
      storeId: body.storeId,
      code: body.code,
      credentialHash: hashCredential(credential),
      createdAt: now(),
    });
    if (r === 'exists') {
      throw new CodedError('DUPLICATE', `store ${body.storeId} or code ${body.code} is registered`);
    }
    logger.info({ storeId: body.storeId, code: body.code }, 'store registered');
    return reply.status(201).send({ storeId: body.storeId, code: body.code, credential });
  });

  app.post('/v1/sync/:collection/pull', async (req) => {
    const principal = requirePrincipal(req);
    const policy = policyOf(req);
    const body = parseOrThrow(pullBodySchema, req.body, 'pull request');
    return pullPage(
      storage,
      policy,
      principal,
      body.checkpoint ?? null,
      Math.min(body.limit, maxPull),
    );
  });

  app.post('/v1/sync/:collection/push', async (req) => {
    const principal = requirePrincipal(req);
    const policy = policyOf(req);
    const rows = parseOrThrow(z.array(pushRowSchema).max(maxPush), req.body, 'push batch');
    const out = await applyPush(storage, policy, policies, principal, rows);
    if (out.rejected.length > 0) {
      logger.warn(
        { collection: policy.name, principal, rejected: out.rejected.slice(0, 20) },
        'push: documents refused',
      );
    }
    if (out.derivedMismatches.length > 0) {
      logger.warn(
        { collection: policy.name, ids: out.derivedMismatches.slice(0, 20) },
        'push: derived documents already existed with other content',
      );
    }
    return out;
  });

  app.get('/v1/sync/:collection/stream', async (req, reply) => {
    const principal = requirePrincipal(req);
    const policy = policyOf(req);
    reply.hijack();
    const raw = reply.raw;
    raw.writeHead(200, {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-cache',
      connection: 'keep-alive',
    });
    const send = (event: StreamEvent) => {
      raw.write(`data: ${JSON.stringify(event)}\n\n`);
    };
    const unsubscribe = await hub.subscribe(policy, principal, send);
    const beat = setInterval(() => raw.write(': keep-alive\n\n'), heartbeatMs);
    req.raw.on('close', () => {
      clearInterval(beat);
      unsubscribe();
    });
  });

  registerHqRoutes(app, storage, policies);

  const purgeTombstones = async (): Promise<number> => {
    let n = 0;
    for (const name of policies.keys()) n += await storage.purgeTombstones(name, now() - retention);
    if (n > 0) logger.info({ purged: n }, 'tombstones purged');
    return n;
  };

  app.post('/v1/admin/purge', async (req) => {
    requireHq(req);
    return { purged: await purgeTombstones() };
  });

  return {
    app,
    hub,
    policies,
    purgeTombstones,
    close: async () => {
      hub.close();
      await app.close();
    },
  };
}
