// Holds the catalog the kiosk serves now and swaps in a newer one (e.g. pulled from the platform
// by the sync engine) only after it validates; a refused catalog leaves the current one serving.
import type { AdminLevel } from '../../../src-common/api/catalog';
import { parseCatalog } from '../../../kiosk-config/catalog/schema';
import { err, ok, type Result } from '../../../src-common/result';
import type { Logger } from '../../../src-common/logging';
import { CatalogService } from './CatalogService';
import type { KioskPlace } from './offerRule';
import { serviceId } from '../composition/serviceId';

export class CatalogProvider {
  private service: CatalogService;

  constructor(
    initial: CatalogService,
    private readonly log: Logger,
  ) {
    this.service = initial;
  }

  /** The catalog to answer from; read it per request so a swap takes effect at once. */
  get current(): CatalogService {
    return this.service;
  }

  get place(): { level: AdminLevel; regionCode: string } {
    return this.service.place;
  }

  /** Validates a catalog document (parsed JSON) and serves it; refuses it with every problem named. */
  replace(raw: unknown, place: KioskPlace = this.service.place): Result<{ version: string; items: number; bundles: number }, string[]> {
    const parsed = parseCatalog(raw);
    if (!parsed.ok) {
      this.log.warn('catalog.replace_refused', { problems: parsed.error.length, first: parsed.error[0] });
      return err(parsed.error);
    }
    const next = new CatalogService(parsed.value, place);
    const previous = this.service.version;
    this.service = next;
    this.log.info('catalog.replaced', { previous, version: next.version, ...next.counts });
    return ok({ version: next.version, ...next.counts });
  }
}

/** The service catalog this kiosk offers (catalog module): `current` to read, `replace` for a pulled catalog. */
export const CatalogProviderId = serviceId<CatalogProvider>('catalog');
