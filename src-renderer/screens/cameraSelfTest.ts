// The camera's self-test, run where the camera lives: in the renderer, through getUserMedia (the
// core has no camera driver). Two steps, timed here and reported to the core, which keeps them
// with the drivers' runs: `open` (the camera answers) and `frame` (a frame arrives and is not
// blank — a covered lens or a dead sensor gives a flat image).
import type { SelfTestStep } from '../../src-common/api/technician';

/** How long the first frame may take: a USB camera needs up to ~2 s to start streaming. */
const FIRST_FRAME_TIMEOUT_MS = 5000;
/** Luminance spread (0–255) under which a frame counts as blank. */
const BLANK_SPREAD = 8;
/** The frame is judged on a small copy: enough to see an image, cheap to read. */
const PROBE_SIDE_PX = 32;

export interface CameraSelfTest {
  readonly startedAt: string;
  readonly finishedAt: string;
  readonly steps: SelfTestStep[];
}

export async function runCameraSelfTest(): Promise<CameraSelfTest> {
  const startedAt = new Date().toISOString();
  const steps: SelfTestStep[] = [];
  const timed = async (action: string, work: () => Promise<Omit<SelfTestStep, 'action' | 'durationMs'>>) => {
    const began = performance.now();
    const verdict = await work();
    steps.push({ action, durationMs: Math.round(performance.now() - began), ...verdict });
    return verdict.outcome === 'passed';
  };
  let stream: MediaStream | undefined;
  try {
    const opened = await timed('open', async () => {
      if (!navigator.mediaDevices?.getUserMedia) return { outcome: 'failed', detail: 'this renderer has no getUserMedia' };
      try {
        stream = await navigator.mediaDevices.getUserMedia({ video: true, audio: false });
        const settings = stream.getVideoTracks()[0]?.getSettings();
        return { outcome: 'passed', detail: `camera opened${settings?.width ? ` at ${settings.width}x${settings.height}` : ''}` };
      } catch (e) {
        return { outcome: 'failed', detail: `getUserMedia refused: ${(e as Error).name}` };
      }
    });
    if (!opened || !stream) {
      steps.push({ action: 'frame', outcome: 'skipped', durationMs: 0 });
    } else {
      const live = stream;
      await timed('frame', () => judgeFrame(live));
    }
  } finally {
    stream?.getTracks().forEach((track) => track.stop());
  }
  return { startedAt, finishedAt: new Date().toISOString(), steps };
}

async function judgeFrame(stream: MediaStream): Promise<Omit<SelfTestStep, 'action' | 'durationMs'>> {
  const video = document.createElement('video');
  video.muted = true;
  video.playsInline = true;
  video.srcObject = stream;
  try {
    await video.play();
    const deadline = performance.now() + FIRST_FRAME_TIMEOUT_MS;
    while (video.videoWidth === 0 || video.readyState < HTMLMediaElement.HAVE_CURRENT_DATA) {
      if (performance.now() > deadline) return { outcome: 'failed', detail: `no frame within ${FIRST_FRAME_TIMEOUT_MS} ms` };
      await new Promise((resolve) => requestAnimationFrame(resolve));
    }
    const canvas = document.createElement('canvas');
    canvas.width = PROBE_SIDE_PX;
    canvas.height = PROBE_SIDE_PX;
    const context = canvas.getContext('2d', { willReadFrequently: true });
    if (!context) return { outcome: 'failed', detail: 'no 2D canvas to read the frame' };
    context.drawImage(video, 0, 0, PROBE_SIDE_PX, PROBE_SIDE_PX);
    const pixels = context.getImageData(0, 0, PROBE_SIDE_PX, PROBE_SIDE_PX).data;
    let min = 255;
    let max = 0;
    for (let i = 0; i < pixels.length; i += 4) {
      const luminance = 0.299 * pixels[i]! + 0.587 * pixels[i + 1]! + 0.114 * pixels[i + 2]!;
      min = Math.min(min, luminance);
      max = Math.max(max, luminance);
    }
    const size = `${video.videoWidth}x${video.videoHeight}`;
    return max - min < BLANK_SPREAD ? { outcome: 'failed', detail: `frame ${size} is blank (lens covered or sensor dead)` } : { outcome: 'passed', detail: `frame ${size} captured by the renderer` };
  } catch (e) {
    return { outcome: 'failed', detail: `the frame could not be read: ${(e as Error).name}` };
  } finally {
    video.srcObject = null;
  }
}
