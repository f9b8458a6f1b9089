// `budayang platform serve --port N --data DIR`: runs the reference central platform (the global
// `--data` is the platform's own data directory here) until interrupted.
import path from 'node:path';
import { createPlatformServer } from '../../../platform/server/createPlatformServer';
import { intOption, parseCommandArgs } from '../args';
import { println, type CliCommand } from '../command';

const serve: CliCommand = {
  path: ['platform', 'serve'],
  summary: 'Runs the reference central platform (events, heartbeats, provisioning, signed config).',
  usage: '--port N [--host HOST] [--admin-token TOKEN] [--data DIR]',
  async run(args, ctx) {
    const parsed = parseCommandArgs(args, { port: { type: 'string' }, host: { type: 'string' }, 'admin-token': { type: 'string' } });
    if (!parsed.ok) {
      println(ctx.stderr, `budayang platform serve: ${parsed.error}`);
      return 2;
    }
    const port = intOption(parsed.value.values.port, 'port', 8787);
    if (!port.ok) {
      println(ctx.stderr, `budayang platform serve: ${port.error}`);
      return 2;
    }
    const token = parsed.value.values['admin-token'];
    const server = await createPlatformServer({ dataDir: ctx.dataDir, port: port.value, host: parsed.value.values.host ?? '127.0.0.1', ...(token ? { adminToken: token } : {}) });
    println(ctx.stdout, `platform listening on ${server.url}`);
    println(ctx.stdout, `admin token: ${token ? '(as given)' : path.join(ctx.dataDir, 'admin-token')}`);
    println(ctx.stdout, `one-time provisioning code: ${server.createProvisioningCode()}`);
    await new Promise<void>((resolve) => {
      if (ctx.signal.aborted) resolve();
      ctx.signal.addEventListener('abort', () => resolve(), { once: true });
    });
    await server.close();
    return 0;
  },
};

export const platformCommands: readonly CliCommand[] = [serve];
