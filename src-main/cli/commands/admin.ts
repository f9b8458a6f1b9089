// `budayang admin keygen|sign|hash-pin`: an admin's offline tools (docs/fleet.md). A security
// officer creates an Ed25519 key pair once, has kiosks pin its public half, and signs config and
// catalog bundles on a machine the platform never touches; the platform only serves what was
// signed. Technician PINs enter that config as scrypt hashes only (docs/technicians.md).
import fs from 'node:fs';
import path from 'node:path';
import { BundleKind } from '../../../src-common/wire/bundle';
import { hashTechnicianPin, technicianPinWeakness } from '../../core/diagnostics/technicianPin';
import { generateAdminKey, loadAdminSigningKey, signBundle } from '../../core/fleet/fleetKeys';
import { intOption, parseCommandArgs } from '../args';
import { println, type CliCommand, type CliContext } from '../command';
import { readNewPassword } from '../readSecret';

export const PRIVATE_KEY_FILE = 'admin-key.pem';
export const PUBLIC_KEY_FILE = 'admin-key.pub.json';

const keygen: CliCommand = {
  path: ['admin', 'keygen'],
  summary: 'Creates an Ed25519 admin key pair in DIR: admin-key.pem (private, 0600; keep it offline) and admin-key.pub.json (keyId, publicKey: what kiosks pin).',
  usage: '--out DIR [--json]',
  async run(args, ctx) {
    const parsed = parseCommandArgs(args, { out: { type: 'string' }, json: { type: 'boolean' } });
    if (!parsed.ok || !parsed.value.values.out) return usageError(ctx, 'keygen', parsed.ok ? '--out DIR is required' : parsed.error);
    const dir = path.resolve(parsed.value.values.out);
    const privateFile = path.join(dir, PRIVATE_KEY_FILE);
    const publicFile = path.join(dir, PUBLIC_KEY_FILE);
    if (fs.existsSync(privateFile)) {
      println(ctx.stderr, `budayang admin keygen: ${privateFile} exists; refusing to overwrite a key (move it away first)`);
      return 1;
    }
    const { privateKeyPem, key } = generateAdminKey();
    fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
    fs.writeFileSync(privateFile, privateKeyPem, { mode: 0o600, flag: 'wx' });
    fs.writeFileSync(publicFile, `${JSON.stringify({ keyId: key.keyId, publicKey: key.publicKey }, null, 2)}\n`, { mode: 0o644 });
    if (parsed.value.values.json) println(ctx.stdout, JSON.stringify({ keyId: key.keyId, publicKey: key.publicKey, privateKeyFile: privateFile, publicKeyFile: publicFile }));
    else {
      println(ctx.stdout, `key ${key.keyId}`);
      println(ctx.stdout, `  private: ${privateFile} (0600: keep it offline)`);
      println(ctx.stdout, `  public:  ${publicFile}`);
      println(ctx.stdout, `pin it on kiosks with the profile's fleet.adminKeys: [{ "publicKey": "${key.publicKey}" }], or announce it in a config bundle signed by a key they trust`);
    }
    return 0;
  },
};

const sign: CliCommand = {
  path: ['admin', 'sign'],
  summary: 'Signs a payload JSON file as a config or catalog bundle (RFC 8785 canonical JSON, Ed25519).',
  usage: '--key FILE --kind config|catalog --version N --in payload.json --out bundle.json [--json]',
  async run(args, ctx) {
    const parsed = parseCommandArgs(args, { key: { type: 'string' }, kind: { type: 'string' }, version: { type: 'string' }, in: { type: 'string' }, out: { type: 'string' }, json: { type: 'boolean' } });
    if (!parsed.ok) return usageError(ctx, 'sign', parsed.error);
    const v = parsed.value.values;
    const missing = (['key', 'kind', 'version', 'in', 'out'] as const).filter((name) => !v[name]);
    if (missing.length > 0) return usageError(ctx, 'sign', `${missing.map((m) => `--${m}`).join(', ')} required`);
    const kind = BundleKind.safeParse(v.kind);
    if (!kind.success) return usageError(ctx, 'sign', `--kind must be config or catalog, got "${v.kind}"`);
    const version = intOption(v.version, 'version');
    if (!version.ok || version.value < 1) return usageError(ctx, 'sign', version.ok ? '--version must be at least 1' : version.error);
    const key = loadAdminSigningKey(v.key!);
    if (!key.ok) return failure(ctx, key.error);
    let payload: unknown;
    try {
      payload = JSON.parse(fs.readFileSync(v.in!, 'utf8'));
    } catch (e) {
      return failure(ctx, `cannot read the payload ${v.in}: ${(e as Error).message}`);
    }
    const bundle = signBundle(kind.data, version.value, payload, key.value);
    if (!bundle.ok) return failure(ctx, bundle.error);
    fs.writeFileSync(v.out!, `${JSON.stringify(bundle.value, null, 2)}\n`);
    if (v.json) println(ctx.stdout, JSON.stringify({ kind: kind.data, version: version.value, keyId: key.value.keyId, out: path.resolve(v.out!) }));
    else println(ctx.stdout, `signed ${kind.data} v${version.value} with key ${key.value.keyId} → ${v.out}`);
    return 0;
  },
};

const hashPin: CliCommand = {
  path: ['admin', 'hash-pin'],
  summary: "Prints a technician PIN's scrypt hash for signed config (diagnostics.technicians[].pinHash or diagnostics.technicianPinHash); the PIN is typed twice with echo off, or piped on stdin.",
  usage: '',
  async run(args, ctx) {
    const parsed = parseCommandArgs(args, {});
    if (!parsed.ok) return usageError(ctx, 'hash-pin', parsed.error);
    const read = await readNewPassword(process.stdin, ctx.stderr, 'PIN');
    if (!read.ok) return usageError(ctx, 'hash-pin', read.error);
    const weakness = technicianPinWeakness(read.value);
    if (weakness) return usageError(ctx, 'hash-pin', `PIN refused (${weakness})`);
    println(ctx.stdout, hashTechnicianPin(read.value));
    return 0;
  },
};

function usageError(ctx: CliContext, command: string, message: string): number {
  println(ctx.stderr, `budayang admin ${command}: ${message}`);
  return 2;
}

function failure(ctx: CliContext, message: string): number {
  println(ctx.stderr, `budayang admin sign: ${message}`);
  return 1;
}

export const adminCommands: readonly CliCommand[] = [keygen, sign, hashPin];
