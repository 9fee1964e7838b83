/**
 * The ingest writer thread, as source text for `new Worker(source, { eval: true })`: an eval'd
 * CommonJS script runs the same under tsx, vitest and the compiled build, where a .ts worker file
 * would need a loader. It only opens the database, inserts the rows it is sent in one transaction
 * with synchronous=FULL, and answers which of them were duplicates.
 */
export const INGEST_WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.sqlitePath);
const db = new Database(workerData.file);
for (const p of workerData.pragmas) db.pragma(p);
const insert = db.prepare(
  'INSERT OR IGNORE INTO iot_device_events (device, kind, channel, event_id, at, received_at, payload) VALUES (?, ?, ?, ?, ?, ?, ?)'
);
const delayMs = workerData.commitDelayMs || 0;
const commit = db.transaction((rows) => {
  if (delayMs > 0) {
    const until = Date.now() + delayMs;
    while (Date.now() < until) {}
  }
  return rows.map((r) => insert.run(...r).changes === 0);
});
parentPort.on('message', (m) => {
  if (m.type === 'close') {
    db.close();
    parentPort.postMessage({ type: 'closed' });
    return;
  }
  try {
    parentPort.postMessage({ type: 'done', id: m.id, duplicates: commit(m.rows) });
  } catch (e) {
    parentPort.postMessage({ type: 'failed', id: m.id, message: String(e && e.message || e) });
  }
});
parentPort.postMessage({ type: 'ready' });
`;
