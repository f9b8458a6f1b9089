import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig, type Plugin } from 'vite';

const pkg = JSON.parse(readFileSync(new URL('./package.json', import.meta.url), 'utf8')) as { version: string };

/**
 * Ships the pre-rendered voice clips (`assets/voice/<lang>/<key>.ogg`, `npm run voice`) beside
 * index.html as `voice/<lang>/<key>.ogg`, where the renderer's voice seam looks for them.
 */
function voiceClips(): Plugin {
  const dir = fileURLToPath(new URL('./assets/voice', import.meta.url));
  return {
    name: 'budayang-voice-clips',
    apply: 'build',
    generateBundle() {
      for (const language of readdirSync(dir, { withFileTypes: true }).filter((entry) => entry.isDirectory())) {
        for (const file of readdirSync(path.join(dir, language.name)).filter((name) => name.endsWith('.ogg'))) {
          this.emitFile({ type: 'asset', fileName: `voice/${language.name}/${file}`, source: readFileSync(path.join(dir, language.name, file)) });
        }
      }
    },
  };
}

export default defineConfig({
  root: 'src-renderer',
  base: './',
  plugins: [react(), voiceClips()],
  define: { __BUDAYANG_VERSION__: JSON.stringify(pkg.version) },
  build: {
    outDir: '../dist/renderer',
    emptyOutDir: true,
    target: 'chrome120',
    reportCompressedSize: false,
    chunkSizeWarningLimit: 800,
  },
});
