// The import-direction check: fails when a workspace imports one it may not (DESIGN.md, "The parts
// and who may import whom"), by package name, by a relative path that climbs into another
// workspace, or by listing it as a dependency.
//
//   protocol  <-  drivers  <-  edge-agent
//   protocol  <-  sync-server      (its tests may start real edge-agents)
//   protocol  <-  desktop renderer (talks to the edge-agent over HTTP/WebSocket only)
//   desktop's Electron main process may also use drivers (lane driver host) and edge-agent
//   (embedded edge-agent for a one-PC store)
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

export const WORKSPACES = ['protocol', 'drivers', 'edge-agent', 'sync-server', 'desktop'];

/** Allowed workspace imports, by workspace and by area inside it ('src' | 'test' | 'bench' | sub-folders). */
export const RULES = {
  protocol: { default: [] },
  drivers: { default: ['protocol'] },
  'edge-agent': { default: ['protocol', 'drivers'] },
  'sync-server': {
    default: ['protocol'],
    test: ['protocol', 'edge-agent', 'drivers'],
    bench: ['protocol', 'edge-agent', 'drivers'],
  },
  desktop: {
    default: ['protocol'],
    'src/main': ['protocol', 'drivers', 'edge-agent'],
    test: ['protocol', 'drivers', 'edge-agent'],
    bench: ['protocol', 'drivers', 'edge-agent'],
  },
};

/**
 * Single modules another workspace may import although the workspace as a whole is off limits.
 * Each must be pure (no imports at all), which the check verifies, so the exception cannot pull
 * hardware code into a browser: the keyboard-wedge burst detector is shared by the drivers and
 * the lane UI.
 */
export const PURE_MODULE_EXCEPTIONS = {
  desktop: ['@mendian/drivers/scanners/wedge-detector'],
};

/** The file a pure-module specifier names, e.g. drivers/src/scanners/wedge-detector.ts. */
function pureModuleFile(root, spec) {
  const m = /^@mendian\/([a-z-]+)\/(.+)$/.exec(spec);
  return m ? join(root, m[1], 'src', `${m[2]}.ts`) : null;
}

const SOURCE_EXT = /\.(ts|tsx|mts|cts|js|mjs|cjs|jsx)$/;
const IMPORT_RE =
  /(?:^|[^.\w$])(?:import|export)\s+(?:type\s+)?(?:[\w*{}\s,$]+\s+from\s+)?['"]([^'"]+)['"]|(?:^|[^.\w$])(?:import|require)\s*\(\s*['"]([^'"]+)['"]\s*\)/gm;

/** The allowed list for a file at `rel` (path inside its workspace, with / separators). */
export function allowedFor(workspace, rel) {
  const rules = RULES[workspace];
  let best = 'default';
  for (const key of Object.keys(rules)) {
    if (key === 'default') continue;
    if (
      (rel === key || rel.startsWith(`${key}/`)) &&
      (best === 'default' || key.length > best.length)
    ) {
      best = key;
    }
  }
  return rules[best];
}

function* walk(dir) {
  for (const name of readdirSync(dir)) {
    if (name === 'node_modules' || name === 'dist' || name.startsWith('.')) continue;
    const full = join(dir, name);
    const st = statSync(full);
    if (st.isDirectory()) yield* walk(full);
    else if (SOURCE_EXT.test(name)) yield full;
  }
}

export function importsOf(text) {
  const out = [];
  // Strip block and line comments so examples in comments do not count.
  const code = text.replace(/\/\*[\s\S]*?\*\//g, '').replace(/(^|[^:'"`])\/\/.*$/gm, '$1');
  for (const m of code.matchAll(IMPORT_RE)) out.push(m[1] ?? m[2]);
  return out;
}

/** Which workspace (if any) an import specifier from `file` points into. */
export function targetWorkspace(root, file, spec) {
  const scoped = /^@mendian\/([a-z-]+)/.exec(spec);
  if (scoped) return scoped[1];
  if (spec.startsWith('.')) {
    const abs = resolve(dirname(file), spec);
    const rel = relative(root, abs);
    if (rel.startsWith('..')) return '(outside the repository)';
    const top = rel.split(sep)[0];
    return WORKSPACES.includes(top) ? top : null;
  }
  return null;
}

/** Returns a list of violations: {file, line, spec, from, to, reason}. */
export function checkImports(root) {
  const violations = [];
  for (const ws of WORKSPACES) {
    const wsDir = join(root, ws);
    let pkg;
    try {
      pkg = JSON.parse(readFileSync(join(wsDir, 'package.json'), 'utf8'));
    } catch {
      continue;
    }
    const anyAllowed = new Set(Object.values(RULES[ws]).flat());
    for (const field of [
      'dependencies',
      'devDependencies',
      'optionalDependencies',
      'peerDependencies',
    ]) {
      for (const dep of Object.keys(pkg[field] ?? {})) {
        const m = /^@mendian\/([a-z-]+)$/.exec(dep);
        if (m && m[1] !== ws && !anyAllowed.has(m[1])) {
          violations.push({
            file: relative(root, join(wsDir, 'package.json')),
            line: 0,
            spec: dep,
            from: ws,
            to: m[1],
            reason: `${ws} must not depend on ${m[1]} (${field})`,
          });
        }
      }
    }
    for (const file of walk(wsDir)) {
      const rel = relative(wsDir, file).split(sep).join('/');
      const allowed = allowedFor(ws, rel);
      const text = readFileSync(file, 'utf8');
      const lines = text.split('\n');
      for (const spec of importsOf(text)) {
        const to = targetWorkspace(root, file, spec);
        if (to === null || to === ws) continue;
        if (allowed.includes(to)) continue;
        if ((PURE_MODULE_EXCEPTIONS[ws] ?? []).includes(spec)) {
          const target = pureModuleFile(root, spec);
          let imports = null;
          try {
            imports = importsOf(readFileSync(target, 'utf8'));
          } catch {
            imports = null;
          }
          if (imports !== null && imports.length === 0) continue;
          violations.push({
            file: relative(root, file),
            line: 0,
            spec,
            from: ws,
            to,
            reason:
              imports === null
                ? `${spec} is listed as a pure module but ${relative(root, target ?? spec)} does not exist`
                : `${spec} may be imported by ${ws} only while it is pure, but it imports ${imports.join(', ')}`,
          });
          continue;
        }
        const line = lines.findIndex((l) => l.includes(`'${spec}'`) || l.includes(`"${spec}"`)) + 1;
        violations.push({
          file: relative(root, file),
          line,
          spec,
          from: ws,
          to,
          reason:
            to === '(outside the repository)'
              ? `${ws} imports a file outside the repository`
              : `${ws}/${rel.split('/')[0]} may import only ${allowed.length ? allowed.join(', ') : 'no other workspace'}, not ${to}`,
        });
      }
    }
  }
  return violations;
}

const isMain = process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url);
if (isMain) {
  const root = resolve(process.argv[2] ?? join(dirname(fileURLToPath(import.meta.url)), '..'));
  const violations = checkImports(root);
  if (violations.length > 0) {
    console.error(`import-direction check failed: ${violations.length} forbidden import(s)`);
    for (const v of violations)
      console.error(`  ${v.file}${v.line ? `:${v.line}` : ''}  '${v.spec}'  ${v.reason}`);
    process.exit(1);
  }
  console.log('import-direction check passed');
}
