import { fileURLToPath } from 'node:url';

export const UI_DIR = fileURLToPath(new URL('../../dist/ui', import.meta.url));

/** Builds the UI from the current sources with the same Vite config as `npm run build:ui`. */
export async function buildUi(): Promise<string> {
  const { build } = await import('vite');
  await build({
    configFile: fileURLToPath(new URL('../../vite.config.mjs', import.meta.url)),
    logLevel: 'warn',
  });
  return UI_DIR;
}
