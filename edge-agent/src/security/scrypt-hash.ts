import { randomBytes, scrypt, timingSafeEqual } from 'node:crypto';

/**
 * The one slow-KDF hash of the edge-agent, for staff PINs and device secrets alike:
 * `scrypt$N$r$p$saltB64$hashB64` (protocol staffSchema.pinHash), so a cost change later still
 * verifies older hashes.
 */
export interface ScryptCost {
  N: number;
  r: number;
  p: number;
}

const KEY_LENGTH = 32;
const HASH_RE = /^scrypt\$(\d+)\$(\d+)\$(\d+)\$([A-Za-z0-9+/=]+)\$([A-Za-z0-9+/=]+)$/;

function derive(secret: string, salt: Buffer, cost: ScryptCost): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    // maxmem must cover 128*N*r bytes; scrypt refuses to run otherwise.
    scrypt(secret, salt, KEY_LENGTH, { ...cost, maxmem: 256 * cost.N * cost.r }, (err, key) =>
      err ? reject(err) : resolve(key),
    );
  });
}

export async function scryptHash(secret: string, cost: ScryptCost): Promise<string> {
  const salt = randomBytes(16);
  const key = await derive(secret, salt, cost);
  return `scrypt$${cost.N}$${cost.r}$${cost.p}$${salt.toString('base64')}$${key.toString('base64')}`;
}

/**
 * Whether `secret` matches `stored`, compared in constant time; null when `stored` is not a
 * scrypt hash string at all (each caller decides whether that is an error or a plain "no").
 */
export async function scryptVerify(secret: string, stored: string): Promise<boolean | null> {
  const m = HASH_RE.exec(stored);
  if (!m) return null;
  const cost = { N: Number(m[1]), r: Number(m[2]), p: Number(m[3]) };
  const expected = Buffer.from(m[5]!, 'base64');
  const key = await derive(secret, Buffer.from(m[4]!, 'base64'), cost);
  return key.length === expected.length && timingSafeEqual(key, expected);
}
