import { z } from 'zod';
import { memberSchema } from './members.js';
import { onlineOrderSchema } from './online-orders.js';
import { orderSchema } from './orders.js';
import {
  categorySchema,
  priceSchema,
  productSchema,
  promotionSchema,
  staffSchema,
  storeSchema,
} from './reference.js';
import {
  auditEntrySchema,
  pointsEntrySchema,
  shiftClosingSchema,
  stockMovementSchema,
  trafficAggregateSchema,
  valueEntrySchema,
} from './facts.js';

/**
 * Every replicated collection, with what kind of data it holds (see DESIGN.md, "Data"), which way
 * it flows, and the indexes the edge and the center query it by.
 *
 * - fact: insert-only, written where it happens, pushed up exactly once
 * - reference: written by HQ (stores may own local products), pulled down, HQ wins
 * - shared: written by both, merged by the collection's rule (members: per-field LWW;
 *   online orders: furthest legal state)
 */
export type CollectionKind = 'fact' | 'reference' | 'shared';

export interface CollectionDefinition<S extends z.ZodType = z.ZodType> {
  readonly name: string;
  readonly kind: CollectionKind;
  readonly schemaVersion: number;
  readonly schema: S;
  readonly description: string;
  /** Compound or single-field indexes (RxDB index syntax). */
  readonly indexes: readonly (string | readonly string[])[];
}

function define<S extends z.ZodType>(def: CollectionDefinition<S>): CollectionDefinition<S> {
  return def;
}

export const collections = {
  stores: define({
    name: 'stores',
    kind: 'reference',
    schemaVersion: 1,
    schema: storeSchema,
    description: 'Stores of the chain, with their code and lanes',
    indexes: ['code'],
  }),
  staff: define({
    name: 'staff',
    kind: 'reference',
    schemaVersion: 1,
    schema: staffSchema,
    description: 'Cashiers, supervisors and managers with their hashed PINs',
    indexes: ['staffNo'],
  }),
  categories: define({
    name: 'categories',
    kind: 'reference',
    schemaVersion: 1,
    schema: categorySchema,
    description: 'Product category tree',
    indexes: ['code'],
  }),
  products: define({
    name: 'products',
    kind: 'reference',
    schemaVersion: 1,
    schema: productSchema,
    description: 'The catalog: SKUs, names, barcodes, units, tax rates',
    indexes: ['sku', 'pinyinInitials', 'updatedAt'],
  }),
  prices: define({
    name: 'prices',
    kind: 'reference',
    schemaVersion: 1,
    schema: priceSchema,
    description: 'Chain-wide and per-store prices with validity windows',
    indexes: ['productId', ['productId', 'validFrom']],
  }),
  promotions: define({
    name: 'promotions',
    kind: 'reference',
    schemaVersion: 1,
    schema: promotionSchema,
    description: 'Promotion rules with their windows and stacking groups',
    indexes: ['validFrom'],
  }),
  members: define({
    name: 'members',
    kind: 'shared',
    schemaVersion: 1,
    schema: memberSchema,
    description: 'Members; field-level last-writer-wins',
    indexes: ['phone', 'updatedAt'],
  }),
  orders: define({
    name: 'orders',
    kind: 'fact',
    schemaVersion: 1,
    schema: orderSchema,
    description: 'Sales and returns, self-contained',
    indexes: ['createdAt', 'receiptNo'],
  }),
  stockMovements: define({
    name: 'stockMovements',
    kind: 'fact',
    schemaVersion: 1,
    schema: stockMovementSchema,
    description: 'Every change of stock: sales, returns, receipts, adjustments, counts, transfers',
    indexes: ['createdAt', ['productId', 'createdAt']],
  }),
  pointsEntries: define({
    name: 'pointsEntries',
    kind: 'fact',
    schemaVersion: 1,
    schema: pointsEntrySchema,
    description: 'Points earned, redeemed, reversed',
    indexes: [['memberId', 'createdAt']],
  }),
  valueEntries: define({
    name: 'valueEntries',
    kind: 'fact',
    schemaVersion: 1,
    schema: valueEntrySchema,
    description: 'Stored value (储值) top-ups and spending',
    indexes: [['memberId', 'createdAt']],
  }),
  shiftClosings: define({
    name: 'shiftClosings',
    kind: 'fact',
    schemaVersion: 1,
    schema: shiftClosingSchema,
    description: 'Closed shifts with cash counts (X/Z reports)',
    indexes: ['closedAt'],
  }),
  auditEntries: define({
    name: 'auditEntries',
    kind: 'fact',
    schemaVersion: 1,
    schema: auditEntrySchema,
    description: 'Hash-chained journal of sensitive actions',
    indexes: ['seq'],
  }),
  trafficAggregates: define({
    name: 'trafficAggregates',
    kind: 'fact',
    schemaVersion: 1,
    schema: trafficAggregateSchema,
    description: 'Hourly visitor counts from presence sensors',
    indexes: ['hourStart'],
  }),
  onlineOrders: define({
    name: 'onlineOrders',
    kind: 'shared',
    schemaVersion: 1,
    schema: onlineOrderSchema,
    description: 'Online orders fulfilled by a store; state-machine merge',
    indexes: ['status', 'updatedAt'],
  }),
} as const;

export type CollectionName = keyof typeof collections;
export const COLLECTION_NAMES = Object.keys(collections) as CollectionName[];

export type DocumentOf<N extends CollectionName> = z.infer<(typeof collections)[N]['schema']>;

/** The JSON-schema shape RxDB expects; typed loosely so protocol does not depend on rxdb. */
export interface RxJsonSchemaLike {
  version: number;
  primaryKey: string;
  type: 'object';
  properties: Record<string, Record<string, unknown>>;
  required: string[];
  indexes: (string | string[])[];
  additionalProperties: boolean;
  title: string;
  description: string;
}

/**
 * The RxDB schema of a collection, generated from its zod schema, so the two cannot drift.
 * RxDB's schema version counts from 0; Mendian's schemaVersion from 1. Indexed strings get a
 * maxLength and indexed integers a multipleOf, as RxDB requires for index string encoding.
 */
export function rxSchemaFor(name: CollectionName): RxJsonSchemaLike {
  const def = collections[name] as CollectionDefinition;
  const json = z.toJSONSchema(def.schema, {
    target: 'draft-7',
    unrepresentable: 'any',
    io: 'input',
  }) as { properties?: Record<string, Record<string, unknown>>; required?: string[] };
  // RxDB accepts `default` only on top-level fields (dev-mode error SC7); nested defaults are
  // applied by the zod schema at the boundary anyway, so they are dropped from the RxDB schema.
  const properties = Object.fromEntries(
    Object.entries(json.properties ?? {}).map(([k, v]) => [k, withoutNestedDefaults(v)]),
  );
  const indexed = new Set(def.indexes.flatMap((i) => (typeof i === 'string' ? [i] : [...i])));
  indexed.add('id');
  for (const field of indexed) {
    const prop = properties[field];
    if (!prop) throw new Error(`collection ${name}: index field ${field} is not in the schema`);
    let p = { ...prop };
    const variants = p.anyOf as Record<string, unknown>[] | undefined;
    if (variants?.every((v) => v.type === 'string')) {
      // A union of id formats (ULID | derived id): RxDB indexes need one string type with a bound.
      const lengths = variants.map((v) => (typeof v.maxLength === 'number' ? v.maxLength : 200));
      p = { type: 'string', maxLength: Math.max(...lengths) };
    }
    if (p.type === 'string' && p.maxLength === undefined) p.maxLength = 200;
    if (p.type === 'integer' || p.type === 'number') {
      p.type = 'number';
      p.multipleOf ??= 1;
      p.minimum ??= Number.MIN_SAFE_INTEGER;
      p.maximum ??= Number.MAX_SAFE_INTEGER;
    }
    properties[field] = p;
  }
  const required = [...new Set([...(json.required ?? []), ...indexed])];
  return {
    title: name,
    description: def.description,
    version: def.schemaVersion - 1,
    primaryKey: 'id',
    type: 'object',
    properties,
    required,
    indexes: def.indexes.map((i) => (typeof i === 'string' ? i : [...i])),
    additionalProperties: false,
  };
}

/** A copy of a top-level property schema with every `default` below its top level removed. */
function withoutNestedDefaults(prop: Record<string, unknown>): Record<string, unknown> {
  const strip = (node: unknown, isFieldMap: boolean): unknown => {
    if (Array.isArray(node)) return node.map((n) => strip(n, false));
    if (node === null || typeof node !== 'object') return node;
    const out: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(node)) {
      // Inside `properties`, keys are field names (a field may be called "default").
      if (!isFieldMap && key === 'default') continue;
      out[key] = strip(value, !isFieldMap && key === 'properties');
    }
    return out;
  };
  const top: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(prop)) {
    top[key] = key === 'default' ? value : strip(value, key === 'properties');
  }
  return top;
}

/** Validates a document of a collection at a boundary; see `parseOrThrow` for the error shape. */
export function collectionSchema<N extends CollectionName>(
  name: N,
): (typeof collections)[N]['schema'] {
  return collections[name].schema;
}
