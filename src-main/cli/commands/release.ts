// `budayang admin sign-release`: signs release files offline (docs/release.md): the update
// manifests electron-builder writes (`latest.yml`, `latest-linux.yml`…) and the browser-shell
// tarball, each getting a detached `<file>.sig` beside it that kiosks check with their keyring.
import fs from 'node:fs';
import path from 'node:path';
import { loadAdminSigningKey } from '../../core/fleet/fleetKeys';
import { signReleaseFile } from '../../core/updates/releaseSignature';
import { parseCommandArgs } from '../args';
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

export const releaseCommands: readonly CliCommand[] = [signRelease];
