import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

const root = fileURLToPath(new URL('.', import.meta.url));

// Tests import workspaces by package name; they run against the TypeScript sources, not dist/.
export default defineConfig({
  resolve: {
    alias: [
      { find: /^@mendian\/([a-z-]+)$/, replacement: `${root}$1/src/index.ts` },
      { find: /^@mendian\/([a-z-]+)\/(.+)$/, replacement: `${root}$1/src/$2.ts` },
    ],
  },
  test: {
    include: ['*/test/**/*.test.ts', 'scripts/**/*.test.{ts,mjs}'],
    exclude: ['**/node_modules/**', '**/dist/**'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
    reporters: ['default'],
  },
});
