import type { RxCollectionCreator, RxJsonSchema } from 'rxdb';
import { COLLECTION_NAMES, rxSchemaFor, type CollectionName } from '@mendian/protocol';
import { conflictHandlerFor } from './conflict-handlers.js';

/**
 * RxDB collection creators for the replicated collections: schema generated from the protocol's
 * zod schemas and the conflict handler DESIGN.md gives each kind. Whoever opens the edge
 * database (on the edge storage) passes these to `addCollections`.
 */
export function replicatedCollectionCreators(
  names: readonly CollectionName[] = COLLECTION_NAMES,
): Record<string, RxCollectionCreator> {
  const out: Record<string, RxCollectionCreator> = {};
  for (const name of names) {
    out[name] = {
      schema: rxSchemaFor(name) as unknown as RxJsonSchema<Record<string, unknown>>,
      conflictHandler: conflictHandlerFor(name),
    };
  }
  return out;
}
