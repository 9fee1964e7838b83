/**
 * Equality by content, never by a version field: RxDB compares the assumed master state with the
 * real one this way, and so must the server and the edge's conflict handlers (one rule, here), or
 * a store re-pushing an unchanged document would be told it conflicts. `_meta`, `_rev` and
 * `_attachments` are bookkeeping of one replica, not content; a missing `_deleted` means false.
 */
export type JsonObject = Record<string, unknown>;

const BOOKKEEPING = new Set(['_meta', '_rev', '_attachments']);

/** The document as stored and sent by the server: content plus `_deleted`. */
export function stripBookkeeping(doc: JsonObject): JsonObject {
  const out: JsonObject = {};
  for (const [k, v] of Object.entries(doc)) {
    if (!BOOKKEEPING.has(k) && v !== undefined) out[k] = v;
  }
  out._deleted = doc._deleted === true;
  return out;
}

function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a) && Array.isArray(b)) {
    return a.length === b.length && a.every((v, i) => deepEqual(v, b[i]));
  }
  const ao = a as JsonObject;
  const bo = b as JsonObject;
  const ak = Object.keys(ao).filter((k) => ao[k] !== undefined);
  const bk = Object.keys(bo).filter((k) => bo[k] !== undefined);
  if (ak.length !== bk.length) return false;
  return ak.every((k) => Object.prototype.hasOwnProperty.call(bo, k) && deepEqual(ao[k], bo[k]));
}

/** Whether two documents have the same content (and the same deleted flag). */
export function sameContent(a: JsonObject, b: JsonObject): boolean {
  return deepEqual(stripBookkeeping(a), stripBookkeeping(b));
}
