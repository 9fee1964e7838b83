import type { CollectionKind } from '@mendian/protocol';
import type { JsonObject } from '../content.js';
import type { Audience } from '../storage/types.js';

/** Who is calling: HQ (the admin token) or one registered store. */
export type Principal = { kind: 'hq' } | { kind: 'store'; storeId: string; code: string };

export type Validation = { ok: true } | { ok: false; reason: string };

/** A document the server writes itself, derived from a pushed one, in the same transaction. */
export interface DerivedDoc {
  collection: string;
  doc: JsonObject;
}

/**
 * What the server needs to know about one replicated collection: how to validate it, who owns a
 * document (may push it), who may pull it, and what the server derives from it.
 */
export interface CollectionPolicy {
  readonly name: string;
  readonly kind: CollectionKind;
  readonly primaryKey: string;
  validate(content: JsonObject): Validation;
  /** The store that may push this document, or null when only HQ may. */
  ownerOf(doc: JsonObject): string | null;
  audienceOf(doc: JsonObject): Audience;
  /** Documents derived from a newly inserted one (stock and points entries of an order). */
  derive?(doc: JsonObject): DerivedDoc[] | { error: string };
}

export function idOf(policy: CollectionPolicy, doc: JsonObject): string | null {
  const id = doc[policy.primaryKey];
  return typeof id === 'string' && id.length > 0 && id.length <= 200 ? id : null;
}
