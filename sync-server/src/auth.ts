import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Principal } from './collections/policy.js';
import type { SyncStorage } from './storage/types.js';

/**
 * Store credentials are 256-bit random tokens, so a fast hash is enough to keep them safe at
 * rest (a slow KDF protects low-entropy secrets such as PINs, not these); only the hash is stored.
 */
export function hashCredential(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

export function newCredential(): string {
  return `mds_${randomBytes(32).toString('base64url')}`;
}

function sameSecret(a: string, b: string): boolean {
  const x = Buffer.from(a, 'utf8');
  const y = Buffer.from(b, 'utf8');
  return x.length === y.length && timingSafeEqual(x, y);
}

/** The principal behind an `Authorization: Bearer …` header, or null when there is none. */
export async function authenticate(
  header: string | undefined,
  adminToken: string,
  storage: SyncStorage,
): Promise<Principal | null> {
  const m = /^Bearer (\S+)$/.exec(header ?? '');
  const token = m?.[1];
  if (token === undefined) return null;
  if (sameSecret(token, adminToken)) return { kind: 'hq' };
  const store = await storage.storeByCredentialHash(hashCredential(token));
  return store ? { kind: 'store', storeId: store.storeId, code: store.code } : null;
}
