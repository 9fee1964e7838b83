import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { WORKSPACES, allowedFor, checkImports, importsOf } from './check-imports.mjs';

const script = join(dirname(fileURLToPath(import.meta.url)), 'check-imports.mjs');
const repoRoot = join(dirname(fileURLToPath(import.meta.url)), '..');
let dirs = [];

/** A minimal repository with the five workspaces and the given files. */
function fixture(files) {
  const root = mkdtempSync(join(tmpdir(), 'mendian-imports-'));
  dirs.push(root);
  for (const ws of WORKSPACES) {
    mkdirSync(join(root, ws, 'src'), { recursive: true });
    writeFileSync(join(root, ws, 'package.json'), JSON.stringify({ name: `@mendian/${ws}` }));
  }
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), text);
  }
  return root;
}

function run(root) {
  return spawnSync(process.execPath, [script, root], { encoding: 'utf8' });
}

afterEach(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
  dirs = [];
});

describe('import-direction check', () => {
  it('passes on the real repository', () => {
    const out = execFileSync(process.execPath, [script, repoRoot], { encoding: 'utf8' });
    expect(out).toContain('passed');
  });

  it('passes on allowed imports', () => {
    const root = fixture({
      'drivers/src/a.ts': "import { x } from '@mendian/protocol';\n",
      'edge-agent/src/b.ts':
        "import { y } from '@mendian/drivers';\nimport type { Z } from '@mendian/protocol/money';\n",
      'sync-server/test/c.test.ts': "import { s } from '@mendian/edge-agent/storage';\n",
      'desktop/src/main/host.ts': "import { h } from '@mendian/drivers';\n",
    });
    const r = run(root);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
  });

  it('fails when drivers imports edge-agent', () => {
    const root = fixture({
      'drivers/src/bad.ts': "import { broker } from '@mendian/edge-agent';\n",
    });
    const r = run(root);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain("drivers/src/bad.ts:1  '@mendian/edge-agent'");
    expect(r.stderr).toContain('may import only protocol, not edge-agent');
  });

  it('fails when protocol imports anything of ours, also by a relative path', () => {
    const root = fixture({
      'protocol/src/bad.ts': "export * from '../../drivers/src/index.js';\n",
      'protocol/src/worse.ts': "const m = await import('@mendian/sync-server');\n",
    });
    const r = run(root);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('protocol/src/bad.ts');
    expect(r.stderr).toContain('protocol/src/worse.ts');
    expect(r.stderr).toContain('2 forbidden import(s)');
  });

  it('fails when the desktop renderer reaches into the edge-agent, but not its main process', () => {
    const root = fixture({
      'desktop/src/renderer/App.tsx': "import { db } from '@mendian/edge-agent';\n",
      'desktop/src/main/embedded.ts': "import { start } from '@mendian/edge-agent';\n",
    });
    const v = checkImports(root);
    expect(v.map((x) => x.file)).toEqual(['desktop/src/renderer/App.tsx']);
  });

  it('lets the renderer import the pure wedge detector, and only while it stays pure', () => {
    const spec = '@mendian/drivers/scanners/wedge-detector';
    const pure = fixture({
      'desktop/src/renderer/scan.ts': `import { detect } from '${spec}';\n`,
      'drivers/src/scanners/wedge-detector.ts': 'export function detect() {}\n',
    });
    expect(checkImports(pure)).toEqual([]);
    const impure = fixture({
      'desktop/src/renderer/scan.ts': `import { detect } from '${spec}';\n`,
      'drivers/src/scanners/wedge-detector.ts': "import { SerialPort } from 'serialport';\n",
    });
    const v = checkImports(impure);
    expect(v).toHaveLength(1);
    expect(v[0].reason).toContain('only while it is pure, but it imports serialport');
    const other = fixture({
      'desktop/src/renderer/scan.ts': "import { x } from '@mendian/drivers/scanners/hid-pos';\n",
    });
    expect(checkImports(other)).toHaveLength(1);
  });

  it('fails on a forbidden workspace dependency in package.json', () => {
    const root = fixture({});
    writeFileSync(
      join(root, 'protocol', 'package.json'),
      JSON.stringify({ name: '@mendian/protocol', dependencies: { '@mendian/drivers': '0.1.0' } }),
    );
    const v = checkImports(root);
    expect(v).toHaveLength(1);
    expect(v[0].reason).toContain('protocol must not depend on drivers');
  });

  it('ignores imports that appear only in comments', () => {
    expect(importsOf("// import x from '@mendian/edge-agent'\n/* import y from 'z' */\n")).toEqual(
      [],
    );
    expect(
      importsOf("import a from 'a';\nexport { b } from \"b\";\nconst c = require('c');\n"),
    ).toEqual(['a', 'b', 'c']);
  });

  it('chooses the most specific area rule', () => {
    expect(allowedFor('desktop', 'src/main/x.ts')).toContain('edge-agent');
    expect(allowedFor('desktop', 'src/renderer/x.ts')).toEqual(['protocol']);
    expect(allowedFor('sync-server', 'test/x.test.ts')).toContain('edge-agent');
    expect(allowedFor('sync-server', 'src/x.ts')).toEqual(['protocol']);
  });
});
