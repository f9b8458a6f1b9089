// Entry of the fuzz benchmark's worker threads: registers tsx in this thread (loader hooks do not
// follow a worker from its parent), then runs the TypeScript worker.
import { register } from 'tsx/esm/api';

register();
await import('./fuzzWorkerMain.ts');
