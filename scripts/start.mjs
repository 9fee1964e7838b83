// `npm start`: runs the demo store. It starts what exists today and says plainly what does not.
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const demo = join(root, 'edge-agent', 'dist', 'src', 'demo', 'main.js');

if (existsSync(demo)) {
  await import(demo);
} else {
  console.log(
    [
      'Mendian 门店 — demo store',
      '',
      'The demo store (edge-agent with a sample catalog, device simulators and the cashier UI)',
      'is not built yet: it arrives with the selling and desktop issues.',
      'What exists now: the protocol contracts, and the parts listed in README.md.',
      'Run `npm test` to check them all.',
    ].join('\n'),
  );
}
