// `npm run release` (docs/release.md): builds what can be built on this machine — the browser-shell
// release (`budayang-<version>-browser-shell.tar.gz`: release.json, bin/, the built core, CLI and
// renderer, the profiles, and the production node_modules), its update manifest
// `latest-browser-shell.yml` (electron-builder's shape: version, the tarball's sha512 and size),
// and a detached Ed25519 signature of each (`.sig`, the format of `budayang admin sign-release`) —
// and checks electron-builder.yml without building Electron. The Electron installers are built on
// a networked build host (docs/release.md).
//   npm run release -- --key release-key.pem [--version 1.4.0] [--out release/] [--node-modules bundle|none]
import { spawnSync } from 'node:child_process';
import { builtinModules } from 'node:module';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { build as esbuild } from 'esbuild';
import yaml from 'js-yaml';
import { loadAdminSigningKey, type AdminSigningKey } from '../src-main/core/fleet/fleetKeys';
import { signReleaseFile } from '../src-main/core/updates/releaseSignature';
import { BROWSER_SHELL_MANIFEST } from '../src-main/core/updates/versionedInstaller';
import { RELEASE_INFO_NAME } from '../src-main/core/updates/versionedInstall';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const VERSION_PATTERN = /^\d+\.\d+\.\d+(-[0-9A-Za-z.-]+)?$/;

export interface ReleaseOptions {
  /** The admin key file that signs (a key the kiosks' keyring pins: `budayang admin keygen`). */
  readonly keyFile?: string;
  /** Or the key itself (tests sign with their platform's fleet key). */
  readonly signingKey?: AdminSigningKey;
  /** Default: package.json's version. */
  readonly version?: string;
  /** Default: `<repo>/release`. */
  readonly outDir?: string;
  /** `bundle` (default): the production node_modules go in the tarball; `none`: the install root provides them (docs/release.md). */
  readonly nodeModules?: 'bundle' | 'none';
  /** Tests only: changes the staged tree before it is packed (a release whose core crashes at start). */
  readonly patchStaged?: (dir: string) => void;
  readonly log?: (line: string) => void;
}

export interface BuiltRelease {
  readonly version: string;
  readonly tarball: string;
  readonly manifest: string;
  /** Every file to upload to the platform's release folder. */
  readonly files: readonly string[];
  readonly tarballBytes: number;
  readonly keyId: string;
}

/** What is wrong with electron-builder.yml for the Electron release (empty: nothing). */
export function checkElectronBuilderConfig(text: string): string[] {
  const problems: string[] = [];
  const config = yaml.load(text, { schema: yaml.CORE_SCHEMA }) as Record<string, unknown> | null;
  if (!config || typeof config !== 'object') return ['electron-builder.yml is not a YAML mapping'];
  for (const field of ['appId', 'productName', 'files', 'win', 'nsis', 'linux', 'deb', 'publish', 'electronFuses']) {
    if (config[field] === undefined) problems.push(`${field} is missing`);
  }
  const publish = config.publish as { provider?: unknown } | undefined;
  if (publish && publish.provider !== 'generic') problems.push(`publish.provider is ${String(publish.provider)}, not generic (kiosks are served by the platform's release folders)`);
  const fuses = (config.electronFuses ?? {}) as Record<string, unknown>;
  const wanted: Record<string, boolean> = { runAsNode: false, enableNodeOptionsEnvironmentVariable: false, enableNodeCliInspectArguments: false, enableCookieEncryption: true, enableEmbeddedAsarIntegrityValidation: true, onlyLoadAppFromAsar: true };
  for (const [fuse, value] of Object.entries(wanted)) {
    if (fuses[fuse] !== value) problems.push(`electronFuses.${fuse} must be ${value}`);
  }
  if (config.asar !== true) problems.push('asar must be true (the asar integrity fuse needs it)');
  return problems;
}

function copyTree(from: string, to: string, skip: (rel: string) => boolean = () => false): void {
  fs.cpSync(from, to, { recursive: true, verbatimSymlinks: true, filter: (src) => !skip(path.relative(from, src)) });
}

/** Package files a kiosk never loads, per package (paths relative to the package folder). */
const RUNTIME_SKIP: Record<string, (rel: string) => boolean> = {
  // SQLite's sources and the object files of the native build: only the .node file is loaded.
  'better-sqlite3': (rel) => rel === 'deps' || rel === 'src' || (rel.startsWith('build/') && rel !== 'build/Release' && rel !== 'build/Release/better_sqlite3.node'),
  // The receipt rasteriser loads the 400 Regular weight only (src-main/core/printing/escpos/glyphRasterizer.ts).
  '@expo-google-fonts/noto-sans-sc': (rel) => (/^\d00[A-Za-z]+$/.test(rel) && rel !== '400Regular') || rel.endsWith('.png'),
  // SumatraPDF.exe prints on Windows; the browser shell runs on Linux.
  'pdf-to-printer': (rel) => process.platform !== 'win32' && rel.endsWith('.exe'),
};
const ALWAYS_SKIP = (rel: string) => rel.endsWith('.map') || /(^|\/)(test|tests|__tests__|docs|example|examples|\.github)$/.test(rel) || /(^|\/)(README|CHANGELOG|HISTORY)(\.[a-z]+)?$/i.test(rel);

/** The folder `name` resolves to from `fromDir` (Node's lookup: nested node_modules, then upwards to the checkout's). */
function resolvePackageDir(name: string, fromDir: string): string | undefined {
  let dir = fromDir;
  for (;;) {
    const candidate = path.join(dir, 'node_modules', name);
    if (fs.existsSync(path.join(candidate, 'package.json'))) return candidate;
    if (path.resolve(dir) === ROOT || path.dirname(dir) === dir) return undefined;
    dir = path.dirname(dir);
  }
}

/**
 * The packages the built CLI and core load at run time: the bare imports esbuild left external,
 * and their dependency closure (dependencies, optional and installed peer dependencies). What the
 * renderer and console bundle (React, ECharts, the UI fonts) is in dist/ already and stays out.
 */
function runtimeModules(externalImports: ReadonlySet<string>): string[] {
  const found = new Set<string>();
  const queue: Array<{ name: string; from: string }> = [...externalImports].map((name) => ({ name, from: ROOT }));
  for (let item = queue.shift(); item; item = queue.shift()) {
    const dir = resolvePackageDir(item.name, item.from);
    if (!dir || found.has(dir)) continue;
    found.add(dir);
    const manifest = JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8')) as Record<string, Record<string, string> | undefined>;
    for (const deps of [manifest.dependencies, manifest.optionalDependencies, manifest.peerDependencies]) {
      for (const name of Object.keys(deps ?? {})) queue.push({ name, from: dir });
    }
  }
  // Top-level folders only: a nested node_modules comes with the package that holds it.
  const top = new Set<string>();
  for (const dir of found) {
    const rel = path.relative(path.join(ROOT, 'node_modules'), dir).split(path.sep);
    top.add(rel[0]!.startsWith('@') ? `${rel[0]}/${rel[1]}` : rel[0]!);
  }
  return [...top].sort();
}

/** The package name of a bare import (`pino`, `@fastify/static`, `fontkit/x` → `fontkit`). */
function packageOf(specifier: string): string | undefined {
  if (specifier.startsWith('node:') || specifier.startsWith('.') || specifier.startsWith('/')) return undefined;
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? `${parts[0]}/${parts[1]}` : parts[0];
}

/** Builds, packs and signs one browser-shell release. */
export async function buildBrowserShellRelease(options: ReleaseOptions): Promise<BuiltRelease> {
  const log = options.log ?? ((line: string) => process.stdout.write(`${line}\n`));
  const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as Record<string, unknown> & { version: string };
  const version = options.version ?? pkg.version;
  if (!VERSION_PATTERN.test(version)) throw new Error(`--version must be a semantic version, got ${version}`);
  const key = options.signingKey ? { ok: true as const, value: options.signingKey } : options.keyFile ? loadAdminSigningKey(options.keyFile) : { ok: false as const, error: 'no key given' };
  if (!key.ok) throw new Error(`the signing key: ${key.error} (make one with \`budayang admin keygen\`; its public key must be pinned by the kiosks)`);
  const problems = checkElectronBuilderConfig(fs.readFileSync(path.join(ROOT, 'electron-builder.yml'), 'utf8'));
  if (problems.length > 0) throw new Error(`electron-builder.yml: ${problems.join('; ')}`);
  log('checked electron-builder.yml (fields, generic publish provider, fuses)');
  if (!fs.existsSync(path.join(ROOT, 'dist', 'renderer', 'index.html'))) {
    log('dist/ missing: building');
    const built = spawnSync(process.execPath, [path.join(ROOT, 'scripts', 'build.mjs')], { cwd: ROOT, stdio: 'inherit' });
    if (built.status !== 0) throw new Error('npm run build failed');
  }

  const outDir = path.resolve(options.outDir ?? path.join(ROOT, 'release'));
  fs.mkdirSync(outDir, { recursive: true });
  const staging = fs.mkdtempSync(path.join(os.tmpdir(), `budayang-release-${version}-`));
  try {
    // What electron-builder.yml packs (dist, bin, kiosk-config, assets, package.json), without source maps.
    const noMaps = (rel: string) => rel.endsWith('.map');
    copyTree(path.join(ROOT, 'bin'), path.join(staging, 'bin'));
    copyTree(path.join(ROOT, 'kiosk-config'), path.join(staging, 'kiosk-config'), (rel) => rel.endsWith('.ts'));
    copyTree(path.join(ROOT, 'assets'), path.join(staging, 'assets'));
    // The watchdog unit a technician enables once (docs/release.md, "On a new kiosk").
    copyTree(path.join(ROOT, 'build', 'linux', 'systemd'), path.join(staging, 'build', 'linux', 'systemd'));
    for (const part of ['renderer', 'console']) copyTree(path.join(ROOT, 'dist', part), path.join(staging, 'dist', part), noMaps);
    // The CLI and core again, with this release's version built in (the version the kiosk reports).
    const cliBuild = await esbuild({
      entryPoints: { main: path.join(ROOT, 'src-main', 'cli', 'main.ts') },
      outdir: path.join(staging, 'dist', 'cli'),
      outExtension: { '.js': '.mjs' },
      splitting: true,
      chunkNames: 'chunks/[name]-[hash]',
      bundle: true,
      platform: 'node',
      target: 'node20',
      format: 'esm',
      packages: 'external',
      define: { __BUDAYANG_VERSION__: JSON.stringify(version) },
      banner: { js: "import { createRequire as __budayangRequire } from 'node:module'; const require = __budayangRequire(import.meta.url);" },
      metafile: true,
      logLevel: 'warning',
    });
    const external = new Set<string>();
    for (const output of Object.values(cliBuild.metafile.outputs)) {
      for (const imported of output.imports) {
        const name = imported.external ? packageOf(imported.path) : undefined;
        // electron and electron-updater are the Electron shell's, never loaded by the browser shell.
        if (name && !builtinModules.includes(name) && name !== 'electron' && name !== 'electron-updater') external.add(name);
      }
    }
    const { devDependencies: _dev, scripts: _scripts, ...runtimePackage } = pkg;
    fs.writeFileSync(path.join(staging, 'package.json'), `${JSON.stringify({ ...runtimePackage, version }, null, 2)}\n`);
    const commit = spawnSync('git', ['rev-parse', 'HEAD'], { cwd: ROOT, encoding: 'utf8' }).stdout.trim();
    fs.writeFileSync(path.join(staging, RELEASE_INFO_NAME), `${JSON.stringify({ version, kind: 'browser-shell', commit: commit || null, node: process.versions.node, platform: `${process.platform}-${process.arch}`, nodeModules: options.nodeModules ?? 'bundle' }, null, 2)}\n`);
    if ((options.nodeModules ?? 'bundle') === 'bundle') {
      const modules = runtimeModules(external);
      for (const name of modules) {
        const skip = RUNTIME_SKIP[name];
        copyTree(path.join(ROOT, 'node_modules', name), path.join(staging, 'node_modules', name), (rel) => ALWAYS_SKIP(rel) || (skip?.(rel) ?? false));
      }
      log(`bundled the ${modules.length} packages the core and CLI load (native modules built for node ${process.versions.node} ${process.platform}-${process.arch})`);
    }
    options.patchStaged?.(staging);

    const tarName = `budayang-${version}-browser-shell.tar.gz`;
    const tarball = path.join(outDir, tarName);
    // Reproducible: sorted names, no owners, one timestamp (the commit's, else now).
    const epoch = Number(spawnSync('git', ['log', '-1', '--format=%ct'], { cwd: ROOT, encoding: 'utf8' }).stdout.trim()) || Math.floor(Date.now() / 1000);
    const tar = spawnSync('tar', ['--sort=name', '--owner=0', '--group=0', '--numeric-owner', `--mtime=@${epoch}`, '-czf', tarball, '-C', staging, '.'], { encoding: 'utf8' });
    if (tar.status !== 0) throw new Error(`tar failed: ${tar.stderr || tar.error?.message}`);
    const bytes = fs.readFileSync(tarball);
    const sha512 = crypto.createHash('sha512').update(bytes).digest('base64');
    const manifest = path.join(outDir, BROWSER_SHELL_MANIFEST);
    fs.writeFileSync(manifest, yaml.dump({ version, files: [{ url: tarName, sha512, size: bytes.byteLength }], path: tarName, sha512, releaseDate: new Date().toISOString() }));
    for (const file of [tarball, manifest]) {
      fs.writeFileSync(`${file}.sig`, `${JSON.stringify(signReleaseFile(path.basename(file), fs.readFileSync(file), key.value), null, 2)}\n`);
    }
    log(`${tarName}: ${(bytes.byteLength / 1024 / 1024).toFixed(1)} MB, signed with key ${key.value.keyId}`);
    return { version, tarball, manifest, files: [tarball, `${tarball}.sig`, manifest, `${manifest}.sig`], tarballBytes: bytes.byteLength, keyId: key.value.keyId };
  } finally {
    fs.rmSync(staging, { recursive: true, force: true });
  }
}

async function main(): Promise<number> {
  const { values } = parseArgs({ options: { key: { type: 'string' }, version: { type: 'string' }, out: { type: 'string' }, 'node-modules': { type: 'string' } }, strict: true });
  const keyFile = values.key ?? process.env.BUDAYANG_RELEASE_KEY;
  if (!keyFile) {
    process.stderr.write('npm run release: a signing key is required: npm run release -- --key FILE (or $BUDAYANG_RELEASE_KEY); make one with `budayang admin keygen` and pin its public key in the kiosks\' profile (fleet.adminKeys)\n');
    return 2;
  }
  const nodeModules = values['node-modules'] ?? 'bundle';
  if (nodeModules !== 'bundle' && nodeModules !== 'none') {
    process.stderr.write(`--node-modules must be bundle or none, got ${nodeModules}\n`);
    return 2;
  }
  const built = await buildBrowserShellRelease({ keyFile, ...(values.version ? { version: values.version } : {}), ...(values.out ? { outDir: values.out } : {}), nodeModules });
  process.stdout.write(`release ${built.version} ready; publish it:\n  budayang admin publish-release --platform URL --token-file FILE --version ${built.version} ${built.files.map((f) => path.relative(process.cwd(), f)).join(' ')}\n`);
  return 0;
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  main().then(
    (code) => (process.exitCode = code),
    (e: unknown) => {
      process.stderr.write(`npm run release: ${(e as Error).message}\n`);
      process.exitCode = 1;
    },
  );
}
