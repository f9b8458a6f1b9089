// The demo profile's simulated front camera for 人证核验: when the developer panel picks a face, the
// face check's camera is a canvas painted with that test face instead of the real camera, so the
// demo can show both a passing and a failing check on any machine. The patterns are the reference
// platform's test faces (platform/server/identity/referenceAuthority.ts, REFERENCE_FACES; a unit
// test keeps them equal). Untouched, it is `real`: production never sets it (no panel there).

/** Which face the simulated camera shows, or the real camera. */
export type SimulatedFace = 'real' | 'holder' | 'stranger';

/** 4×4 brightness patterns, row by row: '1' bright, '0' dark. */
export const SIMULATED_FACE_PATTERNS = {
  holder: '0110100111110110', // REFERENCE_FACES.demoResident: the demo residents' photo on record
  stranger: '1001100101101001', // REFERENCE_FACES.stranger: on nobody's card
} as const;

let chosen: SimulatedFace = 'real';

export function simulatedFace(): SimulatedFace {
  return chosen;
}

export function setSimulatedFace(face: SimulatedFace): void {
  chosen = face;
}

const WIDTH = 320;
const HEIGHT = 240;
/** The canvas is repainted this often so the stream keeps delivering frames. */
const REPAINT_MS = 200;

/** A live stream of the face's pattern; its track stops the repainting when stopped. */
export function simulatedFaceStream(face: Exclude<SimulatedFace, 'real'>): MediaStream {
  const canvas = document.createElement('canvas');
  canvas.width = WIDTH;
  canvas.height = HEIGHT;
  const context = canvas.getContext('2d');
  const pattern = SIMULATED_FACE_PATTERNS[face];
  const paint = () => {
    if (!context) return;
    for (let cell = 0; cell < 16; cell++) {
      context.fillStyle = pattern[cell] === '1' ? 'rgb(200,200,200)' : 'rgb(50,50,50)';
      context.fillRect((cell % 4) * (WIDTH / 4), Math.floor(cell / 4) * (HEIGHT / 4), WIDTH / 4, HEIGHT / 4);
    }
  };
  paint();
  const stream = canvas.captureStream(1000 / REPAINT_MS);
  const timer = setInterval(paint, REPAINT_MS);
  for (const track of stream.getTracks()) {
    const stop = track.stop.bind(track);
    track.stop = () => {
      clearInterval(timer);
      stop();
    };
  }
  return stream;
}
