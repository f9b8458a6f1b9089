// The pre-rendered voice clips (issue #16, item 14): where they live, the manifest that says which
// text each was rendered from and by which engine, and the hash that ties a clip to its prompt.
// Shared by `scripts/renderVoice.ts` (writes them) and the unit test that a clip exists for every
// prompt and still says what the prompt says.
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { clipPath } from '../src-renderer/app/voice';
import type { Language } from '../src-renderer/i18n';
import { VOICE_KEYS, voicePromptText, type VoiceKey } from '../src-renderer/i18n/voice';

export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
/** `assets/voice/<lang>/<key>.ogg` and `assets/voice/manifest.json`, committed; the build copies the clips beside the renderer. */
export const VOICE_ASSETS_DIR = path.join(REPO_ROOT, 'assets', 'voice');
export const MANIFEST_FILE = path.join(VOICE_ASSETS_DIR, 'manifest.json');
export const CLIP_LANGUAGES: readonly Language[] = ['zh-CN', 'en'];

const ClipEntry = z.object({
  /** Relative to `assets/voice/` (and to the renderer's folder after `voice/`). */
  file: z.string(),
  /** sha256 of the prompt text the clip was rendered from. */
  textSha256: z.string().regex(/^[0-9a-f]{64}$/),
  /** The engine that spoke it, as a command line with placeholders (espeak-ng unless a site brought its own). */
  engine: z.string(),
});
export type ClipEntry = z.infer<typeof ClipEntry>;

export const VoiceManifest = z.object({
  format: z.literal(1),
  /** language → prompt key → clip. */
  clips: z.record(z.string(), z.record(z.string(), ClipEntry)),
});
export type VoiceManifest = z.infer<typeof VoiceManifest>;

export function textSha256(text: string): string {
  return crypto.createHash('sha256').update(text, 'utf8').digest('hex');
}

/** The clip's path relative to `assets/voice/`: the renderer's URL without its `voice/` prefix. */
export function clipFile(language: Language, key: VoiceKey): string {
  return clipPath(language, key).replace(/^voice\//, '');
}

export interface WantedClip {
  readonly language: Language;
  readonly key: VoiceKey;
  readonly text: string;
  readonly file: string;
  readonly textSha256: string;
}

/** Every clip the prompt table asks for. */
export function wantedClips(): readonly WantedClip[] {
  return CLIP_LANGUAGES.flatMap((language) =>
    VOICE_KEYS.map((key) => {
      const text = voicePromptText(key, language);
      return { language, key, text, file: clipFile(language, key), textSha256: textSha256(text) };
    }),
  );
}

/** The manifest on disk; an empty one when there is none yet. A manifest that does not parse is an error, not a fresh start. */
export function readManifest(file = MANIFEST_FILE): VoiceManifest {
  if (!fs.existsSync(file)) return { format: 1, clips: {} };
  return VoiceManifest.parse(JSON.parse(fs.readFileSync(file, 'utf8')));
}

/** Why a wanted clip must be rendered again, or undefined when the one on disk still says its prompt. */
export function staleReason(wanted: WantedClip, manifest: VoiceManifest, dir = VOICE_ASSETS_DIR): 'noEntry' | 'textChanged' | 'fileMissing' | undefined {
  const entry = manifest.clips[wanted.language]?.[wanted.key];
  if (!entry) return 'noEntry';
  if (entry.textSha256 !== wanted.textSha256) return 'textChanged';
  if (entry.file !== wanted.file || !fs.existsSync(path.join(dir, entry.file))) return 'fileMissing';
  return undefined;
}

/**
 * The length of an Ogg Opus clip in seconds: the last page's granule position (48 kHz samples,
 * RFC 7845 §4) less the pre-skip the OpusHead declares.
 */
export function oggOpusSeconds(bytes: Buffer): number {
  const last = bytes.lastIndexOf('OggS');
  const head = bytes.indexOf('OpusHead');
  if (last < 0 || head < 0) return Number.NaN;
  const granule = Number(bytes.readBigUInt64LE(last + 6));
  const preSkip = bytes.readUInt16LE(head + 10);
  return (granule - preSkip) / 48_000;
}
