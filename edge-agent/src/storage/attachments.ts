import type { BulkWriteRow, RxAttachmentWriteData, CategorizeBulkWriteRowsOutput } from 'rxdb';
import type { SqliteDatabase, SqlStatement } from './connection.js';
import { quoteIdent } from './collection-table.js';

/** Blob bytes can only be read asynchronously, so they are read before the write transaction. */
export async function readAttachmentBlobs<T>(
  rows: readonly BulkWriteRow<T>[],
): Promise<Map<Blob, Buffer>> {
  const out = new Map<Blob, Buffer>();
  const reads: Promise<void>[] = [];
  for (const row of rows) {
    for (const att of Object.values(row.document._attachments ?? {})) {
      const blob = (att as Partial<RxAttachmentWriteData>).data;
      if (blob && !out.has(blob)) {
        out.set(blob, Buffer.alloc(0));
        reads.push(blob.arrayBuffer().then((ab) => void out.set(blob, Buffer.from(ab))));
      }
    }
  }
  await Promise.all(reads);
  return out;
}

export class AttachmentStore {
  private readonly put: SqlStatement;
  private readonly del: SqlStatement;
  private readonly get: SqlStatement;
  private readonly delDoc: SqlStatement;

  constructor(db: SqliteDatabase, table: string) {
    const q = quoteIdent(table);
    this.put = db.prepare(
      `INSERT INTO ${q} (doc_id, attachment_id, digest, data) VALUES (?, ?, ?, ?)
       ON CONFLICT(doc_id, attachment_id) DO UPDATE SET digest = excluded.digest, data = excluded.data`,
    );
    this.del = db.prepare(`DELETE FROM ${q} WHERE doc_id = ? AND attachment_id = ?`);
    this.delDoc = db.prepare(`DELETE FROM ${q} WHERE doc_id = ?`);
    this.get = db.prepare(`SELECT digest, data FROM ${q} WHERE doc_id = ? AND attachment_id = ?`);
  }

  /** Runs inside the bulkWrite transaction. */
  apply<T>(categorized: CategorizeBulkWriteRowsOutput<T>, blobs: Map<Blob, Buffer>): void {
    for (const a of [...categorized.attachmentsAdd, ...categorized.attachmentsUpdate]) {
      const bytes = blobs.get(a.attachmentData.data) ?? Buffer.alloc(0);
      this.put.run(a.documentId, a.attachmentId, a.digest, bytes);
    }
    for (const a of categorized.attachmentsRemove) this.del.run(a.documentId, a.attachmentId);
  }

  removeDocument(docId: string): void {
    this.delDoc.run(docId);
  }

  read(docId: string, attachmentId: string): { digest: string; data: Buffer } | undefined {
    return this.get.get(docId, attachmentId) as { digest: string; data: Buffer } | undefined;
  }
}
