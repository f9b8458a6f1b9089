// Short prompt tones made with WebAudio: no audio files, nothing to load.
let context: AudioContext | undefined;

export function beep(frequencyHz = 880, durationMs = 160): void {
  try {
    context ??= new AudioContext();
    const osc = context.createOscillator();
    const gain = context.createGain();
    osc.frequency.value = frequencyHz;
    gain.gain.value = 0.15;
    osc.connect(gain).connect(context.destination);
    osc.start();
    osc.stop(context.currentTime + durationMs / 1000);
  } catch {
    // No audio device: the countdown on screen still tells the citizen.
  }
}
