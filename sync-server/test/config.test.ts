import { describe, expect, it } from 'vitest';
import { ValidationError } from '@mendian/protocol';
import { loadSyncServerConfig, retentionMs, sqliteFile } from '../src/config.js';

describe('sync-server configuration', () => {
  const token = 'x'.repeat(32);

  it('fills defaults and takes MENDIAN_SYNC_* overrides', () => {
    const c = loadSyncServerConfig(
      { adminToken: token },
      { MENDIAN_SYNC_PORT: '9001', MENDIAN_SYNC_DATA_DIR: '/var/lib/mendian' },
    );
    expect(c).toMatchObject({ backend: 'sqlite', port: 9001, tombstoneRetentionDays: 90 });
    expect(sqliteFile(c)).toBe('/var/lib/mendian/sync.sqlite');
    expect(retentionMs(c)).toBe(90 * 86_400_000);
  });

  it('reports every bad field at once', () => {
    let err: unknown;
    try {
      loadSyncServerConfig({ adminToken: 'short', backend: 'postgres', port: 70000 }, {});
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(ValidationError);
    const paths = (err as ValidationError).issues.map((i) => i.path).sort();
    expect(paths).toEqual(['adminToken', 'port', 'postgresUrl']);
    expect(() => loadSyncServerConfig({ adminToken: token, backend: 'postgres' }, {})).toThrow(
      /postgresUrl/,
    );
  });
});
