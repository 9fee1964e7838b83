// Bundles the Electron preload to one CommonJS file: a sandboxed preload cannot load ES modules.
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

const root = fileURLToPath(new URL('..', import.meta.url));

export default defineConfig({
  resolve: {
    alias: [{ find: /^@mendian\/protocol$/, replacement: `${root}protocol/src/index.ts` }],
  },
  build: {
    outDir: fileURLToPath(new URL('./dist', import.meta.url)),
    emptyOutDir: false,
    lib: {
      entry: fileURLToPath(new URL('./src/main/preload-entry.ts', import.meta.url)),
      formats: ['cjs'],
      fileName: () => 'preload.cjs',
    },
    rollupOptions: { external: ['electron'] },
    target: 'node20',
    minify: false,
  },
});
