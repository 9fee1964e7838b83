import {
  getAssumedMasterState,
  getChangedDocumentsSince,
  getLastCheckpointDoc,
  type RxCollection,
  type RxReplicationPullStreamItem,
  type RxReplicationWriteToMasterRow,
  type WithDeleted,
} from 'rxdb';
import { map } from 'rxjs';
import { replicateRxCollection, type RxReplicationState } from 'rxdb/plugins/replication';
import { collections, type CollectionKind, type CollectionName } from '@mendian/protocol';
import { openChangeStream, type ChangeStream } from './change-stream.js';
import { sameContent } from './conflict-handlers.js';
import { SyncClientError } from './errors.js';
import { SyncHttpClient, type WireCheckpoint, type WireDoc } from './http-client.js';
import { SyncStatusStore } from './sync-status.js';

export type Direction = 'up' | 'down' | 'both';

type PullStreamItem = RxReplicationPullStreamItem<WireDoc, WireCheckpoint>;

/**
 * The server's change batches are taken as a signal to pull, not applied as they are. The stream
 * and the push travel on different connections (and, on PostgreSQL, a commit reaches the stream
 * through NOTIFY), so a batch can arrive after this store pushed a newer state of the same
 * document; RxDB holds stream events until a running push ends and would then write the older
 * state back over the newer one. A pull reads each document's current state, so it cannot.
 */
function asPullTrigger(): PullStreamItem {
  return 'RESYNC';
}

/**
 * Facts the center also writes for a store (stock receipts, derived stock and points entries),
 * so they come down as well as go up; being insert-only, they cannot conflict.
 */
const FACTS_ALSO_PULLED: ReadonlySet<string> = new Set([
  'stockMovements',
  'pointsEntries',
  'valueEntries',
]);

/** Facts go up, reference data comes down, shared records go both ways (DESIGN.md). */
export function directionOf(kind: CollectionKind, name?: string): Direction {
  if (kind === 'fact') return name !== undefined && FACTS_ALSO_PULLED.has(name) ? 'both' : 'up';
  return kind === 'reference' ? 'down' : 'both';
}

export interface SyncLogger {
  warn(fields: Record<string, unknown>, message: string): void;
}

export interface ReplicateCollectionOptions {
  // RxDB's collection type is invariant in its document type; the client handles any document.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  collection: RxCollection<any>;
  /** The collection's name on the server (default: the RxDB collection's name). */
  remoteName?: string;
  direction: Direction;
  client: SyncHttpClient;
  status: SyncStatusStore;
  live?: boolean;
  /** A week of offline sales goes up in batches of this many documents. */
  pushBatchSize?: number;
  pullBatchSize?: number;
  retryTime?: number;
  streamReconnectMs?: number;
  logger?: SyncLogger;
}

export interface CollectionReplication {
  readonly name: string;
  readonly state: RxReplicationState<WireDoc, WireCheckpoint>;
  /** Recounts what waits to go up and records it on the status. */
  refreshPending(): Promise<number>;
  stop(): Promise<void>;
}

const COUNT_LIMIT = 1_000_000;

/**
 * One collection replicating with the sync server through RxDB's replication protocol: pull by
 * checkpoint, push with assumed master states (conflicts come back and go to the collection's
 * conflict handler), and the server's live stream. Errors are recorded on the status and RxDB
 * retries; nothing here throws at the code that sells.
 */
export function replicateCollection(options: ReplicateCollectionOptions): CollectionReplication {
  const { collection, client, status, direction } = options;
  const name = options.remoteName ?? collection.name;
  const live = options.live ?? true;
  const pushBatchSize = options.pushBatchSize ?? 100;
  let stream: ChangeStream | null = null;
  let backlog: { done: number; total: number } | null = null;

  const record = (err: unknown): void => {
    if (err instanceof SyncClientError) {
      if (err.code === 'OFFLINE') status.offline(err.code, err.message, name);
      else status.error(err.code, err.message, name);
    } else {
      status.error('SYNC_FAILED', err instanceof Error ? err.message : String(err), name);
    }
  };

  const countPending = async (): Promise<number> => {
    const internal = state.internalReplicationState;
    if (!internal || direction === 'down') return 0;
    const checkpoint = await getLastCheckpointDoc(internal, 'up');
    const changed = await getChangedDocumentsSince(
      collection.storageInstance,
      COUNT_LIMIT,
      checkpoint,
    );
    if (direction === 'up' || changed.documents.length === 0) return changed.documents.length;
    // Two-way: a document that came down and equals what the center has is not waiting to go up.
    const key = collection.schema.primaryPath;
    const ids = changed.documents.map((d) => String((d as WireDoc)[key]));
    const assumed = await getAssumedMasterState(internal, ids);
    return changed.documents.filter((d, i) => {
      const a = assumed[ids[i]!];
      return a === undefined || !sameContent(a.docData, d as WireDoc);
    }).length;
  };

  const pushHandler = async (
    rows: RxReplicationWriteToMasterRow<WireDoc>[],
  ): Promise<WithDeleted<WireDoc>[]> => {
    try {
      if (backlog === null) {
        const remaining = await countPending();
        if (remaining > pushBatchSize) {
          backlog = { done: 0, total: remaining };
          status.backlog({ collection: name, done: 0, total: remaining });
        }
      }
      const answer = await client.push(
        name,
        rows.map((r) => ({
          assumedMasterState: (r.assumedMasterState as WireDoc | undefined) ?? null,
          newDocumentState: r.newDocumentState,
        })),
      );
      if (answer.rejected.length > 0) {
        const first = answer.rejected[0]!;
        status.error(
          'REJECTED',
          `${answer.rejected.length} ${name} refused; ${first.id ?? '?'}: ${first.reason}`,
          name,
        );
        options.logger?.warn({ collection: name, rejected: answer.rejected }, 'push refused');
      }
      status.synced();
      if (backlog !== null) {
        backlog.done = Math.min(backlog.total, backlog.done + rows.length);
        const finished = backlog.done >= backlog.total;
        status.backlog(finished ? null : { collection: name, ...backlog });
        if (finished) backlog = null;
      }
      return answer.conflicts as WithDeleted<WireDoc>[];
    } catch (err) {
      record(err);
      throw err;
    }
  };

  const pullHandler = async (checkpoint: WireCheckpoint | undefined, batchSize: number) => {
    try {
      const answer = await client.pull(name, checkpoint ?? null, batchSize);
      if (answer.restarted !== undefined) {
        options.logger?.warn(
          { collection: name, reason: answer.restarted },
          'server restarted the download from scratch',
        );
      }
      status.synced();
      return {
        documents: answer.documents as WithDeleted<WireDoc>[],
        checkpoint: answer.checkpoint,
      };
    } catch (err) {
      record(err);
      throw err;
    }
  };

  if (live && direction !== 'up') {
    stream = openChangeStream({
      url: client.streamUrl(name),
      headers: client.authHeaders(),
      ...(options.streamReconnectMs === undefined
        ? {}
        : { reconnectMs: options.streamReconnectMs }),
      onState: (connected, error) => {
        if (connected) status.online();
        else if (error) status.offline('OFFLINE', `live stream: ${error.message}`, name);
      },
    });
  }

  const state = replicateRxCollection<WireDoc, WireCheckpoint>({
    collection,
    replicationIdentifier: `mendian-sync:${client.baseUrl}:${name}`,
    live,
    retryTime: options.retryTime ?? 5_000,
    waitForLeadership: false,
    autoStart: true,
    ...(direction === 'down' ? {} : { push: { handler: pushHandler, batchSize: pushBatchSize } }),
    ...(direction === 'up'
      ? {}
      : {
          pull: {
            handler: pullHandler,
            batchSize: options.pullBatchSize ?? 500,
            ...(stream ? { stream$: stream.items$.pipe(map(asPullTrigger)) } : {}),
          },
        }),
  });

  // RxDB cancels the replication itself when the collection closes; the stream goes with it.
  state.onCancel.push(() => stream?.close());

  const refreshPending = async (): Promise<number> => {
    const n = await countPending();
    status.pending(name, n);
    return n;
  };
  // Recount when a round of replication goes idle, so the UI shows what still waits.
  const sub = state.active$.subscribe((active) => {
    if (!active) refreshPending().catch(record);
  });
  // While the center is down a push keeps retrying and never goes idle, yet the lane must show
  // the sales that wait to upload. An up-only collection holds insert-only facts and receives
  // nothing from the center, so each insert is one more pending upload: counted in O(1), where a
  // recount per sale would re-read the whole offline backlog on the selling path.
  if (direction === 'up') {
    sub.add(
      collection.$.subscribe((event: { operation: string }) => {
        if (event.operation !== 'INSERT') return;
        status.pending(name, (status.get().pendingUploads[name] ?? 0) + 1);
      }),
    );
  }

  return {
    name,
    state,
    refreshPending,
    stop: async () => {
      sub.unsubscribe();
      stream?.close();
      await state.cancel();
    },
  };
}

export interface StoreReplicationOptions {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  collections: Partial<Record<CollectionName, RxCollection<any>>>;
  serverUrl: string;
  credential: string;
  status?: SyncStatusStore;
  live?: boolean;
  pushBatchSize?: number;
  pullBatchSize?: number;
  retryTime?: number;
  logger?: SyncLogger;
}

export interface StoreReplication {
  readonly status: SyncStatusStore;
  readonly replications: ReadonlyMap<string, CollectionReplication>;
  awaitInSync(): Promise<void>;
  stop(): Promise<void>;
}

/** Replicates every given Mendian collection in the direction its kind calls for. */
export function startStoreReplication(options: StoreReplicationOptions): StoreReplication {
  const status = options.status ?? new SyncStatusStore();
  const client = new SyncHttpClient({ baseUrl: options.serverUrl, credential: options.credential });
  const replications = new Map<string, CollectionReplication>();
  for (const [name, collection] of Object.entries(options.collections)) {
    if (!collection) continue;
    const kind = collections[name as CollectionName].kind;
    replications.set(
      name,
      replicateCollection({
        collection,
        remoteName: name,
        direction: directionOf(kind, name),
        client,
        status,
        ...(options.live === undefined ? {} : { live: options.live }),
        ...(options.pushBatchSize === undefined ? {} : { pushBatchSize: options.pushBatchSize }),
        ...(options.pullBatchSize === undefined ? {} : { pullBatchSize: options.pullBatchSize }),
        ...(options.retryTime === undefined ? {} : { retryTime: options.retryTime }),
        ...(options.logger === undefined ? {} : { logger: options.logger }),
      }),
    );
  }
  return {
    status,
    replications,
    awaitInSync: async () => {
      for (const r of replications.values()) await r.state.awaitInSync();
      for (const r of replications.values()) await r.refreshPending();
    },
    stop: async () => {
      for (const r of replications.values()) await r.stop();
    },
  };
}
