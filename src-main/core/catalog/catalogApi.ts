// The Catalog.* API adapter: list, search, one item, one bundle, related items, always from the
// catalog current at the time of the call.
import { apiError } from '../../../src-common/api/envelope';
import { err, ok } from '../../../src-common/result';
import type { CoreContext } from '../CoreContext';
import type { CatalogProvider } from './CatalogProvider';

export function registerCatalogApi(ctx: CoreContext, provider: CatalogProvider): void {
  ctx.router.register('Catalog.List', async (input) => ok(provider.current.list(input)));
  ctx.router.register('Catalog.Search', async (input) => ok({ results: provider.current.search(input.text, input.limit) }));
  ctx.router.register('Catalog.Item', async (input) => {
    const item = provider.current.item(input.id);
    return item ? ok(item) : err(apiError('invalidData', 'notOffered', `no item "${input.id}" is offered at this kiosk`));
  });
  ctx.router.register('Catalog.Bundle', async (input) => {
    const bundle = provider.current.bundle(input.id);
    return bundle ? ok(bundle) : err(apiError('invalidData', 'notOffered', `no bundle "${input.id}" is offered at this kiosk`));
  });
  ctx.router.register('Catalog.Related', async (input) => ok(provider.current.related(input.ids)));
}
