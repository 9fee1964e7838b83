import { randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto';

/**
 * PINs are stored as `scrypt$N$r$p$saltB64$hashB64` (protocol staffSchema.pinHash). A PIN has few
 * digits, so the KDF must be slow: N=2^15 costs ~50 ms and 32 MiB per try on a store PC.
 */
export interface PinHashParams {
  N: number;
  r: number;
  p: number;
}

export const DEFAULT_PIN_PARAMS: PinHashParams = { N: 32768, r: 8, p: 1 };
const KEY_LENGTH = 32;

export class PinFormatError extends Error {
  readonly code = 'PIN_INVALID';
  constructor(message: string) {
    super(message);
    this.name = 'PinFormatError';
  }
}

function derive(pin: string, salt: Buffer, params: PinHashParams): Promise<Buffer> {
  const options: ScryptOptions = {
    N: params.N,
    r: params.r,
    p: params.p,
    maxmem: 256 * params.N * params.r,
  };
  return new Promise((resolve, reject) => {
    scrypt(pin, salt, KEY_LENGTH, options, (err, key) => (err ? reject(err) : resolve(key)));
  });
}

export function assertPinShape(pin: string): void {
  if (!/^\d{4,8}$/.test(pin)) throw new PinFormatError('a PIN is 4 to 8 digits');
}

export async function hashPin(
  pin: string,
  params: PinHashParams = DEFAULT_PIN_PARAMS,
): Promise<string> {
  assertPinShape(pin);
  const salt = randomBytes(16);
  const key = await derive(pin, salt, params);
  return `scrypt$${params.N}$${params.r}$${params.p}$${salt.toString('base64')}$${key.toString('base64')}`;
}

/** Constant-time comparison; a malformed stored hash never verifies. */
export async function verifyPin(pin: string, stored: string): Promise<boolean> {
  const m = /^scrypt\$(\d+)\$(\d+)\$(\d+)\$([A-Za-z0-9+/=]+)\$([A-Za-z0-9+/=]+)$/.exec(stored);
  if (!m) return false;
  const params = { N: Number(m[1]), r: Number(m[2]), p: Number(m[3]) };
  const expected = Buffer.from(m[5]!, 'base64');
  const key = await derive(pin, Buffer.from(m[4]!, 'base64'), params);
  return key.length === expected.length && timingSafeEqual(key, expected);
}
