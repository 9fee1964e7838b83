import type { SyncStatus } from '@mendian/protocol';

/**
 * The always-visible status strip: sync (online or offline, what waits to upload, last synced),
 * device problems a cashier must act on, and the VIP arrival banner. Inputs come from the
 * edge-agent API and its WebSocket; this module turns them into what the strip shows.
 */

export type DeviceProblem = 'offline' | 'paperOut' | 'paperLow' | 'coverOpen' | 'error';

export interface DeviceView {
  deviceId: string;
  kind: string;
  name: string;
  online: boolean;
  problems: DeviceProblem[];
  lastSeenAt: number | null;
}

export interface VipArrival {
  memberId: string;
  name: string;
  tier: string;
  at: number;
}

export interface StatusState {
  sync: SyncStatus | null;
  /** False while the lane's own link to the edge-agent (HTTP/WebSocket) is down. */
  agentReachable: boolean;
  devices: DeviceView[];
  vip: VipArrival[];
}

export type StatusAction =
  | { type: 'sync'; status: SyncStatus }
  | { type: 'agentReachable'; reachable: boolean }
  | { type: 'devices'; devices: DeviceView[] }
  | { type: 'device'; device: DeviceView }
  | { type: 'vipArrived'; arrival: VipArrival }
  | { type: 'vipDismissed'; memberId: string }
  | { type: 'tick'; now: number };

/** A VIP banner stays this long unless dismissed; a cashier greets within the first minute. */
export const VIP_BANNER_MS = 90_000;
const MAX_BANNERS = 3;

export const initialStatus: StatusState = {
  sync: null,
  agentReachable: true,
  devices: [],
  vip: [],
};

export function statusReducer(state: StatusState, action: StatusAction): StatusState {
  switch (action.type) {
    case 'sync':
      return { ...state, sync: action.status };
    case 'agentReachable':
      return state.agentReachable === action.reachable
        ? state
        : { ...state, agentReachable: action.reachable };
    case 'devices':
      return { ...state, devices: action.devices };
    case 'device': {
      const others = state.devices.filter((d) => d.deviceId !== action.device.deviceId);
      return { ...state, devices: [...others, action.device] };
    }
    case 'vipArrived': {
      const others = state.vip.filter((v) => v.memberId !== action.arrival.memberId);
      return { ...state, vip: [action.arrival, ...others].slice(0, MAX_BANNERS) };
    }
    case 'vipDismissed':
      return { ...state, vip: state.vip.filter((v) => v.memberId !== action.memberId) };
    case 'tick': {
      const vip = state.vip.filter((v) => action.now - v.at < VIP_BANNER_MS);
      return vip.length === state.vip.length ? state : { ...state, vip };
    }
  }
}

export interface SyncView {
  /** offline when the edge-agent cannot reach the center, or the lane cannot reach the agent. */
  state: 'online' | 'offline' | 'unknown' | 'agentDown';
  pending: number;
  lastSyncedAt: number | null;
  backlog: { done: number; total: number } | null;
}

export function syncView(state: StatusState): SyncView {
  if (!state.agentReachable) {
    return { state: 'agentDown', pending: 0, lastSyncedAt: null, backlog: null };
  }
  const s = state.sync;
  if (!s) return { state: 'unknown', pending: 0, lastSyncedAt: null, backlog: null };
  const pending = Object.values(s.pendingUploads).reduce((a, b) => a + b, 0);
  return {
    state: s.online ? 'online' : 'offline',
    pending,
    lastSyncedAt: s.lastSyncedAt,
    backlog: s.backlog ? { done: s.backlog.done, total: s.backlog.total } : null,
  };
}

/** Devices with something a cashier must act on, worst first (offline before paper low). */
export function deviceAlerts(state: StatusState): DeviceView[] {
  const rank = (d: DeviceView) =>
    !d.online ? 0 : d.problems.includes('paperOut') ? 1 : d.problems.includes('error') ? 2 : 3;
  return state.devices
    .filter((d) => !d.online || d.problems.length > 0)
    .sort((a, b) => rank(a) - rank(b) || a.name.localeCompare(b.name));
}

/** "3 分钟前" style age, in whole units, for the last-synced label. */
export function ageParts(then: number, now: number): { unit: 's' | 'm' | 'h' | 'd'; n: number } {
  const s = Math.max(0, Math.floor((now - then) / 1000));
  if (s < 60) return { unit: 's', n: s };
  if (s < 3600) return { unit: 'm', n: Math.floor(s / 60) };
  if (s < 86400) return { unit: 'h', n: Math.floor(s / 3600) };
  return { unit: 'd', n: Math.floor(s / 86400) };
}

/** The lane printer as the edge-agent reports it (GET /api/v1/status, live 'printer'). */
export function printerDevice(p: {
  state: 'ok' | 'offline' | 'paperOut' | 'error' | 'none';
  message: string;
}): DeviceView {
  return {
    deviceId: 'lane-printer',
    kind: 'printer',
    name: p.message,
    online: p.state !== 'offline',
    problems: p.state === 'paperOut' ? ['paperOut'] : p.state === 'error' ? ['error'] : [],
    lastSeenAt: null,
  };
}
