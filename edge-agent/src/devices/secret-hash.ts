import { randomBytes, scrypt, timingSafeEqual } from 'node:crypto';

/** scrypt cost. The default follows OWASP's minimum for scrypt (N=2^17 is stronger, and slower). */
export interface ScryptCost {
  N: number;
  r: number;
  p: number;
}

export const DEFAULT_SCRYPT_COST: ScryptCost = { N: 1 << 14, r: 8, p: 1 };
const KEY_LENGTH = 32;

export class SecretHashError extends Error {
  readonly code = 'SECRET_HASH_INVALID';
  constructor(message: string) {
    super(message);
    this.name = 'SecretHashError';
  }
}

function scryptAsync(secret: string, salt: Buffer, cost: ScryptCost): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    // maxmem must cover 128*N*r bytes; scrypt refuses to run otherwise.
    scrypt(secret, salt, KEY_LENGTH, { ...cost, maxmem: 256 * cost.N * cost.r }, (err, key) =>
      err ? reject(err) : resolve(key),
    );
  });
}

/** A new device secret: 24 random bytes, base64url (32 characters). Shown once, never stored. */
export function newDeviceSecret(): string {
  return randomBytes(24).toString('base64url');
}

/** `scrypt$N$r$p$salt$hash`, so a cost change later still verifies older hashes. */
export async function hashSecret(
  secret: string,
  cost: ScryptCost = DEFAULT_SCRYPT_COST,
): Promise<string> {
  const salt = randomBytes(16);
  const key = await scryptAsync(secret, salt, cost);
  return ['scrypt', cost.N, cost.r, cost.p, salt.toString('base64'), key.toString('base64')].join(
    '$',
  );
}

export async function verifySecret(secret: string, stored: string): Promise<boolean> {
  const parts = stored.split('$');
  if (parts.length !== 6 || parts[0] !== 'scrypt') {
    throw new SecretHashError('stored secret hash is not in scrypt$N$r$p$salt$hash form');
  }
  const [, n, r, p, salt, hash] = parts as [string, string, string, string, string, string];
  const expected = Buffer.from(hash, 'base64');
  const key = await scryptAsync(secret, Buffer.from(salt, 'base64'), {
    N: Number(n),
    r: Number(r),
    p: Number(p),
  });
  return key.length === expected.length && timingSafeEqual(key, expected);
}
