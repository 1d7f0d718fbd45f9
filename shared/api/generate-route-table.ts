/**
 * Writes shared/api/route-table.ts from the manifest: `npx tsx shared/api/generate-route-table.ts` after
 * adding, removing or changing an HTTP route (see route-table-source.ts).
 */
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { ROUTE_TABLE_PATH, routeTableSource } from './route-table-source';

const file = resolve(import.meta.dirname, '../..', ROUTE_TABLE_PATH);
writeFileSync(file, await routeTableSource());
console.log(`wrote ${file}`);
