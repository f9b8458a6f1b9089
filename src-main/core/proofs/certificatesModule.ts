// 自助取证 as a core module: needs the platform that knows which certificates are ready, the
// certificate printer, the outbox that records each confirmed print, and 人证核验 before any of it; serves Certificate.*
// (certificatesApi.ts).
import { defineModule } from '../composition/CoreModule';
import { FaceCheckServiceId } from '../faceCheck/FaceCheckService';
import { PrintServiceId } from '../printing/PrintService';
import { KioskDatabaseId, OutboxId } from '../storage/storageServices';
import { PlatformClientId } from '../sync/PlatformClient';
import { registerCertificatesApi } from './certificatesApi';

export const certificatesModule = defineModule({
  name: 'certificates',
  requires: { faceCheck: FaceCheckServiceId, platform: PlatformClientId, printing: PrintServiceId, outbox: OutboxId, db: KioskDatabaseId },
  start(ctx, services) {
    registerCertificatesApi(ctx, services);
  },
});
