import { describe, expect, it } from 'vitest';
import { syncStatusSchema, type SyncStatus } from '@mendian/protocol';
import { SyncStatusStore, formatSyncStatus } from '../../src/sync/sync-status.js';

describe('sync status', () => {
  it('publishes frozen snapshots that match the protocol schema', () => {
    let t = 1_000;
    const store = new SyncStatusStore(() => t);
    const seen: SyncStatus[] = [];
    store.subscribe((s) => seen.push(s));
    store.pending('orders', 12);
    store.offline('OFFLINE', 'sync server unreachable', 'orders');
    t = 2_000;
    store.backlog({ collection: 'orders', done: 5, total: 12 });
    store.synced();
    const last = store.get();
    expect(Object.isFrozen(last)).toBe(true);
    expect(syncStatusSchema.parse(last)).toEqual(last);
    expect(last).toEqual({
      online: true,
      pendingUploads: { orders: 12 },
      lastSyncedAt: 2_000,
      lastError: {
        at: 1_000,
        code: 'OFFLINE',
        message: 'sync server unreachable',
        collection: 'orders',
      },
      backlog: { collection: 'orders', done: 5, total: 12 },
    });
    expect(seen.map((s) => s.online)).toEqual([false, false, false, false, true]);
    expect(() => store.pending('orders', -1)).toThrow();
    expect(store.get().pendingUploads.orders).toBe(12);
  });

  it('formats the status zh-CN first, English second', () => {
    const text = formatSyncStatus({
      online: false,
      pendingUploads: { orders: 3, members: 1 },
      lastSyncedAt: null,
      lastError: { at: 1, code: 'OFFLINE', message: 'down' },
      backlog: null,
    });
    expect(text.split('\n')).toEqual([
      '同步: 离线 待上传 4 上次同步 — OFFLINE: down',
      'sync: offline pending 4 last synced — OFFLINE: down',
    ]);
  });
});
