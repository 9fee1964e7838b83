import { describe, expect, it } from 'vitest';
import { interpretEntry, isMobileNumber } from '../../src/renderer/state/entry.js';
import {
  canSubmit,
  initialPin,
  isLocked,
  LOCK_MS,
  pinReducer,
} from '../../src/renderer/state/pin.js';
import {
  ageParts,
  deviceAlerts,
  initialStatus,
  statusReducer,
  syncView,
  VIP_BANNER_MS,
} from '../../src/renderer/state/status.js';

describe('scan field entries', () => {
  it('tells scans, quantities, typed barcodes, receipts and searches apart', () => {
    expect(interpretEntry('6901234567892', 'scan')).toEqual({
      kind: 'code',
      code: '6901234567892',
      source: 'scan',
    });
    expect(interpretEntry('3*', 'typed')).toEqual({ kind: 'quantity', quantity: 3 });
    expect(interpretEntry('69012345', 'typed')).toMatchObject({ kind: 'code', source: 'typed' });
    expect(interpretEntry('nfsq', 'typed')).toEqual({ kind: 'search', query: 'nfsq' });
    expect(interpretEntry('123', 'typed')).toEqual({ kind: 'search', query: '123' });
    expect(interpretEntry('sh001-01-00000042', 'scan')).toEqual({
      kind: 'receipt',
      receiptNo: 'SH001-01-00000042',
    });
    expect(interpretEntry('  ', 'typed')).toEqual({ kind: 'empty' });
    expect(interpretEntry('0*', 'typed')).toEqual({ kind: 'search', query: '0*' });
    expect(isMobileNumber('13800138000')).toBe(true);
    expect(isMobileNumber('12800138000')).toBe(false);
  });
});

describe('PIN pad', () => {
  it('caps the PIN, clears it after a failure and locks after five', () => {
    let s = pinReducer(initialPin, { type: 'digit', digit: 'a' });
    expect(s.staffNo).toBe('A');
    s = pinReducer(s, { type: 'focus', field: 'pin' });
    for (const d of '12345678') s = pinReducer(s, { type: 'digit', digit: d });
    expect(s.pin).toBe('123456');
    expect(canSubmit(s, 0)).toBe(true);
    for (let i = 0; i < 5; i++) s = pinReducer(s, { type: 'failed', message: 'x', at: 1000 });
    expect(s.pin).toBe('');
    expect(isLocked(s, 1000 + LOCK_MS - 1)).toBe(true);
    expect(isLocked(s, 1000 + LOCK_MS)).toBe(false);
    expect(pinReducer(s, { type: 'succeeded' })).toEqual(initialPin);
  });
});

describe('status strip', () => {
  const sync = {
    online: false,
    pendingUploads: { orders: 3, stockMovements: 4 },
    lastSyncedAt: 1000,
    lastError: null,
    backlog: null,
  };

  it('sums pending uploads and shows offline, and agent-down wins over both', () => {
    let s = statusReducer(initialStatus, { type: 'sync', status: sync });
    expect(syncView(s)).toMatchObject({ state: 'offline', pending: 7, lastSyncedAt: 1000 });
    s = statusReducer(s, { type: 'agentReachable', reachable: false });
    expect(syncView(s).state).toBe('agentDown');
    expect(syncView(initialStatus).state).toBe('unknown');
  });

  it('lists device problems worst first', () => {
    const s = statusReducer(initialStatus, {
      type: 'devices',
      devices: [
        {
          deviceId: 'a',
          kind: 'printer',
          name: 'P',
          online: true,
          problems: ['paperLow'],
          lastSeenAt: 1,
        },
        { deviceId: 'b', kind: 'scanner', name: 'S', online: false, problems: [], lastSeenAt: 1 },
        { deviceId: 'c', kind: 'scale', name: 'C', online: true, problems: [], lastSeenAt: 1 },
      ],
    });
    expect(deviceAlerts(s).map((d) => d.deviceId)).toEqual(['b', 'a']);
  });

  it('shows a VIP banner once per member and lets it expire', () => {
    const arrival = { memberId: 'm1', name: '王女士', tier: 'gold', at: 0 };
    let s = statusReducer(initialStatus, { type: 'vipArrived', arrival });
    s = statusReducer(s, { type: 'vipArrived', arrival: { ...arrival, at: 10 } });
    expect(s.vip).toHaveLength(1);
    s = statusReducer(s, { type: 'tick', now: 10 + VIP_BANNER_MS });
    expect(s.vip).toHaveLength(0);
    expect(ageParts(0, 125_000)).toEqual({ unit: 'm', n: 2 });
  });
});
