import { getIndexableStringMonad } from 'rxdb';
import type { RxDocumentData, RxJsonSchema } from 'rxdb';

/**
 * RxDB orders index strings by UTF-16 code units (JavaScript `<`); SQLite compares TEXT as
 * UTF-8 bytes, which disagrees once a string holds a character outside the BMP (emoji, 𠮷):
 * their surrogates (D800-DFFF) sort below U+E000-U+FFFF in UTF-16 but above in UTF-8.
 * Stored as UTF-16 big-endian BLOBs, memcmp order is exactly code-unit order, and a shorter
 * prefix sorts first in both.
 */
export function encodeIndexKey(indexString: string): Buffer {
  return Buffer.from(indexString, 'utf16le').swap16();
}

export function decodeIndexKey(key: Buffer): string {
  return Buffer.from(key).swap16().toString('utf16le');
}

export type IndexKeyFn<T> = (doc: RxDocumentData<T>) => Buffer;

export function indexKeyFunction<T>(
  schema: RxJsonSchema<RxDocumentData<T>>,
  index: string[],
): IndexKeyFn<T> {
  const toString = getIndexableStringMonad(schema, index);
  return (doc) => encodeIndexKey(toString(doc));
}
