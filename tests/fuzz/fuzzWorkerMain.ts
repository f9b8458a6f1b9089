// Worker thread of the fuzz benchmark: fuzzes one codec and reports progress, so the main thread
// can tell a decoder stuck in a loop (no progress) from a slow one, and terminate it.
import { parentPort, workerData } from 'node:worker_threads';
import { fuzzCodec, type FuzzedCodec } from './codecFuzz';

const { codec, frames, seed } = workerData as { codec: FuzzedCodec; frames: number; seed: number };
const report = fuzzCodec(codec, frames, seed, (done) => parentPort!.postMessage({ kind: 'progress', done }));
parentPort!.postMessage({ kind: 'done', report });
