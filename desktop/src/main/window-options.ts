import type { LaneConfig } from './lane-config.js';

/**
 * BrowserWindow options for the lane. Kept as plain data so tests can check the security-relevant
 * settings without Electron: no Node in the renderer, context isolation and the sandbox on, and
 * only the preload's narrow verbs between the page and the main process.
 */
export interface LaneWindowOptions {
  width: number;
  height: number;
  x?: number;
  y?: number;
  kiosk: boolean;
  fullscreen: boolean;
  autoHideMenuBar: boolean;
  backgroundColor: string;
  show: boolean;
  title: string;
  webPreferences: {
    preload: string;
    contextIsolation: true;
    nodeIntegration: false;
    sandbox: true;
    webSecurity: true;
    spellcheck: false;
    /** Keeps timers running when the window is covered, so the scan detector still flushes. */
    backgroundThrottling: false;
  };
}

export interface DisplayBounds {
  x: number;
  y: number;
  width: number;
  height: number;
}

export function laneWindowOptions(
  config: Pick<LaneConfig, 'window' | 'laneCode'>,
  preloadPath: string,
  displays: readonly DisplayBounds[] = [],
): LaneWindowOptions {
  const display = displays[config.window.displayIndex] ?? displays[0];
  const opts: LaneWindowOptions = {
    width: config.window.width,
    height: config.window.height,
    kiosk: config.window.kiosk,
    fullscreen: config.window.kiosk,
    autoHideMenuBar: true,
    backgroundColor: '#0f172a',
    // Shown on 'ready-to-show' so a cashier never sees a white flash at start.
    show: false,
    title: `Mendian 门店 · ${config.laneCode}`,
    webPreferences: {
      preload: preloadPath,
      contextIsolation: true,
      nodeIntegration: false,
      sandbox: true,
      webSecurity: true,
      spellcheck: false,
      backgroundThrottling: false,
    },
  };
  if (display) {
    opts.x = display.x;
    opts.y = display.y;
    if (config.window.kiosk) {
      opts.width = display.width;
      opts.height = display.height;
    }
  }
  return opts;
}

/**
 * The window may show only the edge-agent's own pages: anything else (a link in a product
 * description, a redirect) is refused, so the kiosk cannot be turned into a browser.
 */
export function isAllowedNavigation(target: string, edgeAgentUrl: string): boolean {
  let t: URL;
  let base: URL;
  try {
    t = new URL(target);
    base = new URL(edgeAgentUrl);
  } catch {
    return false;
  }
  return t.origin === base.origin;
}
