import { syncStatusSchema, type SyncStatus } from '@mendian/protocol';

type Listener = (status: SyncStatus) => void;

/**
 * The sync status the cashier UI shows. Every change makes a new frozen snapshot; replication
 * loops record into it instead of throwing at their callers.
 */
export class SyncStatusStore {
  private status: SyncStatus = {
    online: false,
    pendingUploads: {},
    lastSyncedAt: null,
    lastError: null,
    backlog: null,
  };
  private readonly listeners = new Set<Listener>();

  constructor(private readonly now: () => number = Date.now) {}

  get(): SyncStatus {
    return this.status;
  }

  subscribe(listener: Listener): () => void {
    this.listeners.add(listener);
    listener(this.status);
    return () => this.listeners.delete(listener);
  }

  private set(patch: Partial<SyncStatus>): void {
    const next = syncStatusSchema.parse({ ...this.status, ...patch });
    this.status = Object.freeze(next);
    for (const l of this.listeners) l(this.status);
  }

  synced(): void {
    this.set({ online: true, lastSyncedAt: this.now() });
  }

  offline(code: string, message: string, collection?: string): void {
    this.set({ online: false, lastError: this.errorOf(code, message, collection) });
  }

  error(code: string, message: string, collection?: string): void {
    this.set({ lastError: this.errorOf(code, message, collection) });
  }

  online(): void {
    if (!this.status.online) this.set({ online: true });
  }

  pending(collection: string, count: number): void {
    if (this.status.pendingUploads[collection] === count) return;
    this.set({ pendingUploads: { ...this.status.pendingUploads, [collection]: count } });
  }

  backlog(value: SyncStatus['backlog']): void {
    this.set({ backlog: value });
  }

  private errorOf(code: string, message: string, collection?: string): SyncStatus['lastError'] {
    return { at: this.now(), code, message, ...(collection === undefined ? {} : { collection }) };
  }
}

/** The status as two lines for a terminal or a log: zh-CN first, English second. */
export function formatSyncStatus(s: SyncStatus): string {
  const pending = Object.values(s.pendingUploads).reduce((a, b) => a + b, 0);
  const when = s.lastSyncedAt === null ? '—' : new Date(s.lastSyncedAt).toISOString();
  const err = s.lastError ? ` ${s.lastError.code}: ${s.lastError.message}` : '';
  const backlog = s.backlog ? ` ${s.backlog.collection} ${s.backlog.done}/${s.backlog.total}` : '';
  return [
    `同步: ${s.online ? '在线' : '离线'} 待上传 ${pending} 上次同步 ${when}${backlog}${err}`,
    `sync: ${s.online ? 'online' : 'offline'} pending ${pending} last synced ${when}${backlog}${err}`,
  ].join('\n');
}
