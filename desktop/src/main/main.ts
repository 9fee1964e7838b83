/**
 * The Electron entry (package "main"). Electron is imported dynamically because it is an optional
 * dependency: on machines without it this file says so and exits instead of failing at import.
 */
import { readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ElectronMainPort } from './electron-port.js';
import { startLaneApp } from './lane-app.js';
import { parseLaneConfigText, type LaneConfig } from './lane-config.js';
import { errorPageDataUrl } from './error-page.js';
import { startLaneDriverHost } from './lane-driver-host.js';

const here = dirname(fileURLToPath(import.meta.url));

async function loadElectron(): Promise<ElectronMainPort | null> {
  try {
    // A computed specifier keeps bundlers and tsc from requiring the optional package.
    const name = 'electron';
    const e = (await import(name)) as {
      app: ElectronMainPort['app'];
      ipcMain: ElectronMainPort['ipcMain'];
      screen: ElectronMainPort['screen'];
      BrowserWindow: new (options: object) => ReturnType<ElectronMainPort['createWindow']>;
    };
    return {
      app: e.app,
      ipcMain: e.ipcMain,
      screen: e.screen,
      createWindow: (options) => new e.BrowserWindow(options),
    };
  } catch {
    return null;
  }
}

async function readConfigText(path: string): Promise<string | undefined> {
  try {
    return await readFile(path, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw e;
  }
}

function resolveEdgeAgentUrl(config: LaneConfig): Promise<string> {
  if (config.edgeAgent.mode === 'remote') return Promise.resolve(config.edgeAgent.url);
  // The edge-agent's HTTP server is not in the repository yet; say so rather than pretend.
  return Promise.reject(
    new Error(
      `embedded edge-agent (data ${config.edgeAgent.dataDir}) is not available in this build; ` +
        'configure edgeAgent.mode "remote" with the store edge-agent URL',
    ),
  );
}

const consoleLogger = {
  debug: () => undefined,
  info: (m: string) => console.log(`[drivers] ${m}`),
  warn: (m: string) => console.warn(`[drivers] ${m}`),
  error: (m: string) => console.error(`[drivers] ${m}`),
};

async function main(): Promise<void> {
  const electron = await loadElectron();
  if (!electron) {
    console.error(
      'Mendian lane: the optional "electron" package is not installed. ' +
        'Open the edge-agent URL in a browser instead, or install electron to run the lane app.',
    );
    process.exitCode = 2;
    return;
  }
  const configPath = process.env.MENDIAN_LANE_CONFIG ?? join(process.cwd(), 'lane.json');
  const parsed = parseLaneConfigText(await readConfigText(configPath), process.env);
  if (!parsed.ok) {
    console.error(`Mendian lane: ${configPath}: ${parsed.error.message}`);
    process.exitCode = 1;
    electron.app.quit();
    return;
  }
  const drivers = await startLaneDriverHost(parsed.config.driverHost, consoleLogger);
  if (!drivers.ok) console.error(`Mendian lane: driver host not started: ${drivers.error.message}`);
  else if (drivers.host) {
    const host = drivers.host;
    console.log(`Mendian lane: driving ${drivers.devices.join(', ')}`);
    electron.app.on('before-quit', () => void host.stop());
  }
  await startLaneApp({
    electron,
    config: parsed.config,
    preloadPath: join(here, '..', '..', 'preload.cjs'),
    resolveEdgeAgentUrl,
    errorPageUrl: errorPageDataUrl,
  });
}

await main();
