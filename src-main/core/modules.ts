// The core's modules, started in this order (later modules may use earlier ones' services)
// and stopped in reverse. One line per domain.
import type { CoreModule } from './CoreContext';

export const coreModules: readonly CoreModule[] = [];
