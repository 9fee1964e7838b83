import {
  COLLECTION_NAMES,
  collectionSchema,
  collections,
  safeParse,
  type CollectionName,
} from '@mendian/protocol';
import type { JsonObject } from '../content.js';
import type { Audience } from '../storage/types.js';
import type { CollectionPolicy, Validation } from './policy.js';
import { deriveFromOrder } from './derive.js';

function str(v: unknown): string | null {
  return typeof v === 'string' ? v : null;
}

/** Owned by the store in `field`; pulled by that store only (or nobody when null: HQ's own). */
function byStoreField(field: string) {
  return {
    ownerOf: (d: JsonObject) => str(d[field]),
    audienceOf: (d: JsonObject): Audience => {
      const s = str(d[field]);
      return s === null ? [] : [s];
    },
  };
}

/** HQ-owned; chain-wide when `field` is null, else only the named store pulls it. */
function hqOwnedScopedBy(field: string) {
  return {
    ownerOf: () => null,
    audienceOf: (d: JsonObject): Audience => {
      const s = str(d[field]);
      return s === null ? 'all' : [s];
    },
  };
}

const chainWide = { ownerOf: () => null, audienceOf: (): Audience => 'all' };

const SCOPES: Record<
  CollectionName,
  Pick<CollectionPolicy, 'ownerOf' | 'audienceOf'> & Pick<Partial<CollectionPolicy>, 'derive'>
> = {
  stores: chainWide,
  categories: chainWide,
  staff: hqOwnedScopedBy('storeId'),
  prices: hqOwnedScopedBy('storeId'),
  promotions: {
    ownerOf: () => null,
    audienceOf: (d) => {
      const ids = d.storeIds;
      return Array.isArray(ids) ? ids.filter((x): x is string => typeof x === 'string') : 'all';
    },
  },
  // A store may own local items; HQ catalog items (ownerStoreId null) go to every store.
  products: {
    ownerOf: (d) => str(d.ownerStoreId),
    audienceOf: (d) => {
      const s = str(d.ownerStoreId);
      return s === null ? 'all' : [s];
    },
  },
  members: byStoreField('homeStoreId'),
  orders: { ...byStoreField('storeId'), derive: deriveFromOrder },
  stockMovements: byStoreField('storeId'),
  pointsEntries: byStoreField('storeId'),
  valueEntries: byStoreField('storeId'),
  shiftClosings: byStoreField('storeId'),
  auditEntries: byStoreField('storeId'),
  trafficAggregates: byStoreField('storeId'),
  onlineOrders: byStoreField('storeId'),
};

function validator(name: CollectionName): (content: JsonObject) => Validation {
  const schema = collectionSchema(name);
  return (content) => {
    const r = safeParse(schema, content, `${name} document`);
    return r.ok ? { ok: true } : { ok: false, reason: r.error.message };
  };
}

/** The policies of every collection in protocol's registry. */
export function mendianPolicies(): CollectionPolicy[] {
  return COLLECTION_NAMES.map((name) => ({
    name,
    kind: collections[name].kind,
    primaryKey: 'id',
    validate: validator(name),
    ...SCOPES[name],
  }));
}
