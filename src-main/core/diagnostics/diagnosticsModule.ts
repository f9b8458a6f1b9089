// Diagnostics mode as a core module: needs nothing but the core's facilities (sessions, the
// router's guards); its state and methods are in diagnosticsApi.ts.
import { defineModule } from '../composition/CoreModule';
import { registerDiagnosticsApi } from './diagnosticsApi';

export const diagnosticsModule = defineModule({
  name: 'diagnostics',
  start(ctx) {
    registerDiagnosticsApi(ctx);
  },
});
