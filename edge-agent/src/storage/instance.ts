import type { Observable } from 'rxjs';
import type {
  BulkWriteRow,
  EventBulk,
  PreparedQuery,
  RxDocumentData,
  RxJsonSchema,
  RxStorageBulkWriteResponse,
  RxStorageChangeEvent,
  RxStorageCountResult,
  RxStorageInstance,
  RxStorageQueryResult,
} from 'rxdb';
import { now } from 'rxdb';
import { AttachmentStore, readAttachmentBlobs } from './attachments.js';
import { writeBatch } from './bulk-write.js';
import type { ChangeHub } from './change-hub.js';
import { START_CHECKPOINT, sequenceOf, type MendianCheckpoint } from './checkpoint.js';
import { CollectionTable } from './collection-table.js';
import type { SqliteDatabase } from './connection.js';
import { StorageError } from './errors.js';
import type { StorageSettings } from './options.js';
import { QueryRunner } from './query-runner.js';

/** Runs synchronous SQLite work and reports its failure as a rejection, never a sync throw. */
function settle<R>(work: () => R): Promise<R> {
  try {
    return Promise.resolve(work());
  } catch (err) {
    return Promise.reject(err instanceof Error ? err : new Error(String(err)));
  }
}

export interface MendianSqliteInternals {
  readonly filePath: string;
  readonly table: string;
  readonly db: SqliteDatabase;
}

/** Per-collection options passed through rxdb's `instanceCreationOptions` (none yet). */
export type MendianSqliteInstanceOptions = Record<string, never>;

export interface InstanceContext {
  readonly filePath: string;
  readonly db: SqliteDatabase;
  readonly settings: StorageSettings;
  readonly hub: ChangeHub;
  /** Returns the connection to the pool; called once on close. */
  readonly release: () => void;
}

export class MendianSqliteInstance<T> implements RxStorageInstance<
  T,
  MendianSqliteInternals,
  MendianSqliteInstanceOptions,
  MendianCheckpoint
> {
  readonly internals: MendianSqliteInternals;
  private readonly table: CollectionTable<T>;
  private readonly queries: QueryRunner<T>;
  private readonly attachments: AttachmentStore | undefined;
  private readonly changes: Observable<
    EventBulk<RxStorageChangeEvent<RxDocumentData<T>>, MendianCheckpoint>
  >;
  private readonly leaveHub: () => void;
  private readonly hubKey: string;
  private closed: Promise<void> | undefined;
  private removed = false;

  constructor(
    readonly databaseName: string,
    readonly collectionName: string,
    readonly schema: Readonly<RxJsonSchema<RxDocumentData<T>>>,
    readonly options: Readonly<MendianSqliteInstanceOptions>,
    private readonly ctx: InstanceContext,
  ) {
    this.table = new CollectionTable<T>(ctx.db, collectionName, schema);
    this.queries = new QueryRunner(this.table);
    this.attachments = schema.attachments
      ? new AttachmentStore(ctx.db, this.table.attachmentsTable)
      : undefined;
    this.internals = { filePath: ctx.filePath, table: this.table.table, db: ctx.db };
    this.hubKey = `${ctx.filePath}\u0000${this.table.table}`;
    const joined = ctx.hub.join<T>(this.hubKey);
    this.changes = joined.stream;
    this.leaveHub = joined.leave;
  }

  private ensureOpen(): void {
    if (this.removed) {
      throw new StorageError('STORAGE_REMOVED', `${this.describe()} was removed`);
    }
    if (this.closed) throw new StorageError('STORAGE_CLOSED', `${this.describe()} is closed`);
  }

  private describe(): string {
    return `${this.databaseName}/${this.collectionName} v${this.schema.version}`;
  }

  async bulkWrite(
    documentWrites: BulkWriteRow<T>[],
    context: string,
  ): Promise<RxStorageBulkWriteResponse<T>> {
    this.ensureOpen();
    const blobs = this.attachments
      ? await readAttachmentBlobs(documentWrites)
      : new Map<Blob, Buffer>();
    this.ensureOpen();
    const outcome = writeBatch(this, this.table, this.attachments, blobs, documentWrites, context);
    const bulk = outcome.categorized.eventBulk;
    if (outcome.checkpoint && bulk.events.length > 0) {
      bulk.checkpoint = outcome.checkpoint;
      this.ctx.hub.emit(this.hubKey, bulk);
    }
    return { error: outcome.categorized.errors };
  }

  findDocumentsById(ids: string[], withDeleted: boolean): Promise<RxDocumentData<T>[]> {
    return settle(() => {
      this.ensureOpen();
      const t = this.table;
      const rows = (
        ids.length === 1
          ? (withDeleted ? t.selectById : t.selectLiveById).all(ids[0])
          : (withDeleted ? t.selectByIds : t.selectLiveByIds).all(JSON.stringify(ids))
      ) as string[];
      return rows.map((json) => JSON.parse(json) as RxDocumentData<T>);
    });
  }

  query(preparedQuery: PreparedQuery<T>): Promise<RxStorageQueryResult<T>> {
    return settle(() => {
      this.ensureOpen();
      return { documents: this.queries.query(preparedQuery) };
    });
  }

  count(preparedQuery: PreparedQuery<T>): Promise<RxStorageCountResult> {
    return settle(() => {
      this.ensureOpen();
      return this.queries.count(preparedQuery);
    });
  }

  getAttachmentData(documentId: string, attachmentId: string, digest: string): Promise<Blob> {
    return settle(() => {
      this.ensureOpen();
      const found = this.attachments?.read(documentId, attachmentId);
      if (!found || !digest || found.digest !== digest) {
        throw new StorageError(
          'ATTACHMENT_NOT_FOUND',
          `attachment ${documentId}/${attachmentId} not found`,
          {
            documentId,
            attachmentId,
            digest,
          },
        );
      }
      return new Blob([new Uint8Array(found.data)]);
    });
  }

  getChangedDocumentsSince(
    limit: number,
    checkpoint?: MendianCheckpoint,
  ): Promise<{ documents: RxDocumentData<T>[]; checkpoint: MendianCheckpoint }> {
    return settle(() => {
      this.ensureOpen();
      const rows = this.table.changesSince.all(sequenceOf(checkpoint), limit) as {
        seq: number;
        data: string;
      }[];
      const documents = rows.map((r) => JSON.parse(r.data) as RxDocumentData<T>);
      const lastRow = rows[rows.length - 1];
      const lastDoc = documents[documents.length - 1];
      const next: MendianCheckpoint =
        lastRow && lastDoc
          ? {
              id: lastDoc[this.table.primaryPath as keyof RxDocumentData<T>] as string,
              lwt: lastDoc._meta.lwt,
              sequence: lastRow.seq,
            }
          : (checkpoint ?? START_CHECKPOINT);
      return { documents, checkpoint: next };
    });
  }

  changeStream(): Observable<
    EventBulk<RxStorageChangeEvent<RxDocumentData<T>>, MendianCheckpoint>
  > {
    this.ensureOpen();
    return this.changes;
  }

  /**
   * Purges tombstones older than the larger of rxdb's `minimumDeletedTime` and the storage's
   * retention (90 days by default), at most `cleanupBatchSize` per call; false means "call again".
   */
  cleanup(minimumDeletedTime: number): Promise<boolean> {
    return settle(() => {
      this.ensureOpen();
      const keep = Math.max(minimumDeletedTime, this.ctx.settings.tombstoneRetentionMs);
      const batch = this.ctx.settings.cleanupBatchSize;
      const ids = this.ctx.db
        .transaction(() => {
          const purged = this.table.purgeTombstones.all(now() - keep, batch) as string[];
          if (this.attachments) for (const id of purged) this.attachments.removeDocument(id);
          return purged;
        })
        .immediate();
      return ids.length < batch;
    });
  }

  close(): Promise<void> {
    if (!this.closed) {
      this.closed = Promise.resolve().then(() => {
        this.leaveHub();
        this.ctx.release();
      });
    }
    return this.closed;
  }

  async remove(): Promise<void> {
    this.ensureOpen();
    this.table.drop();
    this.removed = true;
    this.closed = Promise.resolve().then(() => {
      this.leaveHub();
      this.ctx.release();
    });
    await this.closed;
  }
}
