import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DriverError } from '../errors.js';

export interface PtyPair {
  /** The end the driver opens, like /dev/ttyUSB0. */
  hostPath: string;
  /** The end the simulated device opens. */
  devicePath: string;
  close(): Promise<void>;
}

/**
 * Two linked pseudo-terminals from Debian's `socat`: a real serial line in everything but the
 * wire, so the real serialport binding is exercised on both ends.
 */
export async function createPtyPair(timeoutMs = 3000): Promise<PtyPair> {
  const dir = mkdtempSync(join(tmpdir(), 'mendian-pty-'));
  const hostPath = join(dir, 'host');
  const devicePath = join(dir, 'device');
  let child: ChildProcess;
  try {
    child = spawn(
      'socat',
      [`pty,raw,echo=0,link=${hostPath}`, `pty,raw,echo=0,link=${devicePath}`],
      {
        stdio: 'ignore',
      },
    );
  } catch (e) {
    throw new DriverError('TRANSPORT_FAILED', `socat could not start: ${(e as Error).message}`);
  }
  const failed = new Promise<never>((_, reject) => {
    child.once('error', (e) =>
      reject(new DriverError('TRANSPORT_FAILED', `socat: ${e.message} (apt-get install socat)`)),
    );
  });
  const deadline = Date.now() + timeoutMs;
  const ready = (async () => {
    while (!(existsSync(hostPath) && existsSync(devicePath))) {
      if (Date.now() > deadline)
        throw new DriverError('TRANSPORT_TIMEOUT', 'socat did not create the pty pair');
      await new Promise((r) => setTimeout(r, 20));
    }
  })();
  await Promise.race([ready, failed]);
  return {
    hostPath,
    devicePath,
    close: async () => {
      if (child.exitCode === null) {
        const exited = new Promise((r) => child.once('exit', r));
        child.kill('SIGTERM');
        await exited;
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
