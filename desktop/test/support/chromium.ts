import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';

/** Debian's Chromium; `.ci/run` installs it. */
export const CHROMIUM_PATH = process.env.MENDIAN_CHROMIUM ?? '/usr/bin/chromium';

export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** Why Chromium cannot run here, or null when it can. */
export function chromiumUnavailable(): string | null {
  return existsSync(CHROMIUM_PATH)
    ? null
    : `Chromium not found at ${CHROMIUM_PATH} (apt-get install chromium, or set MENDIAN_CHROMIUM)`;
}

export interface Browser {
  context: BrowserContext;
  page: Page;
  /** Uncaught page errors and console errors seen so far: a test fails on any of them. */
  errors: string[];
  close(): Promise<void>;
}

/** Launches Chromium with a new, empty profile directory that is removed on close. */
export async function launchChromium(viewport = { width: 1366, height: 768 }): Promise<Browser> {
  const profile = mkdtempSync(join(tmpdir(), 'mendian-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: CHROMIUM_ARGS,
    viewport,
    locale: 'zh-CN',
  });
  const page = context.pages()[0] ?? (await context.newPage());
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
  page.on('console', (m) => {
    // An HTTP error status is an answer the UI handles (e.g. 409 NO_SHIFT before a shift is
    // open); Chromium logs it as a console error, so it is not counted as a page error.
    if (m.type() === 'error' && !m.text().startsWith('Failed to load resource')) {
      errors.push(`console: ${m.text()}`);
    }
  });
  return {
    context,
    page,
    errors,
    close: async () => {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

/**
 * Types a code the way a keyboard-wedge scanner does: every character a few ms apart, then the
 * Enter suffix most scanners are set to send.
 */
export async function wedgeScan(page: Page, code: string, gapMs = 4): Promise<void> {
  await page.keyboard.type(code, { delay: gapMs });
  await page.keyboard.press('Enter');
}
