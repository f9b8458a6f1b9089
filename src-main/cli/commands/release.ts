// `budayang admin sign-release`: signs release files offline (docs/release.md): the update
// manifests electron-builder writes (`latest.yml`, `latest-linux.yml`…) and the browser-shell
// tarball, each getting a detached `<file>.sig` beside it that kiosks check with their keyring.
// `budayang admin publish-release`: uploads a release folder's files to a platform and publishes it.
import fs from 'node:fs';
import path from 'node:path';
import { loadAdminSigningKey } from '../../core/fleet/fleetKeys';
import { signReleaseFile } from '../../core/updates/releaseSignature';
import { z } from 'zod';
import { parseCommandArgs } from '../args';
import { describeAdminFailure, platformAdminFrom } from '../platformAdmin';
import { println, type CliCommand } from '../command';

const signRelease: CliCommand = {
  path: ['admin', 'sign-release'],
  summary: 'Signs release files (update manifests, the browser-shell tarball) with an admin key: writes FILE.sig beside each.',
  usage: '--key FILE FILE… [--json]',
  async run(args, ctx) {
    const parsed = parseCommandArgs(args, { key: { type: 'string' }, json: { type: 'boolean' } }, true);
    if (!parsed.ok || !parsed.value.values.key || parsed.value.positionals.length === 0) {
      println(ctx.stderr, `budayang admin sign-release: ${parsed.ok ? '--key FILE and at least one file to sign are required' : parsed.error}`);
      return 2;
    }
    const key = loadAdminSigningKey(parsed.value.values.key as string);
    if (!key.ok) {
      println(ctx.stderr, `budayang admin sign-release: ${key.error}`);
      return 1;
    }
    const signed: { file: string; sig: string; sha256: string }[] = [];
    for (const file of parsed.value.positionals) {
      let bytes: Buffer;
      try {
        bytes = fs.readFileSync(file);
      } catch (e) {
        println(ctx.stderr, `budayang admin sign-release: cannot read ${file}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
        return 1;
      }
      const signature = signReleaseFile(path.basename(file), bytes, key.value);
      fs.writeFileSync(`${file}.sig`, `${JSON.stringify(signature, null, 2)}\n`);
      signed.push({ file: path.resolve(file), sig: path.resolve(`${file}.sig`), sha256: signature.sha256 });
    }
    if (parsed.value.values.json) println(ctx.stdout, JSON.stringify({ keyId: key.value.keyId, signed }));
    else for (const s of signed) println(ctx.stdout, `signed ${path.basename(s.file)} with key ${key.value.keyId} → ${s.sig}`);
    return 0;
  },
};

/** A semantic version as the platform's release folders take it. */
const APP_VERSION = /^\d+\.\d+\.\d+(-[0-9A-Za-z.-]+)?$/;

const publishRelease: CliCommand = {
  path: ['admin', 'publish-release'],
  summary: 'Uploads the files of a release (tarball or installers, update manifests, their .sig) to a platform and publishes it; prints the release number an app rollout names.',
  usage: '--platform URL (--token TOKEN | --token-file FILE) --version V FILE… [--json]',
  async run(args, ctx) {
    const parsed = parseCommandArgs(args, { platform: { type: 'string' }, token: { type: 'string' }, 'token-file': { type: 'string' }, version: { type: 'string' }, json: { type: 'boolean' } }, true);
    if (!parsed.ok) {
      println(ctx.stderr, `budayang admin publish-release: ${parsed.error}`);
      return 2;
    }
    const values = parsed.value.values;
    const version = values.version as string | undefined;
    const files = parsed.value.positionals;
    if (!version || !APP_VERSION.test(version) || files.length === 0) {
      println(ctx.stderr, 'budayang admin publish-release: --version V (a semantic version) and the release files are required');
      return 2;
    }
    const admin = platformAdminFrom(values as { platform?: string; token?: string; 'token-file'?: string }, ctx.env);
    if (!admin.ok) {
      println(ctx.stderr, `budayang admin publish-release: ${admin.error}`);
      return 2;
    }
    for (const file of files) {
      let bytes: Buffer;
      try {
        bytes = fs.readFileSync(file);
      } catch (e) {
        println(ctx.stderr, `budayang admin publish-release: cannot read ${file}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
        return 1;
      }
      const name = path.basename(file);
      const stored = await admin.value.request('PUT', `/admin/releases/${encodeURIComponent(version)}/files/${encodeURIComponent(name)}`, new Uint8Array(bytes), z.object({ name: z.string(), size: z.number(), sha256: z.string() }));
      if (!stored.ok) {
        println(ctx.stderr, `budayang admin publish-release: upload of ${name}: ${describeAdminFailure(stored.error)}`);
        return 1;
      }
      if (!values.json) println(ctx.stdout, `uploaded ${name} (${stored.value.size} bytes, sha256 ${stored.value.sha256.slice(0, 16)}…)`);
    }
    const published = await admin.value.request('POST', `/admin/releases/${encodeURIComponent(version)}/publish`, undefined, z.object({ appVersion: z.string(), release: z.number().int() }).passthrough());
    if (!published.ok) {
      println(ctx.stderr, `budayang admin publish-release: publish: ${describeAdminFailure(published.error)}`);
      return 1;
    }
    if (values.json) println(ctx.stdout, JSON.stringify(published.value));
    else println(ctx.stdout, `published ${version} as release ${published.value.release}; roll it out: budayang admin rollout create --kind app --version ${published.value.release} …`);
    return 0;
  },
};

export const releaseCommands: readonly CliCommand[] = [signRelease, publishRelease];
