/**
 * The slice of Electron the lane uses, as our own interfaces. Electron is an optional dependency
 * (its binary cannot be fetched everywhere), so the logic is written against these and tested
 * with fakes; main.ts hands in the real module when it is installed.
 */
export interface WebContentsPort {
  on(
    event: 'render-process-gone',
    listener: (event: unknown, details: { reason: string; exitCode: number }) => void,
  ): void;
  on(event: 'did-finish-load', listener: () => void): void;
  on(
    event: 'will-navigate',
    listener: (event: { preventDefault(): void }, url: string) => void,
  ): void;
  setWindowOpenHandler(handler: (details: { url: string }) => { action: 'deny' | 'allow' }): void;
  reload(): void;
}

export interface BrowserWindowPort {
  readonly webContents: WebContentsPort;
  loadURL(url: string): Promise<void>;
  loadFile?(path: string): Promise<void>;
  show(): void;
  focus(): void;
  restore(): void;
  isMinimized(): boolean;
  isDestroyed(): boolean;
  destroy(): void;
  once(event: 'ready-to-show', listener: () => void): void;
  on(event: 'closed', listener: () => void): void;
}

export interface AppPort {
  requestSingleInstanceLock(): boolean;
  on(event: 'second-instance', listener: () => void): void;
  on(event: 'window-all-closed', listener: () => void): void;
  on(event: 'before-quit', listener: () => void): void;
  whenReady(): Promise<void>;
  setLoginItemSettings(settings: { openAtLogin: boolean; args?: string[] }): void;
  getLoginItemSettings(): { openAtLogin: boolean };
  getVersion(): string;
  relaunch(): void;
  quit(): void;
  exit(code?: number): void;
}

export interface IpcMainPort {
  handle(channel: string, listener: (event: unknown, ...args: unknown[]) => unknown): void;
}

export interface ScreenPort {
  getAllDisplays(): { bounds: { x: number; y: number; width: number; height: number } }[];
}

export interface ElectronMainPort {
  app: AppPort;
  ipcMain: IpcMainPort;
  screen: ScreenPort;
  createWindow(options: object): BrowserWindowPort;
}
