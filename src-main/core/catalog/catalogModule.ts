// The catalog as a core module: loads and validates the configured catalog at start (refusing
// to start with every problem named), filters it to this kiosk, and answers Catalog.* methods.
import { apiError } from '../../../src-common/api/envelope';
import { err, ok } from '../../../src-common/result';
import type { CoreContext, CoreModule } from '../CoreContext';
import { CatalogProvider } from './CatalogProvider';
import { CatalogService } from './CatalogService';
import { loadCatalogFile } from './loadCatalogFile';

export function createCatalogService(ctx: Pick<CoreContext, 'config'>): CatalogService {
  const loaded = loadCatalogFile(ctx.config.catalogPath);
  if (!loaded.ok) throw new Error(`the service catalog is invalid (${loaded.error.length} problems):\n  ${loaded.error.join('\n  ')}`);
  return new CatalogService(loaded.value, { level: ctx.config.kiosk.level, regionCode: ctx.config.kiosk.regionCode });
}

export const catalogModule: CoreModule = {
  name: 'catalog',
  start(ctx) {
    const log = ctx.log.child('catalog');
    const provider = new CatalogProvider(createCatalogService(ctx), log);
    log.info('catalog.loaded', { version: provider.current.version, ...provider.current.counts, level: provider.place.level, regionCode: provider.place.regionCode });
    ctx.services.catalog = provider;

    ctx.router.register('Catalog.List', async (input) => ok(provider.current.list(input)));
    ctx.router.register('Catalog.Search', async (input) => ok({ results: provider.current.search(input.text, input.limit) }));
    ctx.router.register('Catalog.Item', async (input) => {
      const item = provider.current.item(input.id);
      return item ? ok(item) : err(apiError('invalidData', `no item "${input.id}" is offered at this kiosk`));
    });
    ctx.router.register('Catalog.Bundle', async (input) => {
      const bundle = provider.current.bundle(input.id);
      return bundle ? ok(bundle) : err(apiError('invalidData', `no bundle "${input.id}" is offered at this kiosk`));
    });
    ctx.router.register('Catalog.Related', async (input) => ok(provider.current.related(input.ids)));
  },
};
