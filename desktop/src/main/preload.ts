/**
 * The preload: puts the lane's narrow verbs on window.mendianLane and nothing else. Built to
 * dist/preload.cjs by `npm run build:preload`, because a sandboxed preload cannot be an ES module.
 */
import { LANE_VERBS, laneInfoSchema, type LaneBridge } from './lane-verbs.js';

export interface PreloadElectron {
  contextBridge: { exposeInMainWorld(key: string, api: unknown): void };
  ipcRenderer: { invoke(channel: string, ...args: unknown[]): Promise<unknown> };
}

export function createLaneBridge(ipc: PreloadElectron['ipcRenderer']): LaneBridge {
  return {
    getLaneInfo: async () => laneInfoSchema.parse(await ipc.invoke(LANE_VERBS.getLaneInfo)),
    setStartAtLogin: async (enabled) => {
      if (typeof enabled !== 'boolean') throw new TypeError('enabled must be a boolean');
      const r = (await ipc.invoke(LANE_VERBS.setStartAtLogin, enabled)) as {
        startAtLogin: boolean;
      };
      return { startAtLogin: r.startAtLogin === true };
    },
    restartLane: async () => {
      await ipc.invoke(LANE_VERBS.restartLane);
    },
  };
}

export function installPreload(electron: PreloadElectron): void {
  electron.contextBridge.exposeInMainWorld('mendianLane', createLaneBridge(electron.ipcRenderer));
}
