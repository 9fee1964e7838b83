import { parseOrThrow } from '@mendian/protocol';
import { createCrashTracker } from './crash-restart.js';
import type { AppPort, BrowserWindowPort, ElectronMainPort } from './electron-port.js';
import type { LaneConfig } from './lane-config.js';
import { LANE_VERBS, verbArgs, type LaneInfo } from './lane-verbs.js';
import { isAllowedNavigation, laneWindowOptions } from './window-options.js';

/**
 * The lane's main-process behaviour, independent of Electron itself: one instance, one window on
 * the edge-agent's UI, restart after a renderer crash with backoff, the start-at-login option, and
 * the narrow verbs of the preload.
 */

export interface LaneAppDeps {
  electron: ElectronMainPort;
  config: LaneConfig;
  preloadPath: string;
  /** Resolves the UI URL: the configured remote edge-agent, or starts the embedded one. */
  resolveEdgeAgentUrl(config: LaneConfig): Promise<string>;
  /** A page shown when the lane gave up restarting (a file: URL or data: URL). */
  errorPageUrl(reason: string): string;
  now?: () => number;
  setTimeout?: (fn: () => void, ms: number) => unknown;
  log?: (message: string) => void;
}

export interface LaneAppHandle {
  /** False when another instance already runs; this one quit. */
  readonly primary: boolean;
  window(): BrowserWindowPort | null;
  readonly edgeAgentUrl: string | null;
}

function applyStartAtLogin(app: AppPort, enabled: boolean): void {
  // Only write the OS setting when it differs, so a user's manual change is not fought at boot.
  if (app.getLoginItemSettings().openAtLogin !== enabled) {
    app.setLoginItemSettings({ openAtLogin: enabled });
  }
}

export async function startLaneApp(deps: LaneAppDeps): Promise<LaneAppHandle> {
  const { electron, config } = deps;
  const { app } = electron;
  const now = deps.now ?? Date.now;
  const later = deps.setTimeout ?? ((fn: () => void, ms: number) => setTimeout(fn, ms));
  const log = deps.log ?? ((m: string) => console.log(`[lane] ${m}`));
  let win: BrowserWindowPort | null = null;
  let url: string | null = null;

  if (!app.requestSingleInstanceLock()) {
    log('another lane instance is running; quitting');
    app.quit();
    return { primary: false, window: () => null, edgeAgentUrl: null };
  }
  app.on('second-instance', () => {
    if (!win || win.isDestroyed()) return;
    if (win.isMinimized()) win.restore();
    win.focus();
  });
  app.on('window-all-closed', () => app.quit());

  await app.whenReady();
  applyStartAtLogin(app, config.startAtLogin);
  url = await deps.resolveEdgeAgentUrl(config);
  const edgeUrl = url;
  const tracker = createCrashTracker(config.restart);

  electron.ipcMain.handle(LANE_VERBS.getLaneInfo, (_e, ...args): LaneInfo => {
    parseOrThrow(verbArgs.getLaneInfo, args, 'getLaneInfo arguments');
    return {
      laneCode: config.laneCode,
      appVersion: app.getVersion(),
      edgeAgentUrl: edgeUrl,
      kiosk: config.window.kiosk,
      startAtLogin: app.getLoginItemSettings().openAtLogin,
    };
  });
  electron.ipcMain.handle(LANE_VERBS.setStartAtLogin, (_e, ...args) => {
    const [enabled] = parseOrThrow(verbArgs.setStartAtLogin, args, 'setStartAtLogin arguments');
    applyStartAtLogin(app, enabled);
    return { startAtLogin: app.getLoginItemSettings().openAtLogin };
  });
  electron.ipcMain.handle(LANE_VERBS.restartLane, (_e, ...args) => {
    parseOrThrow(verbArgs.restartLane, args, 'restartLane arguments');
    app.relaunch();
    app.exit(0);
  });

  function open(): BrowserWindowPort {
    const displays = electron.screen.getAllDisplays().map((d) => d.bounds);
    const w = electron.createWindow(laneWindowOptions(config, deps.preloadPath, displays));
    w.once('ready-to-show', () => w.show());
    w.on('closed', () => {
      if (win === w) win = null;
    });
    w.webContents.setWindowOpenHandler(() => ({ action: 'deny' }));
    w.webContents.on('will-navigate', (event, target) => {
      if (!isAllowedNavigation(target, edgeUrl)) {
        log(`blocked navigation to ${target}`);
        event.preventDefault();
      }
    });
    w.webContents.on('did-finish-load', () => tracker.started(now()));
    w.webContents.on('render-process-gone', (_event, details) => {
      if (details.reason === 'clean-exit') return;
      const decision = tracker.crashed(now());
      if (decision.action === 'giveUp') {
        log(`renderer crashed ${decision.crashes} times; giving up (${details.reason})`);
        void w.loadURL(deps.errorPageUrl(details.reason));
        return;
      }
      log(
        `renderer gone (${details.reason}); restart ${decision.attempt} in ${decision.delayMs} ms`,
      );
      later(() => {
        if (w.isDestroyed()) return;
        w.webContents.reload();
      }, decision.delayMs);
    });
    void w.loadURL(edgeUrl);
    return w;
  }

  win = open();
  return {
    primary: true,
    window: () => win,
    get edgeAgentUrl() {
      return url;
    },
  };
}
