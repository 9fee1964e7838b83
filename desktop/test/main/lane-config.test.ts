import { describe, expect, it } from 'vitest';
import { parseLaneConfigText, resolveLaneConfig } from '../../src/main/lane-config.js';
import { isAllowedNavigation, laneWindowOptions } from '../../src/main/window-options.js';
import { createCrashTracker } from '../../src/main/crash-restart.js';

describe('lane configuration', () => {
  it('fills every default from an absent file', () => {
    const r = parseLaneConfigText(undefined);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.config.edgeAgent).toEqual({ mode: 'remote', url: 'http://127.0.0.1:8480' });
    expect(r.config.window.kiosk).toBe(true);
    expect(r.config.startAtLogin).toBe(false);
  });

  it('lets the environment override the file', () => {
    const r = resolveLaneConfig(
      { laneCode: '02', window: { kiosk: true } },
      { MENDIAN_LANE: '07', MENDIAN_EDGE_URL: 'http://10.0.0.5:8480', MENDIAN_KIOSK: '0' },
    );
    expect(r.ok && r.config.laneCode).toBe('07');
    expect(r.ok && r.config.edgeAgent).toEqual({ mode: 'remote', url: 'http://10.0.0.5:8480' });
    expect(r.ok && r.config.window.kiosk).toBe(false);
  });

  it('names every bad field at once', () => {
    const r = resolveLaneConfig(
      { laneCode: 'lane one', edgeAgent: { mode: 'remote', url: 'ftp://x' }, colour: 'red' },
      { MENDIAN_KIOSK: 'maybe' },
    );
    expect(r.ok).toBe(false);
    if (r.ok) return;
    const msg = r.error.message;
    expect(msg).toMatch(/MENDIAN_KIOSK/);
    expect(msg).toMatch(/laneCode/);
    expect(msg).toMatch(/edgeAgent\.url/);
    expect(msg).toMatch(/colour/);
  });

  it('refuses a file that is not JSON, saying why', () => {
    const r = parseLaneConfigText('{ laneCode: 01 ');
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.message).toMatch(/is not JSON/);
  });

  it('requires the host configuration for an enabled driver host', () => {
    const r = resolveLaneConfig({ driverHost: { enabled: true } });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.message).toMatch(/driverHost.*needs its host configuration/);
  });
});

describe('lane window', () => {
  const config = resolveLaneConfig({ laneCode: '03', window: { displayIndex: 1 } });
  if (!config.ok) throw config.error;

  it('locks the renderer down and fills the chosen display in kiosk mode', () => {
    const o = laneWindowOptions(config.config, '/app/preload.cjs', [
      { x: 0, y: 0, width: 1920, height: 1080 },
      { x: 1920, y: 0, width: 1024, height: 768 },
    ]);
    expect(o.webPreferences).toMatchObject({
      contextIsolation: true,
      nodeIntegration: false,
      sandbox: true,
      preload: '/app/preload.cjs',
    });
    expect(o).toMatchObject({ kiosk: true, x: 1920, width: 1024, height: 768, show: false });
    expect(o.title).toContain('03');
  });

  it('allows navigation only inside the edge-agent origin', () => {
    expect(isAllowedNavigation('http://10.0.0.5:8480/manager', 'http://10.0.0.5:8480/')).toBe(true);
    expect(isAllowedNavigation('http://10.0.0.5:9999/', 'http://10.0.0.5:8480/')).toBe(false);
    expect(isAllowedNavigation('https://evil.example/', 'http://10.0.0.5:8480/')).toBe(false);
    expect(isAllowedNavigation('not a url', 'http://10.0.0.5:8480/')).toBe(false);
  });
});

describe('restart after a crash', () => {
  const policy = {
    initialDelayMs: 1000,
    maxDelayMs: 8000,
    stableAfterMs: 60_000,
    maxCrashes: 5,
    windowMs: 300_000,
  };

  it('doubles the delay up to the cap', () => {
    const t = createCrashTracker(policy);
    const delays = [0, 1, 2, 3, 4].map((i) => t.crashed(i * 20_000));
    expect(delays.map((d) => (d.action === 'restart' ? d.delayMs : -1))).toEqual([
      1000, 2000, 4000, 8000, 8000,
    ]);
  });

  it('resets the backoff after a stable run', () => {
    const t = createCrashTracker(policy);
    t.crashed(0);
    t.crashed(1000);
    t.started(2000);
    expect(t.crashed(2000 + 60_000)).toEqual({ action: 'restart', delayMs: 1000, attempt: 1 });
  });

  it('gives up after too many crashes inside the window, and forgets old ones', () => {
    const t = createCrashTracker(policy);
    for (let i = 0; i < 5; i++) expect(t.crashed(i).action).toBe('restart');
    expect(t.crashed(5)).toEqual({ action: 'giveUp', crashes: 6, windowMs: 300_000 });
    const u = createCrashTracker(policy);
    for (let i = 0; i < 5; i++) u.crashed(i * 100_000);
    expect(u.crashed(500_000).action).toBe('restart');
  });
});
