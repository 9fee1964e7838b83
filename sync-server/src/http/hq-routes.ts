import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { CodedError, documentId, parseOrThrow, phoneNumber } from '@mendian/protocol';
import type { CollectionPolicy } from '../collections/policy.js';
import type { SyncStorage } from '../storage/types.js';
import { requireHq, requirePrincipal } from './guards.js';

const lookupQuery = z.object({ phone: phoneNumber });
const stockQuery = z.object({ storeId: documentId });
const pointsQuery = z.object({ memberId: documentId });

/**
 * Routes beyond replication: a store looking a member up online (which lets it pull that member
 * from then on), and HQ projections recomputed from the facts (stock levels, points balances).
 */
export function registerHqRoutes(
  app: FastifyInstance,
  storage: SyncStorage,
  policies: ReadonlyMap<string, CollectionPolicy>,
): void {
  app.get('/v1/members/lookup', async (req) => {
    const principal = requirePrincipal(req);
    if (!policies.has('members')) throw new CodedError('NOT_FOUND', 'no members collection');
    const q = parseOrThrow(lookupQuery, req.query, 'member lookup');
    const found = await storage.findByField('members', 'phone', q.phone);
    if (principal.kind === 'store') {
      const outside = found.filter(
        (m) => m.ownerStoreId !== principal.storeId && !m.grants.includes(principal.storeId),
      );
      if (outside.length > 0) {
        await storage.transaction(async (tx) => {
          await tx.lockFeeds(['members']);
          for (const m of outside) await tx.grant('members', m.id, principal.storeId);
        });
      }
    }
    return { members: found.map((m) => m.doc) };
  });

  app.get('/v1/hq/stock', async (req) => {
    requireHq(req);
    const q = parseOrThrow(stockQuery, req.query, 'stock query');
    const levels: Record<string, number> = {};
    for (const row of await storage.all('stockMovements')) {
      const d = row.doc;
      if (d.storeId !== q.storeId || d._deleted === true) continue;
      const pid = String(d.productId);
      levels[pid] = (levels[pid] ?? 0) + Number(d.quantityDelta);
    }
    return { storeId: q.storeId, levels };
  });

  app.get('/v1/hq/points', async (req) => {
    requireHq(req);
    const q = parseOrThrow(pointsQuery, req.query, 'points query');
    let balance = 0;
    for (const row of await storage.all('pointsEntries')) {
      if (row.doc.memberId === q.memberId && row.doc._deleted !== true) {
        balance += Number(row.doc.delta);
      }
    }
    return { memberId: q.memberId, balance };
  });
}
