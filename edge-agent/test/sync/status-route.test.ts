import Fastify from 'fastify';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { registerSyncStatusRoute } from '../../src/sync/status-route.js';
import { printSyncStatus } from '../../src/sync/status-cli.js';
import { SyncStatusStore } from '../../src/sync/sync-status.js';

describe('sync status API and CLI view', () => {
  it('serves the status over HTTP and prints it for a terminal', async () => {
    const status = new SyncStatusStore(() => 5_000);
    status.pending('orders', 7);
    status.offline('OFFLINE', 'uplink down', 'orders');
    const app = Fastify();
    registerSyncStatusRoute(app, status);
    await app.listen({ host: '127.0.0.1', port: 0 });
    try {
      const url = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
      const body = await (await fetch(`${url}/api/sync/status`)).json();
      expect(body).toEqual(status.get());
      const lines: string[] = [];
      expect(await printSyncStatus(url, (l) => lines.push(l))).toBe(0);
      expect(lines.join('\n')).toContain('同步: 离线 待上传 7');
      expect(lines.join('\n')).toContain('sync: offline pending 7');
    } finally {
      await app.close();
    }
    const lines: string[] = [];
    expect(await printSyncStatus('http://127.0.0.1:1', (l) => lines.push(l))).toBe(1);
    expect(lines[0]).toMatch(/cannot reach the edge-agent/);
  });
});
