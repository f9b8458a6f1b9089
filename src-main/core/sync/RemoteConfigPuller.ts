// Pulls the signed bundle of one kind (GET /v1/bundles/{kind}) with its ETag, so an unchanged
// bundle costs a 304. It only fetches: verifying, staging and applying belong to the fleet domain
// (src-main/core/fleet/BundleApplier.ts, docs/fleet.md).
import type { BundleKind } from '../../../src-common/wire/bundle';
import { describeFailure, type PlatformClient, type PlatformFailure } from './PlatformClient';

/** What one pull brought. */
export type BundlePull =
  // the ETag still matches: nothing new
  | { readonly kind: 'unchanged' }
  // the platform has no bundle of this kind for this kiosk
  | { readonly kind: 'none' }
  // a bundle (not yet verified: any JSON) and its ETag
  | { readonly kind: 'bundle'; readonly raw: unknown; readonly etag: string | null }
  // no answer, or an error answer
  | { readonly kind: 'failed'; readonly failure: PlatformFailure; readonly detail: string };

export class RemoteConfigPuller {
  constructor(private readonly client: PlatformClient) {}

  async pull(bundleKind: BundleKind, etag: string | null): Promise<BundlePull> {
    const answer = await this.client.pullBundle(bundleKind, etag ?? undefined);
    if (!answer.ok) {
      if (answer.error.kind === 'http' && answer.error.status === 404) return { kind: 'none' };
      return { kind: 'failed', failure: answer.error, detail: describeFailure(answer.error) };
    }
    if (!answer.value) return { kind: 'unchanged' };
    return { kind: 'bundle', raw: answer.value.bundle, etag: answer.value.etag };
  }
}
