import { categorizeBulkWriteRows } from 'rxdb';
import type {
  BulkWriteRow,
  CategorizeBulkWriteRowsOutput,
  RxDocumentData,
  RxStorageInstance,
  StringKeys,
} from 'rxdb';
import type { AttachmentStore } from './attachments.js';
import { StorageError } from './errors.js';
import type { CollectionTable } from './collection-table.js';
import type { MendianCheckpoint } from './checkpoint.js';

export interface WriteOutcome<T> {
  categorized: CategorizeBulkWriteRowsOutput<T>;
  /** Checkpoint of the last row written, undefined when nothing was written. */
  checkpoint: MendianCheckpoint | undefined;
}

/**
 * Reads the current revisions, lets rxdb decide inserts, updates and 409 conflicts, and writes
 * the survivors with fresh change sequences, all inside one IMMEDIATE transaction: the batch
 * commits entirely or not at all, and sequences are handed out in commit order.
 */
export function writeBatch<T>(
  instance: RxStorageInstance<T, unknown, unknown>,
  table: CollectionTable<T>,
  attachments: AttachmentStore | undefined,
  blobs: Map<Blob, Buffer>,
  rows: BulkWriteRow<T>[],
  context: string,
): WriteOutcome<T> {
  const primaryPath = table.primaryPath as StringKeys<T>;
  const ids: string[] = new Array<string>(rows.length);
  for (let i = 0; i < rows.length; i++) {
    const id: unknown = (rows[i] as BulkWriteRow<T>).document[primaryPath];
    if (typeof id !== 'string' || id === '') {
      throw new StorageError(
        'INVALID_DOCUMENT',
        `row ${i} has no string primary key ${primaryPath}`,
        {
          row: i,
        },
      );
    }
    ids[i] = id;
  }
  const run = table.db.transaction((): WriteOutcome<T> => {
    const docsInDb = new Map<string, RxDocumentData<T>>();
    for (const json of table.selectByIds.all(JSON.stringify(ids)) as string[]) {
      const doc = JSON.parse(json) as RxDocumentData<T>;
      docsInDb.set(doc[primaryPath] as string, doc);
    }
    const categorized = categorizeBulkWriteRows<T>(instance, primaryPath, docsInDb, rows, context);
    const written = [...categorized.bulkInsertDocs, ...categorized.bulkUpdateDocs];
    if (written.length === 0) return { categorized, checkpoint: undefined };
    let seq = 0;
    const keyCount = table.indexes.length;
    const params: unknown[] = new Array<unknown>(4 + keyCount);
    let last: RxDocumentData<T> | undefined;
    for (const row of written) {
      const doc = row.document;
      params[0] = doc[primaryPath];
      params[1] = doc._deleted ? 1 : 0;
      params[2] = doc._meta.lwt;
      params[3] = JSON.stringify(doc);
      for (let k = 0; k < keyCount; k++) {
        params[4 + k] = (table.indexes[k] as (typeof table.indexes)[number]).keyOf(doc);
      }
      seq = Number(table.upsert.run(params).lastInsertRowid);
      if (attachments && doc._deleted) attachments.removeDocument(doc[primaryPath] as string);
      last = doc;
    }
    if (attachments) attachments.apply(categorized, blobs);
    const lastDoc = last as RxDocumentData<T>;
    return {
      categorized,
      checkpoint: { id: lastDoc[primaryPath] as string, lwt: lastDoc._meta.lwt, sequence: seq },
    };
  });
  return run.immediate();
}
