// Case progress queries (自助查询) as a core module: needs the platform client; serves Case.Query
// (casesApi.ts).
import { defineModule } from '../composition/CoreModule';
import { PlatformClientId } from '../sync/PlatformClient';
import { registerCasesApi } from './casesApi';

export const casesModule = defineModule({
  name: 'cases',
  requires: { platform: PlatformClientId },
  start(ctx, { platform }) {
    registerCasesApi(ctx, platform);
  },
});
