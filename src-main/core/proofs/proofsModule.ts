// 自助打印证明 as a core module: needs the platform that issues proofs and the print service that
// prints them on A4; serves Proof.Issue and Proof.Print (proofsApi.ts).
import { defineModule } from '../composition/CoreModule';
import { PrintServiceId } from '../printing/PrintService';
import { PlatformClientId } from '../sync/PlatformClient';
import { registerProofsApi } from './proofsApi';

export const proofsModule = defineModule({
  name: 'proofs',
  requires: { platform: PlatformClientId, printing: PrintServiceId },
  start(ctx, { platform, printing }) {
    registerProofsApi(ctx, platform, printing);
  },
});
