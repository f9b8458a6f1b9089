// A stand-in for the core in the kill -9 apply test: takes the signed bundle in argv[3] through
// the whole apply (applyFlow.ts). Prints `step N what:step` before each atomic-write step
// completes; with argv[4] = N it prints `at N` and freezes there (the parent kills it). Prints
// `done` when the bundle is applied.
import fs from 'node:fs';
import { applyThrough } from './applyFlow';

const [dataDir, bundleFile, stopAtArg] = process.argv.slice(2);
const stopAt = stopAtArg ? Number(stopAtArg) : undefined;
const frozen = new Int32Array(new SharedArrayBuffer(4));
let steps = 0;

await applyThrough(dataDir!, JSON.parse(fs.readFileSync(bundleFile!, 'utf8')), (step, what) => {
  steps++;
  fs.writeSync(1, `step ${steps} ${what}:${step}\n`);
  if (steps === stopAt) {
    fs.writeSync(1, `at ${steps}\n`);
    // Block the whole process here, mid-write, until the parent's SIGKILL lands.
    Atomics.wait(frozen, 0, 0, 60_000);
  }
});
fs.writeSync(1, 'done\n');
