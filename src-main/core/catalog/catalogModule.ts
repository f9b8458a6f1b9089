// The catalog as a core module: loads and validates the configured catalog at start (refusing
// to start with every problem named), filters it to this kiosk, and serves Catalog.* (catalogApi.ts).
import type { CoreContext } from '../CoreContext';
import { defineModule } from '../composition/CoreModule';
import { registerCatalogApi } from './catalogApi';
import { CatalogProvider, CatalogProviderId } from './CatalogProvider';
import { CatalogService } from './CatalogService';
import { loadCatalogFile } from './loadCatalogFile';

export function createCatalogService(ctx: Pick<CoreContext, 'config'>): CatalogService {
  const loaded = loadCatalogFile(ctx.config.catalogPath);
  if (!loaded.ok) throw new Error(`the service catalog is invalid (${loaded.error.length} problems):\n  ${loaded.error.join('\n  ')}`);
  return new CatalogService(loaded.value, { level: ctx.config.kiosk.level, regionCode: ctx.config.kiosk.regionCode });
}

export const catalogModule = defineModule({
  name: 'catalog',
  provides: { catalog: CatalogProviderId },
  start(ctx) {
    const log = ctx.log.child('catalog');
    const provider = new CatalogProvider(createCatalogService(ctx), log);
    log.info('catalog.loaded', { version: provider.current.version, ...provider.current.counts, level: provider.place.level, regionCode: provider.place.regionCode });
    registerCatalogApi(ctx, provider);
    return { catalog: provider };
  },
});
