import type { SampleData } from '../demo/sample-catalog.js';
import type { EdgeDatabase } from './edge-database.js';

/** Writes reference data (as replication from HQ would); existing ids are left as they are. */
export async function seedReferenceData(
  db: EdgeDatabase,
  data: Omit<SampleData, 'pins'>,
): Promise<void> {
  const { rx } = db;
  await rx.stores.bulkInsert([data.store]);
  await rx.categories.bulkInsert(data.categories);
  await rx.products.bulkInsert(data.products);
  await rx.prices.bulkInsert(data.prices);
  await rx.promotions.bulkInsert(data.promotions);
  await rx.staff.bulkInsert(data.staff);
  await rx.members.bulkInsert(data.members);
}
