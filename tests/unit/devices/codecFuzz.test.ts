// A short codec fuzz run in `npm test` (the 1,000,000-frame run is `npm run bench -- fuzz`):
// 20,000 generated frames per device codec, and not one decoder may throw or outgrow its bound.
import { describe, expect, it } from 'vitest';
import { FUZZED_CODECS, fuzzCodec } from '../../fuzz/codecFuzz';

const FRAMES_PER_CODEC = 20_000;

describe('codec fuzzing', () => {
  it.each(FUZZED_CODECS)('%s: 20,000 fuzzed frames, no crash', (codec) => {
    const report = fuzzCodec(codec, FRAMES_PER_CODEC, 20261126);
    expect(report.frames).toBe(FRAMES_PER_CODEC);
    expect(report.firstCrash).toBeUndefined();
    expect(report.crashes).toBe(0);
  });
});
