import type { JsonObject } from '../content.js';

/** Who may pull a document: every store, or the listed ones. */
export type Audience = 'all' | readonly string[];

/** A document as the server holds it. `doc` is content plus `_deleted`. */
export interface StoredRow {
  id: string;
  doc: JsonObject;
  seq: number;
  /** The store that owns it (may push it), or null for documents HQ owns. */
  ownerStoreId: string | null;
  /** Stores granted access beyond the document's own audience (a member looked up online). */
  grants: readonly string[];
}

export interface RowWrite {
  id: string;
  doc: JsonObject;
  ownerStoreId: string | null;
  audience: Audience;
}

export interface PulledRow {
  doc: JsonObject;
  seq: number;
}

export interface FeedState {
  /** The highest cursor assigned in the feed (0 when empty). */
  seq: number;
  /** Cursors at or below this may have lost purged tombstones: older checkpoints start over. */
  purgedSeq: number;
}

export interface StoreRecord {
  storeId: string;
  code: string;
  credentialHash: string;
  createdAt: number;
}

/** Operations inside one write transaction. Every write gets a cursor in commit order. */
export interface SyncTx {
  /**
   * Serialises writers of these feeds until commit. Call first, before reading: the cursor of a
   * feed is taken under this lock, so cursors are handed out in the order transactions commit.
   */
  lockFeeds(collections: readonly string[]): Promise<void>;
  getMany(collection: string, ids: readonly string[]): Promise<Map<string, StoredRow>>;
  write(collection: string, rows: readonly RowWrite[]): Promise<void>;
  /** Lets a store pull a document outside its scope and moves the document to the feed's head. */
  grant(collection: string, id: string, storeId: string): Promise<void>;
}

export interface PullQuery {
  afterSeq: number;
  /** null: HQ, sees everything. */
  storeId: string | null;
  limit: number;
}

/**
 * The one storage contract of the sync server. SQLite and PostgreSQL implement it and pass the
 * same conformance suite (test/storage-conformance.ts).
 */
export interface SyncStorage {
  readonly backend: 'sqlite' | 'postgres';
  /** Identifies this database's history; part of every checkpoint. */
  epoch(): string;
  transaction<T>(fn: (tx: SyncTx) => Promise<T>): Promise<T>;
  /** Visible rows after the cursor in cursor order; scope is applied before the limit. */
  pull(collection: string, query: PullQuery): Promise<PulledRow[]>;
  feedState(collection: string): Promise<FeedState>;
  /** Every row of a collection including tombstones (HQ views, tests). */
  all(collection: string): Promise<StoredRow[]>;
  /** Deletes tombstones last written before `before` and raises the feed's purge horizon. */
  purgeTombstones(collection: string, before: number): Promise<number>;
  insertStore(store: StoreRecord): Promise<'created' | 'exists'>;
  storeByCredentialHash(hash: string): Promise<StoreRecord | null>;
  /** Finds members by phone across the chain (HQ lookups for a store). */
  findByField(collection: string, field: string, value: string): Promise<StoredRow[]>;
  /** Called after a commit with the collections it changed; returns an unsubscribe function. */
  onCommit(listener: (collections: readonly string[]) => void): () => void;
  /** Forgets all data and starts a new epoch (tests, restores from a foreign backup). */
  reset(): Promise<void>;
  close(): Promise<void>;
}
