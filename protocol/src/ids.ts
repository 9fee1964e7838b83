/**
 * Client-generated ids. Every document is created with its id at the place it happens (a lane, a
 * handheld, HQ), so nothing waits for a server to number it and a retried write carries the same id.
 *
 * ULIDs are the default: 26 Crockford base32 characters, sortable by creation time, monotonic
 * within one millisecond of one generator. UUIDv7 is offered for systems that want UUIDs.
 */

const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
const ULID_RE = /^[0-7][0-9A-HJKMNP-TV-Z]{25}$/;
const UUID_V7_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
const MAX_TIME = 2 ** 48 - 1;

export type RandomBytes = (length: number) => Uint8Array;

const defaultRandom: RandomBytes = (length) => {
  const bytes = new Uint8Array(length);
  globalThis.crypto.getRandomValues(bytes);
  return bytes;
};

export class IdError extends Error {
  readonly code = 'ID_INVALID';
  constructor(message: string) {
    super(message);
    this.name = 'IdError';
  }
}

function encodeTime(time: number): string {
  if (!Number.isInteger(time) || time < 0 || time > MAX_TIME) {
    throw new IdError(`ULID time must be an integer epoch ms between 0 and 2^48-1, got ${time}`);
  }
  let out = '';
  let t = time;
  for (let i = 0; i < 10; i++) {
    out = CROCKFORD[t % 32]! + out;
    t = Math.floor(t / 32);
  }
  return out;
}

/** Big-endian bits of `bytes` as Crockford base32 digit values (5 bits each, the tail dropped). */
function base32Digits(bytes: Uint8Array): number[] {
  const digits: number[] = [];
  let acc = 0;
  let bits = 0;
  for (const b of bytes) {
    acc = (acc << 8) | b;
    bits += 8;
    while (bits >= 5) {
      bits -= 5;
      digits.push((acc >> bits) & 31);
    }
    acc &= (1 << bits) - 1;
  }
  return digits;
}

/** Crockford base32 text of `bytes` (as in ULIDs and Mendian's signed member codes). */
export function crockfordBase32(bytes: Uint8Array): string {
  return base32Digits(bytes)
    .map((d) => CROCKFORD[d])
    .join('');
}

/** 80 random bits as 16 base32 digits, held as digit values so they can be incremented. */
function randomDigits(random: RandomBytes): number[] {
  return base32Digits(random(10));
}

export interface UlidGenerator {
  (time?: number): string;
}

/**
 * A monotonic ULID factory: ids made in the same millisecond (or after the clock steps back) are
 * strictly increasing, by incrementing the random part of the last id.
 */
export function createUlidGenerator(
  options: { random?: RandomBytes; now?: () => number } = {},
): UlidGenerator {
  const random = options.random ?? defaultRandom;
  const now = options.now ?? Date.now;
  let lastTime = -1;
  let lastDigits: number[] = [];
  return (time = now()) => {
    encodeTime(time); // validates the range before the monotonic branch can mask a bad time
    if (time <= lastTime) {
      // Same millisecond or a clock that went backwards: keep order by incrementing.
      let i = lastDigits.length - 1;
      while (i >= 0 && lastDigits[i] === 31) {
        lastDigits[i] = 0;
        i--;
      }
      if (i < 0) throw new IdError('ULID random part overflowed within one millisecond');
      lastDigits[i] = (lastDigits[i] ?? 0) + 1;
      return encodeTime(lastTime) + lastDigits.map((d) => CROCKFORD[d]).join('');
    }
    lastTime = time;
    lastDigits = randomDigits(random);
    return encodeTime(time) + lastDigits.map((d) => CROCKFORD[d]).join('');
  };
}

const sharedUlid = createUlidGenerator();

/** A new ULID from the process-wide monotonic generator. */
export function ulid(time?: number): string {
  return sharedUlid(time);
}

export function isUlid(value: unknown): value is string {
  return typeof value === 'string' && ULID_RE.test(value);
}

/** The creation time (epoch ms) encoded in a ULID. */
export function ulidTime(id: string): number {
  if (!isUlid(id)) throw new IdError(`"${String(id)}" is not a ULID`);
  let t = 0;
  for (const ch of id.slice(0, 10)) t = t * 32 + CROCKFORD.indexOf(ch);
  return t;
}

/** A UUIDv7 (RFC 9562): 48-bit ms timestamp, version 7, variant 10, random rest. */
export function uuidv7(time: number = Date.now(), random: RandomBytes = defaultRandom): string {
  if (!Number.isInteger(time) || time < 0 || time > MAX_TIME) {
    throw new IdError(`UUIDv7 time must be an integer epoch ms, got ${time}`);
  }
  const bytes = random(16);
  let t = time;
  for (let i = 5; i >= 0; i--) {
    bytes[i] = t % 256;
    t = Math.floor(t / 256);
  }
  bytes[6] = (bytes[6]! & 0x0f) | 0x70;
  bytes[8] = (bytes[8]! & 0x3f) | 0x80;
  const hex = Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

export function isUuidV7(value: unknown): value is string {
  return typeof value === 'string' && UUID_V7_RE.test(value);
}

/** A document id accepted at every boundary: a ULID or a UUIDv7. */
export function isDocumentId(value: unknown): value is string {
  return isUlid(value) || isUuidV7(value);
}
