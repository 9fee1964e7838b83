import { createHash } from 'node:crypto';
import type { AuditEntry } from '@mendian/protocol';

export const GENESIS_HASH = '0'.repeat(64);

/** JSON with object keys sorted at every level, so the same entry always hashes the same. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const obj = value as Record<string, unknown>;
  const keys = Object.keys(obj)
    .filter((k) => obj[k] !== undefined)
    .sort();
  return `{${keys.map((k) => `${JSON.stringify(k)}:${canonicalJson(obj[k])}`).join(',')}}`;
}

/** hash = SHA-256(prevHash + canonical JSON of the entry without hash), hex. */
export function entryHash(entry: Omit<AuditEntry, 'hash'>): string {
  return createHash('sha256').update(entry.prevHash).update(canonicalJson(entry)).digest('hex');
}

export type ChainCheck =
  | { ok: true; length: number; head: string }
  | { ok: false; seq: number; reason: 'hashMismatch' | 'brokenLink' | 'gap' | 'wrongStore' };

/** Verifies a store's chain in seq order: each entry's hash, its link to the previous, no gaps. */
export function verifyChain(entries: readonly AuditEntry[], storeId: string): ChainCheck {
  const sorted = [...entries].sort((a, b) => a.seq - b.seq);
  let prev = GENESIS_HASH;
  let expectSeq = 1;
  for (const e of sorted) {
    if (e.storeId !== storeId) return { ok: false, seq: e.seq, reason: 'wrongStore' };
    if (e.seq !== expectSeq) return { ok: false, seq: expectSeq, reason: 'gap' };
    if (e.prevHash !== prev) return { ok: false, seq: e.seq, reason: 'brokenLink' };
    const { hash, ...rest } = e;
    if (entryHash(rest) !== hash) return { ok: false, seq: e.seq, reason: 'hashMismatch' };
    prev = hash;
    expectSeq++;
  }
  return { ok: true, length: sorted.length, head: prev };
}
