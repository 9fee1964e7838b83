// Builds the cashier and manager UI to dist/ui, which the edge-agent serves as static files.
// Workspace packages resolve to their TypeScript sources, so the UI needs no prior tsc build.
import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

const root = fileURLToPath(new URL('..', import.meta.url));

export default defineConfig({
  root: fileURLToPath(new URL('./src/renderer', import.meta.url)),
  base: './',
  plugins: [react()],
  resolve: {
    alias: [
      { find: /^@mendian\/(protocol|drivers)$/, replacement: `${root}$1/src/index.ts` },
      { find: /^@mendian\/(protocol|drivers)\/(.+)$/, replacement: `${root}$1/src/$2.ts` },
    ],
  },
  build: {
    outDir: fileURLToPath(new URL('./dist/ui', import.meta.url)),
    emptyOutDir: true,
    target: 'chrome110',
    sourcemap: true,
  },
});
