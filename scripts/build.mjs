// Builds the renderer and the fleet console (Vite), the CLI/core bundle (esbuild, node packages left external) and the
// Electron main/preload (CommonJS, as Electron loads them). `--if-missing` skips a build whose
// output already exists (used by `prepare`, so `npm install` leaves a runnable checkout).
import { build as esbuild } from 'esbuild';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build as viteBuild } from 'vite';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const dist = path.join(root, 'dist');
const ifMissing = process.argv.includes('--if-missing');
const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));
const define = { __BUDAYANG_VERSION__: JSON.stringify(pkg.version) };

if (ifMissing && fs.existsSync(path.join(dist, 'cli', 'main.mjs')) && fs.existsSync(path.join(dist, 'renderer', 'index.html')) && fs.existsSync(path.join(dist, 'console', 'index.html'))) {
  process.stdout.write('build: dist/ present, skipped (run `npm run build` to rebuild)\n');
  process.exit(0);
}

const started = Date.now();
fs.rmSync(path.join(dist, 'cli'), { recursive: true, force: true });
await viteBuild({ configFile: path.join(root, 'vite.config.ts'), logLevel: 'warn' });
// The fleet console, served by the platform under /console/ (platform/console, docs/console.md).
await viteBuild({ configFile: path.join(root, 'platform', 'console', 'vite.config.ts'), logLevel: 'warn' });

await esbuild({
  entryPoints: { main: path.join(root, 'src-main', 'cli', 'main.ts') },
  outdir: path.join(dist, 'cli'),
  outExtension: { '.js': '.mjs' },
  // Dynamic imports become chunks, so a command loads only what it uses (the shell supervisor
  // does not load the core; the core loads PDF and platform code only when it needs them).
  splitting: true,
  chunkNames: 'chunks/[name]-[hash]',
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'esm',
  packages: 'external',
  sourcemap: true,
  define,
  // import.meta.url must keep pointing at dist/ for the config and asset lookups.
  banner: { js: "import { createRequire as __budayangRequire } from 'node:module'; const require = __budayangRequire(import.meta.url);" },
  logLevel: 'warning',
});

for (const [entry, out] of [
  ['main.ts', 'main.cjs'],
  ['preload.ts', 'preload.cjs'],
]) {
  await esbuild({
    entryPoints: [path.join(root, 'src-main', 'shell', 'electron', entry)],
    outfile: path.join(dist, 'shell', 'electron', out),
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    // electron-updater is a runtime dependency the packaged app loads from its node_modules.
    external: ['electron', 'electron-updater'],
    define,
    logLevel: 'warning',
  });
}
process.stdout.write(`build: renderer, fleet console, cli and electron shell in ${Date.now() - started} ms\n`);
