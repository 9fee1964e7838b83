// `npm run bench`: runs every <workspace>/bench/*.bench.ts in its own process (so memory figures
// are its own), one after another. `npm run bench -- storage` runs only files whose path matches.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const workspaces = ['protocol', 'drivers', 'edge-agent', 'sync-server', 'desktop'];
const filter = process.argv[2];

const files = workspaces.flatMap((ws) => {
  const dir = join(root, ws, 'bench');
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((f) => f.endsWith('.bench.ts'))
    .sort()
    .map((f) => join(dir, f));
});
const chosen = files.filter((f) => !filter || relative(root, f).includes(filter));
if (chosen.length === 0) {
  console.error(filter ? `no benchmark matches "${filter}"` : 'no benchmarks found');
  process.exit(1);
}
let failed = 0;
for (const file of chosen) {
  console.log(`\n### ${relative(root, file)}`);
  const r = spawnSync(process.execPath, ['--expose-gc', '--import', 'tsx', file], {
    cwd: root,
    stdio: 'inherit',
  });
  if (r.status !== 0) {
    failed++;
    console.error(`benchmark ${relative(root, file)} failed with exit code ${r.status}`);
  }
}
process.exit(failed ? 1 : 0);
