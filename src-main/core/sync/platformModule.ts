// The central platform as a core module: the signed client every online domain (cases, proofs,
// certificates, QR payments, sync) requires. In the demo profile it first starts the reference
// platform inside the core and provisions this kiosk with it, so `npm start` works out of the box.
import path from 'node:path';
import type { ModuleContext } from '../composition/CoreModule';
import { defineModule } from '../composition/CoreModule';
import type { KioskIdentity } from '../identity/KioskIdentity';
import { KioskIdentityId } from '../storage/storageServices';
import { APP_VERSION } from '../version';
import { describeFailure, PlatformClient, PlatformClientId, provisionKiosk } from './PlatformClient';

export const platformModule = defineModule({
  name: 'platform',
  requires: { identity: KioskIdentityId },
  provides: { platform: PlatformClientId },
  async start(ctx, { identity }) {
    await connectEmbeddedPlatform(ctx, identity);
    return { platform: new PlatformClient({ identity }) };
  },
});

/**
 * Demo profile: starts the reference platform on `sync.embeddedPlatformPort` and provisions this
 * kiosk with it. The platform is loaded with a dynamic import only in this case (a deliberate,
 * demo-only exception to core ↛ platform).
 */
async function connectEmbeddedPlatform(ctx: ModuleContext, identity: KioskIdentity): Promise<void> {
  const port = ctx.config.sync.embeddedPlatformPort;
  if (port === undefined) return;
  if (ctx.config.mode === 'production') throw new Error('production profiles may not embed the reference platform');
  const { createPlatformServer } = await import('../../../platform/server/createPlatformServer');
  const platform = await createPlatformServer({ dataDir: path.join(ctx.dataDir, 'embedded-platform'), port });
  ctx.onStop(() => platform.close());
  const registration = identity.registration();
  if (registration?.platformUrl === platform.url) return;
  const provisioned = await provisionKiosk(identity, platform.url, { code: await platform.createProvisioningCode(), kioskCode: ctx.config.kiosk.code, appVersion: APP_VERSION });
  if (!provisioned.ok) throw new Error(`cannot provision with the embedded platform: ${describeFailure(provisioned.error)}`);
  ctx.log.info('sync.embedded_platform', { url: platform.url, kioskId: provisioned.value.kioskId });
}
