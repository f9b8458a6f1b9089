// Voice guidance (issue #16, item 14): every screen and journey step has a spoken prompt in Chinese
// and English, none reads out anything the citizen entered, and each has a rendered clip that was
// rendered from the prompt's current text (a changed prompt without `npm run voice` fails here).
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { stepFamilyOf, type StepKey } from '../../../src-renderer/components/journey/stepKeys';
import { VOICE_KEYS, VOICE_PROMPTS, voicePromptText, type VoiceKey, type VoicePrompt } from '../../../src-renderer/i18n/voice';
import { CLIP_LANGUAGES, readManifest, staleReason, textSha256, VOICE_ASSETS_DIR, wantedClips } from '../../../scripts/voiceClips';
import { engineCommand, ESPEAK_ENGINE } from '../../../scripts/renderVoice';

// Compile-time checks (the typecheck fails if these stop being errors):
// @ts-expect-error a prompt table that lacks a step's prompt does not typecheck
const incomplete: { readonly [K in VoiceKey]: VoicePrompt } = { attract: VOICE_PROMPTS.attract };
// @ts-expect-error a screen cannot name a step that is not in the step unions (so it has no prompt)
const unknownStep: StepKey = 'pay-somewhere-new';
void incomplete;
void unknownStep;

describe('the prompt table', () => {
  it('has a Chinese and an English sentence for every key, each a spoken sentence with nothing to fill in', () => {
    expect(VOICE_KEYS.length).toBeGreaterThan(30);
    for (const key of VOICE_KEYS) {
      const prompt = VOICE_PROMPTS[key];
      expect(prompt.zh, key).toMatch(/[\u4e00-\u9fff]/);
      expect(prompt.zh, key).toMatch(/[。？！]$/);
      expect(prompt.en, key).toMatch(/^[A-Z].*[.?!]$/);
      // No interpolation: a prompt never carries a name, an ID number or an amount typed by the citizen.
      expect(`${prompt.zh}${prompt.en}`, key).not.toMatch(/\{\{|\{\w+\}|\d{6,}/);
    }
  });

  it('reads per language', () => {
    expect(voicePromptText('identify', 'zh-CN')).toBe('请将身份证放在读卡区域，读卡时请不要移动。');
    expect(voicePromptText('identify', 'en')).toMatch(/ID card/);
  });

  it('names one prompt per step family: every form page and every material at the camera', () => {
    expect(stepFamilyOf('form-0')).toBe('form');
    expect(stepFamilyOf('form-12')).toBe('form');
    expect(stepFamilyOf('camera-householdRegister')).toBe('camera');
    expect(stepFamilyOf('pay-qr-paymentCode')).toBe('pay-qr-paymentCode');
    expect(stepFamilyOf('proof-result-notIssued')).toBe('proof-result-notIssued');
    for (const key of ['consent', 'identify', 'pay-cash', 'pickup-result-printed', 'query-found'] as const) expect(VOICE_PROMPTS[stepFamilyOf(key)]).toBeDefined();
  });
});

describe('the rendered clips (assets/voice, `npm run voice`)', () => {
  const manifest = readManifest();

  it('has a clip for every prompt in every language, rendered from the prompt as it reads now', () => {
    const wanted = wantedClips();
    expect(wanted).toHaveLength(VOICE_KEYS.length * CLIP_LANGUAGES.length);
    const stale = wanted.filter((clip) => staleReason(clip, manifest) !== undefined).map((clip) => `${clip.language}/${clip.key}: ${staleReason(clip, manifest)}`);
    expect(stale, 'run `npm run voice` after changing a prompt').toEqual([]);
  });

  it('each clip is Ogg Opus with sound in it', () => {
    for (const clip of wantedClips()) {
      const bytes = fs.readFileSync(path.join(VOICE_ASSETS_DIR, clip.file));
      expect(bytes.subarray(0, 4).toString('latin1'), clip.file).toBe('OggS');
      expect(bytes.subarray(28, 36).toString('latin1'), clip.file).toBe('OpusHead');
      // Headers alone are well under 1 KB; even the shortest prompt is over a second of speech.
      expect(bytes.length, clip.file).toBeGreaterThan(2000);
    }
  });

  it('knows a changed prompt from an unchanged one', () => {
    const [clip] = wantedClips();
    expect(clip).toBeDefined();
    if (!clip) return;
    expect(staleReason(clip, manifest)).toBeUndefined();
    expect(staleReason({ ...clip, text: `${clip.text}！`, textSha256: textSha256(`${clip.text}！`) }, manifest)).toBe('textChanged');
    expect(staleReason(clip, { format: 1, clips: {} })).toBe('noEntry');
    expect(staleReason(clip, manifest, path.join(VOICE_ASSETS_DIR, 'nowhere'))).toBe('fileMissing');
  });
});

describe('the engine template', () => {
  it('fills each argument without a shell: the text stays one argument, quotes and all', () => {
    const text = '请点击“我还需要时间”; rm -rf /';
    expect(engineCommand(ESPEAK_ENGINE, { language: 'zh-CN', text }, '/tmp/a.wav')).toEqual(['espeak-ng', '-v', 'cmn', '-s', '150', '-w', '/tmp/a.wav', text]);
    expect(engineCommand('piper --model voices/{lang}.onnx --output_file {out} --text {text}', { language: 'en', text: 'Hello.' }, 'x.wav')).toEqual([
      'piper',
      '--model',
      'voices/en.onnx',
      '--output_file',
      'x.wav',
      '--text',
      'Hello.',
    ]);
  });
});
