// Writes kiosk-config/catalog/catalog.schema.json, the JSON Schema of the catalog file for admin
// tools. Run: npx tsx kiosk-config/catalog/exportJsonSchema.ts (a unit test checks it is current).
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { catalogJsonSchema } from './schema';

export const CATALOG_JSON_SCHEMA_PATH = path.join(path.dirname(fileURLToPath(import.meta.url)), 'catalog.schema.json');

export function renderCatalogJsonSchema(): string {
  return `${JSON.stringify({ title: 'Budayang service catalog', ...catalogJsonSchema() }, null, 2)}\n`;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  fs.writeFileSync(CATALOG_JSON_SCHEMA_PATH, renderCatalogJsonSchema());
}
