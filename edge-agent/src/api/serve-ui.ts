import { existsSync, readFileSync, statSync } from 'node:fs';
import { extname, join, normalize } from 'node:path';
import type { FastifyInstance } from 'fastify';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.map': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
};

/**
 * Serves the built lane UI (desktop/dist/ui, a static Vite build) from the edge-agent's Fastify
 * instance, so any browser or tablet on the store LAN opens the lane at the agent's address:
 * `/` is the app and `/assets/*` its files. Only those two routes, so the API's JSON 404 for
 * unknown paths stays. The agent reads the files from a directory given in configuration and
 * imports nothing of desktop/.
 */
export function serveUi(app: FastifyInstance, dir: string): void {
  if (!existsSync(join(dir, 'index.html'))) {
    throw new Error(`no built UI in ${dir}: run npm run build:ui -w desktop`);
  }
  app.get('/', (_req, reply) =>
    reply.type(TYPES['.html']!).send(readFileSync(join(dir, 'index.html'))),
  );
  app.get('/assets/*', (req, reply) => {
    const rel = normalize((req.params as { '*': string })['*']);
    const file = join(dir, 'assets', rel);
    if (rel.startsWith('..') || !existsSync(file) || !statSync(file).isFile()) {
      return reply.code(404).send({ error: { code: 'NOT_FOUND', message: `no asset ${rel}` } });
    }
    return reply.type(TYPES[extname(file)] ?? 'application/octet-stream').send(readFileSync(file));
  });
}
