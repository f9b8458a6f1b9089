// Voice guidance (issue #16, item 14): how small the committed clips are against the engine's own
// WAV (16-bit mono at espeak-ng's 22,050 Hz, the baseline), and how fast `npm run voice` renders
// a clip against the clip's own length (the real-time factor; below 1 is faster than speech).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ESPEAK_ENGINE, renderClip } from '../../scripts/renderVoice';
import { oggOpusSeconds, VOICE_ASSETS_DIR, wantedClips } from '../../scripts/voiceClips';
import type { BenchFigure } from './types';

/** espeak-ng writes 16-bit mono PCM at 22,050 Hz. */
const ENGINE_WAV_BYTES_PER_SECOND = 22_050 * 2;
/** A sample of prompts to render again: short and long, both languages. */
const RENDER_SAMPLE = 8;

export async function run(): Promise<BenchFigure[]> {
  const clips = wantedClips();
  let bytes = 0;
  let seconds = 0;
  for (const clip of clips) {
    const data = fs.readFileSync(path.join(VOICE_ASSETS_DIR, clip.file));
    bytes += data.length;
    seconds += oggOpusSeconds(data);
  }
  const bytesPerSecond = bytes / seconds;
  const figures: BenchFigure[] = [
    { name: 'clips: speech', value: Math.round(seconds), unit: 's', note: `${clips.length} clips, ${(bytes / 1024).toFixed(0)} KiB committed` },
    {
      name: 'clips: size per second of speech',
      value: Math.round(bytesPerSecond),
      unit: 'B/s',
      target: `engine WAV ${ENGINE_WAV_BYTES_PER_SECOND} B/s`,
      ratio: bytesPerSecond / ENGINE_WAV_BYTES_PER_SECOND,
    },
  ];

  const workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'budayang-voice-bench-'));
  try {
    const sample = clips.filter((_, i) => i % Math.floor(clips.length / RENDER_SAMPLE) === 0).slice(0, RENDER_SAMPLE);
    let renderMs = 0;
    let renderedSeconds = 0;
    for (const clip of sample) {
      const started = process.hrtime.bigint();
      const result = renderClip(clip, ESPEAK_ENGINE, workDir, workDir);
      renderMs += Number(process.hrtime.bigint() - started) / 1e6;
      if (!result.ok) return [...figures, { name: 'render: real-time factor', value: Number.NaN, unit: '', note: result.why }];
      renderedSeconds += oggOpusSeconds(fs.readFileSync(path.join(workDir, clip.file)));
    }
    const factor = renderMs / 1000 / renderedSeconds;
    figures.push({
      name: 'render: espeak-ng + opusenc',
      value: Math.round(renderMs / sample.length),
      unit: 'ms/clip',
      target: 'clip length (real time)',
      ratio: factor,
      note: `${sample.length} clips, ${renderedSeconds.toFixed(1)} s of speech`,
    });
  } finally {
    fs.rmSync(workDir, { recursive: true, force: true });
  }
  return figures;
}
