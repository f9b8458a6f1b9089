// The playback seam of voice guidance (issue #16, item 14): the OS voice through the Web Speech API
// when it has a local voice for the language (Windows ships zh-CN voices), else the clip rendered
// ahead (`assets/voice/<lang>/<key>.ogg`). One prompt at a time: a new one stops the previous one.
// A kiosk without audio stays silent and says nothing about it: the screen carries every prompt.
import type { Language } from '../i18n';
import { QUIET_VOICE_KEYS, type VoiceKey } from '../i18n/voice';

/** What the seam needs of the Web Speech API. */
export type UtteranceLike = Pick<SpeechSynthesisUtterance, 'text' | 'lang' | 'voice' | 'rate' | 'onstart' | 'onend' | 'onerror'>;
export interface SpeechSynthesisLike {
  getVoices(): SpeechSynthesisVoice[];
  speak(utterance: UtteranceLike): void;
  cancel(): void;
}
/** What the seam needs of an `<audio>` element. */
export type AudioLike = Pick<HTMLAudioElement, 'src' | 'play' | 'pause' | 'onplaying' | 'onended' | 'onerror'>;

export interface VoiceEnvironment {
  /** Absent where the browser has no Web Speech API. */
  readonly synthesis?: SpeechSynthesisLike;
  readonly createUtterance: (text: string) => UtteranceLike;
  readonly createAudio: () => AudioLike;
  readonly clipUrl: (language: Language, key: VoiceKey) => string;
}

export interface SpokenPrompt {
  readonly key: VoiceKey;
  readonly language: Language;
  readonly text: string;
}

/** How a prompt is being played. */
export type VoiceRoute = 'speech' | 'clip';

export interface VoicePlayback {
  readonly key: VoiceKey;
  readonly language: Language;
  readonly route: VoiceRoute;
}

/** The rendered clips: Ogg Opus, 16 kHz speech, beside the renderer's index.html. */
export function clipPath(language: Language, key: VoiceKey): string {
  return `voice/${language}/${key}.ogg`;
}

/** Slightly slower than the OS default: the kiosk speaks to people who did not ask to be hurried. */
const SPEECH_RATE = 0.9;

/** Whether an OS voice's BCP 47 tag speaks the kiosk's language: Mandarin in simplified script for zh-CN (never Cantonese or zh-TW), any English for en. */
export function voiceSpeaks(voiceLang: string, language: Language): boolean {
  const tag = voiceLang.toLowerCase().replace(/_/g, '-');
  switch (language) {
    case 'zh-CN':
      return /^(zh|cmn)(-hans)?-cn$/.test(tag) || tag === 'zh-hans' || tag === 'cmn-hans' || tag === 'cmn';
    case 'en':
      return tag === 'en' || tag.startsWith('en-');
  }
}

/**
 * The OS voice for `language`, if the device has one of its own. A network voice (Chrome's "Google
 * 普通话") is never chosen: a village kiosk is offline as often as not, and a prompt must not wait on it.
 */
export function localVoiceFor(synthesis: SpeechSynthesisLike | undefined, language: Language): SpeechSynthesisVoice | undefined {
  let voices: readonly SpeechSynthesisVoice[];
  try {
    voices = synthesis?.getVoices() ?? [];
  } catch {
    return undefined;
  }
  const matching = voices.filter((v) => v.localService && voiceSpeaks(v.lang, language));
  return matching.find((v) => v.default) ?? matching[0];
}

export class VoicePlayer {
  private audio: AudioLike | undefined;
  /** Counts prompts: a late event of a stopped prompt (its `ended`, its error) changes nothing. */
  private generation = 0;
  private playback: VoicePlayback | undefined;
  private readonly listeners = new Set<() => void>();

  constructor(private readonly env: VoiceEnvironment) {
    // Chromium lists the OS voices only after a first ask ('voiceschanged' follows): ask now, so the
    // first prompt of a session already finds them.
    localVoiceFor(env.synthesis, 'zh-CN');
  }

  /** The prompt audible now, if any (set when sound actually starts, cleared when it ends or stops). */
  readonly current = (): VoicePlayback | undefined => this.playback;

  readonly subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  /** Stops whatever is playing and plays `prompt`. Never throws. */
  speak(prompt: SpokenPrompt): void {
    this.stop();
    const generation = this.generation;
    const voice = localVoiceFor(this.env.synthesis, prompt.language);
    if (voice && this.env.synthesis) {
      try {
        const utterance = this.env.createUtterance(prompt.text);
        utterance.voice = voice;
        utterance.lang = voice.lang;
        utterance.rate = SPEECH_RATE;
        utterance.onstart = () => this.started(generation, { key: prompt.key, language: prompt.language, route: 'speech' });
        utterance.onend = () => this.finished(generation);
        // A voice that fails to speak (not a prompt we interrupted ourselves) gives way to the clip.
        utterance.onerror = (event) => {
          if (event.error === 'interrupted' || event.error === 'canceled') this.finished(generation);
          else if (generation === this.generation) this.playClip(prompt, generation);
        };
        this.env.synthesis.speak(utterance);
        return;
      } catch {
        // Fall through to the clip.
      }
    }
    this.playClip(prompt, generation);
  }

  /** Silences the current prompt, whichever route plays it. */
  stop(): void {
    this.generation += 1;
    try {
      this.env.synthesis?.cancel();
    } catch {
      // Nothing was speaking, or speech is gone: silent either way.
    }
    if (this.audio) {
      this.audio.onplaying = null;
      this.audio.onended = null;
      this.audio.onerror = null;
      this.audio.pause();
    }
    this.set(undefined);
  }

  private playClip(prompt: SpokenPrompt, generation: number): void {
    try {
      this.audio ??= this.env.createAudio();
    } catch {
      return; // no media element: the screen still says it all
    }
    const audio = this.audio;
    audio.onplaying = () => this.started(generation, { key: prompt.key, language: prompt.language, route: 'clip' });
    audio.onended = () => this.finished(generation);
    audio.onerror = () => this.finished(generation);
    audio.src = this.env.clipUrl(prompt.language, prompt.key);
    // Refused (no audio device, an autoplay policy) or the clip missing: silent, never an error on screen.
    audio.play().catch(() => this.finished(generation));
  }

  private started(generation: number, playback: VoicePlayback): void {
    if (generation === this.generation) this.set(playback);
  }

  private finished(generation: number): void {
    if (generation === this.generation) this.set(undefined);
  }

  private set(playback: VoicePlayback | undefined): void {
    if (playback === this.playback) return;
    this.playback = playback;
    for (const listener of this.listeners) listener();
  }
}

/** The browser's own speech and audio, where they exist. */
export function browserVoiceEnvironment(): VoiceEnvironment {
  return {
    ...(typeof speechSynthesis !== 'undefined' ? { synthesis: speechSynthesis } : {}),
    createUtterance: (text) => new SpeechSynthesisUtterance(text),
    createAudio: () => new Audio(),
    clipUrl: clipPath,
  };
}

/** What the voice layer is given each render: the prompt on screen and the citizen's settings. */
export interface VoiceSituation {
  /** The app screen or journey step on screen. */
  readonly screen: VoiceKey | undefined;
  /** An overlay above it (the idle warning, the exit confirmation), which speaks instead. */
  readonly overlay: VoiceKey | undefined;
  readonly language: Language;
  readonly elderly: boolean;
  /** Muted for this session: nothing is spoken by itself; 🔊 still reads on demand. */
  readonly muted: boolean;
}

/** What changes in the situation ask of the player. */
export type VoiceAction =
  | { readonly kind: 'none' } // nothing that concerns the voice changed
  | { readonly kind: 'stop' } // the prompt playing no longer matches the screen
  | { readonly kind: 'speak'; readonly key: VoiceKey }; // stop, then speak this prompt by itself

export function promptOnScreen(situation: VoiceSituation): VoiceKey | undefined {
  return situation.overlay ?? situation.screen;
}

/**
 * The rule of automatic speech: in 长辈模式 and not muted, a new step, a new overlay, a language
 * switch or 长辈模式 switched on speaks the prompt on screen; screens nobody asked for (the attract
 * and availability screens) speak only on demand. Any change of prompt stops the previous one, and
 * an overlay going away only stops its own prompt (the step behind it was spoken already).
 */
export function voiceActionFor(previous: VoiceSituation, next: VoiceSituation): VoiceAction {
  const before = promptOnScreen(previous);
  const now = promptOnScreen(next);
  const promptChanged = before !== now || previous.language !== next.language;
  const overlayLeft = previous.overlay !== undefined && next.overlay === undefined && previous.screen === next.screen;
  const turnedOn = next.elderly && !previous.elderly;
  const autoplay = next.elderly && !next.muted && now !== undefined && !QUIET_VOICE_KEYS.has(now);
  if (autoplay && ((promptChanged && !overlayLeft) || turnedOn || (previous.muted && !next.muted))) return { kind: 'speak', key: now };
  if (promptChanged || (next.muted && !previous.muted)) return { kind: 'stop' };
  return { kind: 'none' };
}
