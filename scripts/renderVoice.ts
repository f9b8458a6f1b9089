// Renders every voice prompt (`src-renderer/i18n/voice.ts`) to a clip the kiosk plays where the OS
// has no voice for the language: `assets/voice/<lang>/<key>.ogg` (Ogg Opus, 16 kbit/s speech, mono)
// and `assets/voice/manifest.json`. Only clips whose prompt text changed (or that are missing) are
// rendered again. Offline: Debian's espeak-ng speaks, opus-tools' opusenc compresses.
//   npm run voice                       # what changed, with espeak-ng
//   npm run voice -- --force            # everything again
//   npm run voice -- --engine 'my-tts --voice {lang} --wav {out} {text}'   # a better engine's WAV
// The engine template is split on spaces into arguments (no shell: the text is one argument as it
// is); `{text}`, `{out}` (a WAV file to write) and `{lang}` (zh-CN, en) are replaced in each.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import type { Language } from '../src-renderer/i18n';
import { MANIFEST_FILE, readManifest, staleReason, VOICE_ASSETS_DIR, wantedClips, type VoiceManifest, type WantedClip } from './voiceClips';

/** espeak-ng's voices for the kiosk's languages: Mandarin, and American English. */
const ESPEAK_VOICE: Readonly<Record<Language, string>> = { 'zh-CN': 'cmn', en: 'en-us' };
/** A little slower than espeak-ng's 175 words a minute: the kiosk speaks to older people first. */
export const ESPEAK_ENGINE = 'espeak-ng -v {espeakVoice} -s 150 -w {out} {text}';
/** Speech at 16 kbit/s mono: clear words, about 2 KB a second, so the committed clips stay small. */
const OPUSENC_ARGS = ['--quiet', '--speech', '--bitrate', '16', '--downmix-mono', '--discard-comments'];

/** The engine command for one clip: the template's arguments with their placeholders filled. */
export function engineCommand(template: string, clip: { readonly language: Language; readonly text: string }, out: string): readonly string[] {
  const words = template.trim().split(/\s+/);
  return words.map((word) =>
    word
      .replaceAll('{text}', clip.text)
      .replaceAll('{out}', out)
      .replaceAll('{lang}', clip.language)
      .replaceAll('{espeakVoice}', ESPEAK_VOICE[clip.language]),
  );
}

/** A fixed Ogg stream serial per clip, so rendering the same text twice gives the same bytes. */
function serialOf(clip: WantedClip): string {
  return String(Number.parseInt(clip.textSha256.slice(0, 7), 16));
}

function run(argv: readonly string[]): { readonly ok: true } | { readonly ok: false; readonly why: string } {
  const [command, ...args] = argv;
  if (!command) return { ok: false, why: 'empty engine command' };
  const result = spawnSync(command, args, { encoding: 'utf8' });
  if (result.error) return { ok: false, why: `${command}: ${result.error.message}` };
  if (result.status !== 0) return { ok: false, why: `${command} exited ${result.status}: ${result.stderr.trim().slice(0, 400)}` };
  return { ok: true };
}

/** Renders one clip into `outDir` (the committed assets unless told otherwise), through a WAV in `workDir`. */
export function renderClip(clip: WantedClip, engine: string, workDir: string, outDir = VOICE_ASSETS_DIR): { readonly ok: true } | { readonly ok: false; readonly why: string } {
  const wav = path.join(workDir, `${clip.language}-${clip.key}.wav`);
  const spoken = run(engineCommand(engine, clip, wav));
  if (!spoken.ok) return spoken;
  if (!fs.existsSync(wav) || fs.statSync(wav).size === 0) return { ok: false, why: `the engine wrote no audio to ${wav}` };
  const out = path.join(outDir, clip.file);
  fs.mkdirSync(path.dirname(out), { recursive: true });
  // Written beside the clip and renamed over it: an interrupted run never leaves half a clip.
  const partial = `${out}.partial`;
  const encoded = run(['opusenc', ...OPUSENC_ARGS, '--serial', serialOf(clip), wav, partial]);
  if (!encoded.ok) return encoded;
  fs.renameSync(partial, out);
  return { ok: true };
}

function writeManifest(manifest: VoiceManifest): void {
  const sorted: VoiceManifest = {
    format: 1,
    clips: Object.fromEntries(
      Object.keys(manifest.clips)
        .sort()
        .map((language) => [language, Object.fromEntries(Object.entries(manifest.clips[language] ?? {}).sort(([a], [b]) => a.localeCompare(b)))]),
    ),
  };
  fs.writeFileSync(`${MANIFEST_FILE}.partial`, `${JSON.stringify(sorted, null, 2)}\n`);
  fs.renameSync(`${MANIFEST_FILE}.partial`, MANIFEST_FILE);
}

function main(): number {
  const { values } = parseArgs({ options: { engine: { type: 'string' }, force: { type: 'boolean', default: false } } });
  const engine = values.engine ?? ESPEAK_ENGINE;
  const manifest = readManifest();
  const wanted = wantedClips();
  const todo = wanted.filter((clip) => values.force || staleReason(clip, manifest) !== undefined);
  const workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'budayang-voice-'));
  let failed = 0;
  try {
    for (const clip of todo) {
      const rendered = renderClip(clip, engine, workDir);
      if (!rendered.ok) {
        failed += 1;
        process.stderr.write(`voice: ${clip.language}/${clip.key}: ${rendered.why}\n`);
        continue;
      }
      const clips = (manifest.clips[clip.language] ??= {});
      clips[clip.key] = { file: clip.file, textSha256: clip.textSha256, engine };
      // The manifest after every clip: a run stopped halfway keeps what it finished.
      writeManifest(manifest);
    }
  } finally {
    fs.rmSync(workDir, { recursive: true, force: true });
  }
  // Prompts removed from the table: their clips and entries go too.
  const keep = new Set(wanted.map((clip) => `${clip.language}/${clip.key}`));
  for (const [language, clips] of Object.entries(manifest.clips)) {
    for (const [key, entry] of Object.entries(clips)) {
      if (keep.has(`${language}/${key}`)) continue;
      fs.rmSync(path.join(VOICE_ASSETS_DIR, entry.file), { force: true });
      delete clips[key];
    }
  }
  writeManifest(manifest);
  const bytes = wanted.reduce((sum, clip) => sum + (fs.existsSync(path.join(VOICE_ASSETS_DIR, clip.file)) ? fs.statSync(path.join(VOICE_ASSETS_DIR, clip.file)).size : 0), 0);
  process.stdout.write(`voice: ${todo.length - failed} rendered, ${wanted.length - todo.length} unchanged, ${failed} failed; ${wanted.length} clips, ${(bytes / 1024).toFixed(0)} KiB\n`);
  return failed === 0 ? 0 : 1;
}

// Run as a script (not when the tests or the bench import its functions).
if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) process.exitCode = main();
