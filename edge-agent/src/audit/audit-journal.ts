import { auditEntrySchema, parseOrThrow, ulid, type AuditEntry } from '@mendian/protocol';
import { GENESIS_HASH, entryHash } from './hash-chain.js';

export type AuditInput = Pick<AuditEntry, 'action'> &
  Partial<Pick<AuditEntry, 'actorId' | 'actorRole' | 'laneCode' | 'subject' | 'approvedBy'>> & {
    details?: AuditEntry['details'];
  };

/** Where entries are kept; appends are serialised by the journal, so `last` is always current. */
export interface AuditStore {
  last(storeId: string): Promise<AuditEntry | null>;
  append(entry: AuditEntry): Promise<void>;
}

/**
 * The append-only audit journal of one store. Appends are queued so two concurrent actions never
 * take the same seq or link to the same previous hash.
 */
export class AuditJournal {
  private tail: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly storeId: string,
    private readonly store: AuditStore,
    private readonly now: () => number = Date.now,
  ) {}

  record(input: AuditInput): Promise<AuditEntry> {
    const run = this.tail.then(async () => {
      const last = await this.store.last(this.storeId);
      const body: Omit<AuditEntry, 'hash'> = {
        schemaVersion: 1,
        id: ulid(),
        storeId: this.storeId,
        seq: (last?.seq ?? 0) + 1,
        at: this.now(),
        actorId: input.actorId ?? null,
        actorRole: input.actorRole ?? null,
        laneCode: input.laneCode ?? null,
        action: input.action,
        subject: input.subject ?? null,
        details: input.details ?? {},
        approvedBy: input.approvedBy ?? null,
        prevHash: last?.hash ?? GENESIS_HASH,
      };
      const entry = parseOrThrow(
        auditEntrySchema,
        { ...body, hash: entryHash(body) },
        'audit entry',
      );
      await this.store.append(entry);
      return entry;
    });
    this.tail = run.catch(() => undefined);
    return run;
  }
}

/** An AuditStore held in memory, for tools and tests of code that only needs to record. */
export class MemoryAuditStore implements AuditStore {
  readonly entries: AuditEntry[] = [];
  last(storeId: string): Promise<AuditEntry | null> {
    const mine = this.entries.filter((e) => e.storeId === storeId);
    return Promise.resolve(mine[mine.length - 1] ?? null);
  }
  append(entry: AuditEntry): Promise<void> {
    this.entries.push(entry);
    return Promise.resolve();
  }
}
