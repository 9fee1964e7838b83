// The aedes-persistence conformance suite (abstract.js) is written for node:test, so it runs in
// its own node process: `node --import tsx --test` on this file. persistence-conformance.test.ts
// starts that process from vitest, so the suite is part of `npm test`.
import { createRequire } from 'node:module';
import { test } from 'node:test';
import { SqlitePersistence } from '../../src/broker/sqlite-persistence.js';

const require = createRequire(import.meta.url);
const abstractSuite = require('aedes-persistence/abstract.js') as (opts: {
  test: typeof test;
  persistence: () => SqlitePersistence;
  testAsync: boolean;
}) => void;

abstractSuite({
  test,
  // A fresh in-memory database per test, as the suite expects a clean persistence each time.
  persistence: () => new SqlitePersistence({ path: ':memory:' }),
  testAsync: true,
});
