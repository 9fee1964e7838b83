import { describe, expect, it } from 'vitest';
import type { BrowserWindowPort, ElectronMainPort } from '../../src/main/electron-port.js';
import { startLaneApp } from '../../src/main/lane-app.js';
import { resolveLaneConfig, type LaneConfig } from '../../src/main/lane-config.js';
import { LANE_VERBS } from '../../src/main/lane-verbs.js';
import { createLaneBridge } from '../../src/main/preload.js';

/** A recording stand-in for Electron's app/window objects (Electron is not installed here). */
function fakeElectron(opts: { lock?: boolean } = {}) {
  const appListeners = new Map<string, () => void>();
  const handlers = new Map<string, (e: unknown, ...a: unknown[]) => unknown>();
  const calls: string[] = [];
  let openAtLogin = false;
  const windows: FakeWindow[] = [];
  type Listener = (...args: never[]) => void;
  class FakeWindow implements BrowserWindowPort {
    listeners = new Map<string, Listener>();
    loaded: string[] = [];
    destroyed = false;
    minimized = true;
    constructor(readonly options: object) {}
    webContents = {
      on: (event: string, l: Listener) => void this.listeners.set(`wc:${event}`, l),
      setWindowOpenHandler: (h: (d: { url: string }) => { action: 'deny' | 'allow' }) =>
        void this.listeners.set('open', h),
      reload: () => void calls.push('reload'),
    } as unknown as BrowserWindowPort['webContents'];
    loadURL(url: string) {
      this.loaded.push(url);
      return Promise.resolve();
    }
    show() {
      calls.push('show');
    }
    focus() {
      calls.push('focus');
    }
    restore() {
      calls.push('restore');
      this.minimized = false;
    }
    isMinimized() {
      return this.minimized;
    }
    isDestroyed() {
      return this.destroyed;
    }
    destroy() {
      this.destroyed = true;
    }
    once(event: string, l: () => void) {
      this.listeners.set(event, l);
    }
    on(event: string, l: () => void) {
      this.listeners.set(event, l);
    }
    emit(name: string, ...args: unknown[]) {
      (this.listeners.get(name) as ((...a: unknown[]) => unknown) | undefined)?.(...args);
    }
  }
  const electron: ElectronMainPort = {
    app: {
      requestSingleInstanceLock: () => opts.lock ?? true,
      on: (event: string, l: () => void) => void appListeners.set(event, l),
      whenReady: () => Promise.resolve(),
      setLoginItemSettings: (s) => {
        calls.push(`login:${s.openAtLogin}`);
        openAtLogin = s.openAtLogin;
      },
      getLoginItemSettings: () => ({ openAtLogin }),
      getVersion: () => '0.1.0',
      relaunch: () => void calls.push('relaunch'),
      quit: () => void calls.push('quit'),
      exit: (c) => void calls.push(`exit:${c}`),
    },
    ipcMain: { handle: (ch, l) => void handlers.set(ch, l) },
    screen: { getAllDisplays: () => [{ bounds: { x: 0, y: 0, width: 1280, height: 800 } }] },
    createWindow: (o) => {
      const w = new FakeWindow(o);
      windows.push(w);
      return w;
    },
  };
  return { electron, appListeners, handlers, calls, windows };
}

function config(input: object = {}): LaneConfig {
  const r = resolveLaneConfig({ laneCode: '02', startAtLogin: true, ...input });
  if (!r.ok) throw r.error;
  return r.config;
}

function start(fake: ReturnType<typeof fakeElectron>, cfg = config()) {
  const timers: { fn: () => void; ms: number }[] = [];
  let now = 0;
  const handle = startLaneApp({
    electron: fake.electron,
    config: cfg,
    preloadPath: '/p.cjs',
    resolveEdgeAgentUrl: () => Promise.resolve('http://127.0.0.1:8480/'),
    errorPageUrl: (r) => `data:text/html,${r}`,
    now: () => now,
    setTimeout: (fn, ms) => timers.push({ fn, ms }),
    log: () => {},
  });
  return { handle, timers, setNow: (t: number) => (now = t) };
}

describe('lane app main process', () => {
  it('quits when another instance holds the lock', async () => {
    const fake = fakeElectron({ lock: false });
    const { handle } = start(fake);
    expect((await handle).primary).toBe(false);
    expect(fake.calls).toEqual(['quit']);
    expect(fake.windows).toHaveLength(0);
  });

  it('opens one window on the edge-agent and brings it forward for a second instance', async () => {
    const fake = fakeElectron();
    const h = await start(fake).handle;
    expect(h.primary).toBe(true);
    expect(fake.windows).toHaveLength(1);
    const w = fake.windows[0]!;
    expect(w.loaded).toEqual(['http://127.0.0.1:8480/']);
    expect(fake.calls).toContain('login:true');
    fake.appListeners.get('second-instance')!();
    expect(fake.calls.slice(-2)).toEqual(['restore', 'focus']);
    w.emit('ready-to-show');
    expect(fake.calls).toContain('show');
  });

  it('blocks navigation away from the edge-agent and denies new windows', async () => {
    const fake = fakeElectron();
    await start(fake).handle;
    const w = fake.windows[0]!;
    let prevented = 0;
    w.emit('wc:will-navigate', { preventDefault: () => prevented++ }, 'https://example.com/');
    w.emit('wc:will-navigate', { preventDefault: () => prevented++ }, 'http://127.0.0.1:8480/x');
    expect(prevented).toBe(1);
    const open = w.listeners.get('open') as unknown as (d: { url: string }) => { action: string };
    expect(open({ url: 'https://example.com' })).toEqual({ action: 'deny' });
  });

  it('reloads a crashed renderer after a growing delay, then shows the error page', async () => {
    const fake = fakeElectron();
    const { handle, timers } = start(fake, config({ restart: { maxCrashes: 2 } }));
    await handle;
    const w = fake.windows[0]!;
    w.emit('wc:render-process-gone', {}, { reason: 'crashed', exitCode: 1 });
    w.emit('wc:render-process-gone', {}, { reason: 'oom', exitCode: 1 });
    expect(timers.map((t) => t.ms)).toEqual([1000, 2000]);
    timers[0]!.fn();
    expect(fake.calls).toContain('reload');
    w.emit('wc:render-process-gone', {}, { reason: 'crashed', exitCode: 1 });
    expect(w.loaded.at(-1)).toBe('data:text/html,crashed');
    // A clean exit is not a crash.
    w.emit('wc:render-process-gone', {}, { reason: 'clean-exit', exitCode: 0 });
    expect(timers).toHaveLength(2);
  });

  it('serves only the narrow verbs, validating their arguments', async () => {
    const fake = fakeElectron();
    await start(fake).handle;
    expect([...fake.handlers.keys()].sort()).toEqual(Object.values(LANE_VERBS).sort());
    const info = fake.handlers.get(LANE_VERBS.getLaneInfo)!({});
    expect(info).toMatchObject({ laneCode: '02', edgeAgentUrl: 'http://127.0.0.1:8480/' });
    const set = fake.handlers.get(LANE_VERBS.setStartAtLogin)!;
    expect(set({}, false)).toEqual({ startAtLogin: false });
    expect(() => set({}, 'yes')).toThrow(/setStartAtLogin arguments/);
    fake.handlers.get(LANE_VERBS.restartLane)!({});
    expect(fake.calls.slice(-2)).toEqual(['relaunch', 'exit:0']);
  });

  it('the preload bridge calls exactly those channels and checks what comes back', async () => {
    const seen: unknown[][] = [];
    const bridge = createLaneBridge({
      invoke: (channel, ...args) => {
        seen.push([channel, ...args]);
        if (channel === LANE_VERBS.getLaneInfo) return Promise.resolve({ laneCode: 1 });
        return Promise.resolve({ startAtLogin: true });
      },
    });
    await expect(bridge.getLaneInfo()).rejects.toThrow();
    await expect(bridge.setStartAtLogin(true)).resolves.toEqual({ startAtLogin: true });
    await expect(bridge.setStartAtLogin('x' as unknown as boolean)).rejects.toThrow(TypeError);
    expect(seen).toEqual([[LANE_VERBS.getLaneInfo], [LANE_VERBS.setStartAtLogin, true]]);
  });
});
