// Codec fuzzing at scale (issue 10 item 9): 1,000,000 fast-check frames per device codec (SAM,
// SSP, ESC/POS status, scanner), each codec in its own worker thread under a watchdog. A crash is
// an exception escaping a decoder or a reader outgrowing its bound; a hang is a worker that
// reports no progress for HANG_AFTER_MS. `npm run bench -- fuzz`; FUZZ_FRAMES overrides the count.
import { Worker } from 'node:worker_threads';
import { FUZZED_CODECS, type FuzzedCodec, type FuzzReport } from '../fuzz/codecFuzz';
import type { BenchFigure } from './types';

const FRAMES = Number(process.env.FUZZ_FRAMES ?? 1_000_000);
const SEED = 20261126;
/** No progress report (one per 10,000 frames) for this long means a decoder is stuck. */
const HANG_AFTER_MS = 30_000;

type Outcome = { readonly kind: 'done'; readonly report: FuzzReport } | { readonly kind: 'hung'; readonly framesBefore: number } | { readonly kind: 'failed'; readonly error: string };

function fuzzInWorker(codec: FuzzedCodec): Promise<Outcome> {
  return new Promise((resolve) => {
    const worker = new Worker(new URL('../fuzz/fuzzWorker.mjs', import.meta.url), { workerData: { codec, frames: FRAMES, seed: SEED } });
    let done = 0;
    let watchdog = setTimeout(() => void hang(), HANG_AFTER_MS);
    const hang = async () => {
      await worker.terminate();
      resolve({ kind: 'hung', framesBefore: done });
    };
    worker.on('message', (message: { kind: 'progress'; done: number } | { kind: 'done'; report: FuzzReport }) => {
      clearTimeout(watchdog);
      if (message.kind === 'progress') {
        done = message.done;
        watchdog = setTimeout(() => void hang(), HANG_AFTER_MS);
        return;
      }
      resolve({ kind: 'done', report: message.report });
      void worker.terminate();
    });
    worker.on('error', (error) => {
      clearTimeout(watchdog);
      resolve({ kind: 'failed', error: error.message });
    });
  });
}

export async function run(): Promise<BenchFigure[]> {
  const figures: BenchFigure[] = [];
  // One codec at a time: the machine is shared, and frames/s should not depend on the others.
  for (const codec of FUZZED_CODECS) {
    const outcome = await fuzzInWorker(codec);
    switch (outcome.kind) {
      case 'done': {
        const { report } = outcome;
        const perSecond = Math.round(report.frames / (report.elapsedMs / 1000));
        figures.push({
          name: `fuzz ${codec}: ${report.frames.toLocaleString('en')} frames → ${report.crashes} crashes, 0 hangs`,
          value: perSecond,
          unit: 'frames/s',
          target: '0 crashes, 0 hangs',
          note: report.firstCrash ? `first crash: ${report.firstCrash.error.split('\n')[0]} on ${report.firstCrash.input.slice(0, 64)}…` : `slowest frame ${report.slowestFrameMs.toFixed(1)} ms`,
        });
        break;
      }
      case 'hung':
        figures.push({ name: `fuzz ${codec}: HANG after ${outcome.framesBefore.toLocaleString('en')} frames`, value: NaN, unit: 'frames/s', target: '0 crashes, 0 hangs', note: `no progress for ${HANG_AFTER_MS} ms after ${outcome.framesBefore} frames` });
        break;
      case 'failed':
        figures.push({ name: `fuzz ${codec}: worker failed`, value: NaN, unit: '', note: outcome.error });
        break;
    }
  }
  return figures;
}
