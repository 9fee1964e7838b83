import { join } from 'node:path';
import { createRxDatabase, type RxCollection, type RxDatabase, type RxJsonSchema } from 'rxdb';
import { rxSchemaFor, type DocumentOf } from '@mendian/protocol';
import { getRxStorageMendianSqlite } from '../storage.js';
import { conflictHandlerFor } from '../sync/conflict-handlers.js';
import { openLocalDb, openRelaxedConnection, type LocalDb } from './local-db.js';

/**
 * The collections the selling side keeps in RxDB. RxDB's open-core build refuses more than 13
 * open collections per process (NON_PREMIUM_COLLECTION_LIMIT), so the edge opens these 12 and not
 * valueEntries, trafficAggregates and onlineOrders; see docs/selling.md.
 */
export const EDGE_COLLECTIONS = [
  'stores',
  'staff',
  'categories',
  'products',
  'prices',
  'promotions',
  'members',
  'orders',
  'stockMovements',
  'pointsEntries',
  'shiftClosings',
  'auditEntries',
] as const;
export type EdgeCollectionName = (typeof EDGE_COLLECTIONS)[number];

export type EdgeCollections = { [N in EdgeCollectionName]: RxCollection<DocumentOf<N>> };

export interface EdgeDatabase {
  rx: RxDatabase<EdgeCollections>;
  local: LocalDb;
  /** The same local file with synchronous=NORMAL; see openRelaxedConnection. */
  localRelaxed: LocalDb;
  close(): Promise<void>;
}

export interface EdgeDatabaseConfig {
  dataDir: string;
  /** FULL survives a power cut; NORMAL only a crash (faster; for benchmarks and tests). */
  synchronous?: 'FULL' | 'NORMAL';
  name?: string;
}

/**
 * Opens the edge database: RxDB on Mendian's better-sqlite3 RxStorage (one file) plus the local
 * tables file. The one place that decides the storage, so swapping it is one line.
 */
export async function openEdgeDatabase(config: EdgeDatabaseConfig): Promise<EdgeDatabase> {
  const storage = getRxStorageMendianSqlite({
    directory: config.dataDir,
    synchronous: config.synchronous ?? 'FULL',
  });
  const rx = await createRxDatabase<EdgeCollections>({
    name: config.name ?? 'mendian-edge',
    storage,
    multiInstance: false,
    eventReduce: true,
  });
  const schemas = Object.fromEntries(
    EDGE_COLLECTIONS.map((n) => [
      n,
      {
        schema: rxSchemaFor(n) as unknown as RxJsonSchema<unknown>,
        // How a replication conflict with the center merges (DESIGN.md): members field by field,
        // everything else keeps the center's state.
        conflictHandler: conflictHandlerFor(n),
      },
    ]),
  );
  await rx.addCollections(schemas);
  const localFile = join(config.dataDir, `${config.name ?? 'mendian-edge'}-local.sqlite`);
  const local = openLocalDb(localFile);
  const localRelaxed = openRelaxedConnection(localFile);
  return {
    rx,
    local,
    localRelaxed,
    async close() {
      await rx.close();
      localRelaxed.close();
      local.close();
    },
  };
}
