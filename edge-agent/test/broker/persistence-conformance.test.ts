import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const suite = fileURLToPath(new URL('./persistence-conformance.node.ts', import.meta.url));

describe('SqlitePersistence conformance (aedes-persistence abstract.js)', () => {
  it('passes every test of the suite aedes ships for persistences', () => {
    // node:test in a child process: abstract.js needs node:test's `t.plan` and `t.assert`.
    const r = spawnSync(process.execPath, ['--import', 'tsx', '--test', suite], {
      encoding: 'utf8',
      timeout: 60_000,
    });
    const out = `${r.stdout}\n${r.stderr}`;
    const count = (label: string): number =>
      Number(new RegExp(`^# ${label} (\\d+)$`, 'm').exec(out)?.[1] ?? NaN);
    if (r.status !== 0) console.error(out.split('\n').filter((l) => /not ok|error/i.test(l)));
    expect(count('fail')).toBe(0);
    // The suite has 50 tests in aedes-persistence 11; fewer would mean it did not really run.
    expect(count('pass')).toBeGreaterThanOrEqual(50);
    expect(r.status).toBe(0);
  });
});
