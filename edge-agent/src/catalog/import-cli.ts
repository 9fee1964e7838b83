// Imports a store catalog CSV into the edge database:
//   node edge-agent/dist/src/catalog/import-cli.js --data-dir DIR --store-id ULID catalog.csv
import { parseArgs } from 'node:util';
import { openEdgeDatabase } from '../db/edge-database.js';
import { CSV_COLUMNS, importCatalogCsv } from './csv-import.js';

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: { 'data-dir': { type: 'string' }, 'store-id': { type: 'string' } },
});
const file = positionals[0];
if (!file || !values['data-dir'] || !values['store-id']) {
  console.error(
    `usage: import-cli --data-dir DIR --store-id ULID catalog.csv\ncolumns: ${CSV_COLUMNS.join(', ')} (* required)`,
  );
  process.exit(2);
}

function bar(done: number, total: number): string {
  const width = 30;
  const filled = total > 0 ? Math.round((done / total) * width) : 0;
  return `[${'#'.repeat(filled)}${'.'.repeat(width - filled)}]`;
}

const { readFileSync } = await import('node:fs');
const totalLines = readFileSync(file, 'utf8')
  .split('\n')
  .filter((l) => l.trim() !== '').length;
const db = await openEdgeDatabase({ dataDir: values['data-dir'] });
const report = await importCatalogCsv(db, file, {
  storeId: values['store-id'],
  onProgress: (lines, imported, rejected) => {
    process.stderr.write(
      `\r${bar(lines, totalLines)} ${lines}/${totalLines} 行  导入 ${imported}  拒绝 ${rejected}   `,
    );
  },
});
process.stderr.write('\n');
console.log(
  `导入 imported ${report.imported} products in ${(report.ms / 1000).toFixed(1)} s; 新分类 categories created ${report.categoriesCreated}`,
);
if (report.rejected.length) {
  console.log(`拒绝 rejected ${report.rejected.length} rows:`);
  for (const r of report.rejected.slice(0, 200)) console.log(`  line ${r.line}: ${r.reason}`);
  if (report.rejected.length > 200) console.log(`  … and ${report.rejected.length - 200} more`);
}
await db.close();
process.exit(report.rejected.length ? 1 : 0);
