// The voice playback seam (issue #16, item 14): the OS voice when it has a local one for the
// language, the rendered clip otherwise; one prompt at a time; silence, never an error, without
// audio; and the rule of when a screen speaks by itself.
import { describe, expect, it } from 'vitest';
import { localVoiceFor, voiceActionFor, VoicePlayer, voiceSpeaks, type AudioLike, type SpeechSynthesisLike, type UtteranceLike, type VoiceEnvironment, type VoiceSituation } from '../../../src-renderer/app/voice';

function voice(lang: string, options: { localService?: boolean; default?: boolean } = {}): SpeechSynthesisVoice {
  return { lang, name: `voice ${lang}`, voiceURI: lang, localService: options.localService ?? true, default: options.default ?? false };
}

/** A Web Speech API that records what it was asked and lets the test fire the utterance's events. */
class FakeSynthesis implements SpeechSynthesisLike {
  readonly spoken: UtteranceLike[] = [];
  cancels = 0;
  constructor(private readonly voices: SpeechSynthesisVoice[]) {}
  getVoices(): SpeechSynthesisVoice[] {
    return this.voices;
  }
  speak(utterance: UtteranceLike): void {
    this.spoken.push(utterance);
  }
  cancel(): void {
    this.cancels += 1;
  }
}

function utterance(text: string): UtteranceLike {
  return { text, lang: '', voice: null, rate: 1, onstart: null, onend: null, onerror: null };
}

function fire<K extends 'onstart' | 'onend' | 'onerror'>(u: UtteranceLike, handler: K, error?: string): void {
  const event = { error } as unknown as SpeechSynthesisErrorEvent;
  (u[handler] as ((this: SpeechSynthesisUtterance, e: SpeechSynthesisErrorEvent) => void) | null)?.call(u as SpeechSynthesisUtterance, event);
}

/** An `<audio>` element whose playback the test drives: `play()` resolves or rejects as told. */
class FakeAudio implements AudioLike {
  src = '';
  paused = true;
  plays: string[] = [];
  refuse = false;
  onplaying: AudioLike['onplaying'] = null;
  onended: AudioLike['onended'] = null;
  onerror: AudioLike['onerror'] = null;
  play(): Promise<void> {
    this.plays.push(this.src);
    if (this.refuse) return Promise.reject(new DOMException('no audio device', 'NotAllowedError'));
    this.paused = false;
    return Promise.resolve();
  }
  pause(): void {
    this.paused = true;
  }
  emit(name: 'onplaying' | 'onended' | 'onerror'): void {
    const handler = this[name] as ((this: unknown, e: Event) => void) | null;
    handler?.call(this, new Event(name.slice(2)));
  }
}

function setup(voices: SpeechSynthesisVoice[] | undefined) {
  const synthesis = voices ? new FakeSynthesis(voices) : undefined;
  const audio = new FakeAudio();
  const env: VoiceEnvironment = {
    ...(synthesis ? { synthesis } : {}),
    createUtterance: utterance,
    createAudio: () => audio,
    clipUrl: (language, key) => `voice/${language}/${key}.ogg`,
  };
  return { player: new VoicePlayer(env), synthesis, audio };
}

const home = { key: 'home', language: 'zh-CN', text: '请选择要办理的业务。' } as const;
const identify = { key: 'identify', language: 'zh-CN', text: '请将身份证放在读卡区域。' } as const;

describe('choosing the route', () => {
  it('speaks with the OS voice when it has a local voice for the language', () => {
    const { player, synthesis, audio } = setup([voice('en-US'), voice('zh-CN')]);
    player.speak(home);
    expect(synthesis?.spoken).toHaveLength(1);
    const u = synthesis!.spoken[0]!;
    expect(u.text).toBe(home.text);
    expect(u.voice?.lang).toBe('zh-CN');
    expect(u.lang).toBe('zh-CN');
    expect(audio.plays).toEqual([]);
    expect(player.current()).toBeUndefined();
    fire(u, 'onstart');
    expect(player.current()).toEqual({ key: 'home', language: 'zh-CN', route: 'speech' });
    fire(u, 'onend');
    expect(player.current()).toBeUndefined();
  });

  it('plays the rendered clip when the OS has no voice for the language', () => {
    const { player, synthesis, audio } = setup([voice('en-US')]);
    player.speak(home);
    expect(synthesis?.spoken).toEqual([]);
    expect(audio.plays).toEqual(['voice/zh-CN/home.ogg']);
    audio.emit('onplaying');
    expect(player.current()).toEqual({ key: 'home', language: 'zh-CN', route: 'clip' });
    audio.emit('onended');
    expect(player.current()).toBeUndefined();
  });

  it('plays the clip where the browser has no Web Speech API at all', () => {
    const { player, audio } = setup(undefined);
    player.speak({ ...home, language: 'en' });
    expect(audio.plays).toEqual(['voice/en/home.ogg']);
  });

  it('never takes a network voice (offline kiosk), nor Cantonese or Taiwanese Mandarin for zh-CN', () => {
    const { player, synthesis, audio } = setup([voice('zh-CN', { localService: false }), voice('zh-HK'), voice('zh-TW'), voice('yue-HK')]);
    player.speak(home);
    expect(synthesis?.spoken).toEqual([]);
    expect(audio.plays).toEqual(['voice/zh-CN/home.ogg']);
  });

  it('recognises the tags OS voices use for Mandarin and English, and prefers the default voice', () => {
    for (const tag of ['zh-CN', 'zh_CN', 'cmn-Hans-CN', 'zh-Hans-CN', 'cmn']) expect(voiceSpeaks(tag, 'zh-CN'), tag).toBe(true);
    for (const tag of ['zh-TW', 'zh-HK', 'yue', 'ja-JP', 'en-US']) expect(voiceSpeaks(tag, 'zh-CN'), tag).toBe(false);
    for (const tag of ['en', 'en-US', 'en_GB']) expect(voiceSpeaks(tag, 'en'), tag).toBe(true);
    expect(voiceSpeaks('zh-CN', 'en')).toBe(false);
    const synthesis = new FakeSynthesis([voice('zh-CN'), voice('cmn-Hans-CN', { default: true })]);
    expect(localVoiceFor(synthesis, 'zh-CN')?.lang).toBe('cmn-Hans-CN');
  });

  it('falls back to the clip when the OS voice fails to speak', () => {
    const { player, synthesis, audio } = setup([voice('zh-CN')]);
    player.speak(home);
    fire(synthesis!.spoken[0]!, 'onerror', 'synthesis-failed');
    expect(audio.plays).toEqual(['voice/zh-CN/home.ogg']);
  });
});

describe('one prompt at a time', () => {
  it('a new prompt stops the clip playing; the old clip’s late end does not silence the new one', () => {
    const { player, audio } = setup([]);
    player.speak(home);
    audio.emit('onplaying');
    const oldEnded = audio.onended;
    player.speak(identify);
    expect(audio.plays).toEqual(['voice/zh-CN/home.ogg', 'voice/zh-CN/identify.ogg']);
    audio.emit('onplaying');
    expect(player.current()?.key).toBe('identify');
    (oldEnded as ((this: unknown, e: Event) => void) | null)?.call(audio, new Event('ended'));
    expect(player.current()?.key).toBe('identify');
  });

  it('a new prompt cancels the OS voice first; the cancelled utterance’s interruption changes nothing', () => {
    const { player, synthesis } = setup([voice('zh-CN')]);
    player.speak(home);
    const first = synthesis!.spoken[0]!;
    fire(first, 'onstart');
    const cancelsBefore = synthesis!.cancels;
    player.speak(identify);
    expect(synthesis!.cancels).toBe(cancelsBefore + 1);
    const second = synthesis!.spoken[1]!;
    fire(second, 'onstart');
    fire(first, 'onerror', 'interrupted');
    expect(player.current()?.key).toBe('identify');
  });

  it('stop silences it and tells its listeners', () => {
    const { player, audio } = setup([]);
    const seen: Array<string | undefined> = [];
    player.subscribe(() => seen.push(player.current()?.key));
    player.speak(home);
    audio.emit('onplaying');
    player.stop();
    expect(audio.paused).toBe(true);
    expect(seen).toEqual(['home', undefined]);
  });
});

describe('no audio', () => {
  it('a refused play() (no device, autoplay policy) leaves it silent without throwing', async () => {
    const { player, audio } = setup([]);
    audio.refuse = true;
    expect(() => player.speak(home)).not.toThrow();
    await Promise.resolve();
    expect(player.current()).toBeUndefined();
  });

  it('a missing clip (the media error) leaves it silent', () => {
    const { player, audio } = setup([]);
    player.speak(home);
    audio.emit('onerror');
    expect(player.current()).toBeUndefined();
  });

  it('no media element and a broken speech engine: still no throw', () => {
    const player = new VoicePlayer({
      synthesis: {
        getVoices: () => {
          throw new Error('speech-dispatcher gone');
        },
        speak: () => undefined,
        cancel: () => {
          throw new Error('speech-dispatcher gone');
        },
      },
      createUtterance: utterance,
      createAudio: () => {
        throw new Error('no Audio');
      },
      clipUrl: () => 'x',
    });
    expect(() => player.speak(home)).not.toThrow();
    expect(() => player.stop()).not.toThrow();
  });
});

describe('when a screen speaks by itself', () => {
  const base: VoiceSituation = { screen: 'home', overlay: undefined, language: 'zh-CN', elderly: true, muted: false };

  it('in 长辈模式, a new step speaks its prompt; outside it, a new step only stops the old one', () => {
    expect(voiceActionFor(base, { ...base, screen: 'identify' })).toEqual({ kind: 'speak', key: 'identify' });
    expect(voiceActionFor({ ...base, elderly: false }, { ...base, elderly: false, screen: 'identify' })).toEqual({ kind: 'stop' });
    expect(voiceActionFor(base, base)).toEqual({ kind: 'none' });
  });

  it('muted for the session: nothing by itself, and muting stops what plays; unmuting speaks the screen', () => {
    const muted = { ...base, muted: true };
    expect(voiceActionFor(muted, { ...muted, screen: 'identify' })).toEqual({ kind: 'stop' });
    expect(voiceActionFor(base, muted)).toEqual({ kind: 'stop' });
    expect(voiceActionFor(muted, base)).toEqual({ kind: 'speak', key: 'home' });
  });

  it('an overlay speaks over its step; when it goes, its prompt stops and the step is not repeated', () => {
    const warned = { ...base, screen: 'form' as const, overlay: 'idleWarning' as const };
    expect(voiceActionFor({ ...base, screen: 'form' }, warned)).toEqual({ kind: 'speak', key: 'idleWarning' });
    expect(voiceActionFor(warned, { ...warned, overlay: undefined })).toEqual({ kind: 'stop' });
  });

  it('a language switch or 长辈模式 switched on speaks the screen again', () => {
    expect(voiceActionFor(base, { ...base, language: 'en' })).toEqual({ kind: 'speak', key: 'home' });
    expect(voiceActionFor({ ...base, elderly: false }, base)).toEqual({ kind: 'speak', key: 'home' });
  });

  it('the attract and availability screens speak only when asked', () => {
    for (const quiet of ['attract', 'closed', 'maintenance', 'outOfService'] as const) {
      expect(voiceActionFor({ ...base, screen: undefined }, { ...base, screen: quiet }), quiet).toEqual({ kind: 'stop' });
    }
    expect(voiceActionFor({ ...base, screen: 'attract' }, { ...base, screen: 'home' })).toEqual({ kind: 'speak', key: 'home' });
  });
});
