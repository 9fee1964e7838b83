import { randomBytes } from 'node:crypto';
import { scryptHash, scryptVerify, type ScryptCost } from '../security/scrypt-hash.js';

export type { ScryptCost };

/** scrypt cost. The default follows OWASP's minimum for scrypt (N=2^17 is stronger, and slower). */
export const DEFAULT_SCRYPT_COST: ScryptCost = { N: 1 << 14, r: 8, p: 1 };

export class SecretHashError extends Error {
  readonly code = 'SECRET_HASH_INVALID';
  constructor(message: string) {
    super(message);
    this.name = 'SecretHashError';
  }
}

/** A new device secret: 24 random bytes, base64url (32 characters). Shown once, never stored. */
export function newDeviceSecret(): string {
  return randomBytes(24).toString('base64url');
}

export function hashSecret(
  secret: string,
  cost: ScryptCost = DEFAULT_SCRYPT_COST,
): Promise<string> {
  return scryptHash(secret, cost);
}

/** A stored value that is not a scrypt hash is a broken registry row, so it throws. */
export async function verifySecret(secret: string, stored: string): Promise<boolean> {
  const ok = await scryptVerify(secret, stored);
  if (ok === null) {
    throw new SecretHashError('stored secret hash is not in scrypt$N$r$p$salt$hash form');
  }
  return ok;
}
